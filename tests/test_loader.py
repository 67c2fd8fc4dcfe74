"""The loader reports every class of problem at its exact line and column."""

from __future__ import annotations

import textwrap

import pytest

from deliverychain.errors import ChainError
from deliverychain.model.loading import check_text, load, loads

VALID = """\
chain:
  id: mini
  title: Mini chain
  intent: Faster diagnosis of cancer
  owner: dhsc
sources:
  - id: nao-2005
    title: NAO progress report
    url: https://www.nao.org.uk/
actors:
  - id: dhsc
    name: Department of Health and Social Care
    tier: government
    kind: department
  - id: nurse
    name: Practice nurse
    tier: frontline
    kind: practice-nurse
    roles: [practice]
links:
  - from: dhsc
    to: nurse
    kind: mandate
    carries: [targets]
    strength: weak
    evidence: [nao-2005]
"""


def problems(text: str) -> list[tuple[str, int, int, str]]:
    """(rule id, line, column, message) of every problem in `text`."""
    result = check_text(textwrap.dedent(text), "chain.yaml")
    assert result.chain is None, "expected the chain to be invalid"
    return [(p.rule_id, p.location.line, p.location.column, p.message) for p in result.problems]


def only(text: str) -> tuple[str, int, int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_valid_chain_loads_with_typed_fields():
    chain = loads(VALID, "chain.yaml")
    assert [a.id for a in chain.actors] == ["dhsc", "nurse"]
    assert chain.links[0].source == "dhsc" and chain.links[0].target == "nurse"
    assert chain.links[0].strength == "weak"
    assert chain.links[0].key == "dhsc->nurse:mandate"
    assert chain.tiers[0] == "government" and chain.tiers[-1] == "public"


def test_unclosed_bracket_points_at_where_it_opens():
    result = check_text(replace("    kind: mandate\n", "    kind: [mandate\n"), "chain.yaml")
    (problem,) = result.problems
    assert (problem.rule_id, problem.location.line, problem.location.column) == ("DC002", 23, 11)
    assert "not closed" in problem.message
    assert problem.related[0].location.line == 24  # where the parser noticed


def test_syntax_error_points_at_the_line():
    rule, line, column, message = only(replace("    kind: mandate\n", "    kind: mandate\n   bad: indent\n"))
    assert (rule, line, column) == ("DC002", 24, 1)  # the indentation of the stray key
    assert message == "this line is indented 3 spaces; the lines around it use 4"


def test_tab_indentation_is_a_syntax_error_with_a_hint():
    result = check_text(VALID.replace("  - id: dhsc", "\t- id: dhsc"), "chain.yaml")
    assert result.problems[0].rule_id == "DC002"
    assert result.problems[0].location.line == 11
    assert "tab" in result.problems[0].hint


def test_duplicate_keys_reported_at_both_places():
    found = problems(replace("    kind: department\n", "    kind: department\n    name: DHSC\n"))
    duplicates = sorted((line, column) for rule, line, column, _ in found if rule == "DC003")
    assert duplicates == [(12, 5), (15, 5)]


def test_unknown_key_with_did_you_mean():
    result = check_text(replace("    strength: weak\n", "    strenght: weak\n"), "chain.yaml")
    (problem,) = result.problems
    assert (problem.rule_id, problem.location.line, problem.location.column) == ("DC006", 25, 5)
    assert problem.message == "unknown key 'strenght' in link"
    assert problem.hint == "did you mean 'strength'?"


def test_wrong_type_list_written_as_text():
    result = check_text(replace("carries: [targets]", "carries: targets, metrics"), "chain.yaml")
    (problem,) = result.problems
    assert (problem.rule_id, problem.location.line, problem.location.column) == ("DC008", 24, 14)
    assert problem.hint == "write a list in brackets: [targets, metrics]"


def test_value_outside_vocabulary_lists_allowed_terms():
    result = check_text(replace("strength: weak", "strength: medium"), "chain.yaml")
    (problem,) = result.problems
    assert (problem.rule_id, problem.location.line, problem.location.column) == ("DC009", 25, 15)
    assert "'medium' is not a known link strength" in problem.message
    assert "strong, adequate, weak, broken, missing, planned, unknown" in problem.hint


def test_misspelt_term_gets_did_you_mean():
    result = check_text(replace("kind: mandate", "kind: performance management"), "chain.yaml")
    (problem,) = result.problems
    assert problem.rule_id == "DC009"
    assert problem.hint.startswith("did you mean 'performance-management'?")


def test_unknown_tier_suggests_the_nearest():
    rule, line, column, message = only(replace("tier: government", "tier: goverment"))
    assert (rule, line, column) == ("DC009", 13, 11)
    assert "'goverment' is not a tier" in message


def test_custom_carries_term_with_x_prefix_is_accepted():
    chain = loads(replace("carries: [targets]", "carries: [targets, x-referral-forms]"))
    assert chain.links[0].carries == ["targets", "x-referral-forms"]


def test_missing_field_points_at_the_parent_block():
    rule, line, column, message = only(replace("    tier: frontline\n", ""))
    assert (rule, line, column) == ("DC007", 15, 5)
    assert message == "actor is missing required field 'tier'"


def test_duplicate_ids_point_at_the_second_with_the_first_related():
    result = check_text(replace("  - id: nurse\n", "  - id: dhsc\n").replace("to: nurse", "to: dhsc"),
                        "chain.yaml")
    (problem,) = result.problems
    assert (problem.rule_id, problem.location.line, problem.location.column) == ("DC011", 15, 9)
    assert problem.related[0].location.line == 11


def test_unknown_references_in_links_owner_and_evidence():
    text = replace("to: nurse", "to: nurze").replace("owner: dhsc", "owner: dhcs")
    text = text.replace("evidence: [nao-2005]", "evidence: [nao-2006]")
    found = [(rule, line, column) for rule, line, column, _ in problems(text)]
    assert found == [("DC012", 5, 10), ("DC012", 22, 9), ("DC012", 26, 16)]
    result = check_text(text, "chain.yaml")
    assert result.problems[1].hint == "did you mean 'nurse'?"


def test_invalid_id_suggests_a_slug():
    text = replace("  - id: nurse\n", "  - id: Practice nurse\n").replace("to: nurse", "to: Practice nurse")
    found = problems(text)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("DC010", 15, 9), ("DC010", 22, 9)]
    assert "'practice-nurse'" in check_text(text).problems[0].hint


def test_invalid_date():
    text = replace("  owner: dhsc\n", "  owner: dhsc\n  published: 2019-13-45\n")
    rule, line, column, _ = only(text)
    assert (rule, line, column) == ("DC010", 6, 14)


def test_tags_are_rejected_at_their_position():
    text = replace("    name: Practice nurse\n", "    name: !!python/object/apply:os.system [ls]\n")
    found = problems(text)
    assert found[0][:3] == ("DC004", 16, 11)
    assert "!!python/object/apply:os.system" in found[0][3]


def test_custom_tags_are_rejected_too():
    found = problems(replace("kind: department", "kind: !custom department"))
    assert found[0][:3] == ("DC004", 14, 11)


@pytest.mark.parametrize("word", ["no", "on", "off", "yes", "y", "n", "No", "ON"])
def test_yaml_11_booleans_stay_text(word: str):
    text = replace("  - id: nurse\n", f"  - id: {word}\n").replace("to: nurse", f"to: {word}")
    chain = loads(text)
    assert chain.actors[1].id == word
    assert chain.links[0].target == word


def test_leading_zero_numbers_as_ids_keep_their_digits_as_yaml_12_decimals():
    chain = loads(replace("  - id: nurse\n", "  - id: '0755'\n").replace("to: nurse", "to: '0755'"))
    assert chain.actors[1].id == "0755"


def test_every_problem_in_a_file_is_reported_in_one_run():
    text = replace("strength: weak", "strength: medium").replace("tier: government", "tier: goverment")
    text = text.replace("to: nurse", "to: nurze")
    text = text.replace("    kind: department\n", "    kind: department\n    colour: blue\n")
    rules = sorted(rule for rule, *_ in problems(text))
    assert rules == ["DC006", "DC009", "DC009", "DC012"]


def test_problems_are_sorted_by_position():
    text = replace("strength: weak", "strength: medium").replace("tier: government", "tier: goverment")
    lines = [line for _, line, _, _ in problems(text)]
    assert lines == sorted(lines)


def test_empty_file_and_wrong_top_level():
    assert only("")[0] == "DC005"
    assert only("# just a comment\n")[0] == "DC005"
    rule, line, column, _ = only("- a\n- b\n")
    assert (rule, line, column) == ("DC005", 1, 1)


def test_missing_top_level_blocks():
    found = problems("sources: []\n")
    assert sorted(rule for rule, *_ in found) == ["DC005", "DC005"]


def test_two_documents_are_rejected():
    rule, line, _, message = only(VALID + "---\nchain: {}\n")
    assert (rule, line) == ("DC002", 27)
    assert "one YAML document" in message


def test_load_from_path_and_missing_path(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert load(path).chain.id == "mini"
    with pytest.raises(ChainError) as raised:
        load(tmp_path / "nope.yaml")
    assert raised.value.problems[0].rule_id == "DC001"
    with pytest.raises(ChainError) as raised:
        load(tmp_path)
    assert "folder" in raised.value.problems[0].message


def test_invalid_utf8_reports_line_and_column(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(VALID.replace("Practice nurse", "Practice nurs\xe9").encode("latin-1"))
    with pytest.raises(ChainError) as raised:
        load(path)
    location = raised.value.problems[0].location
    assert (raised.value.problems[0].rule_id, location.line, location.column) == ("DC001", 16, 24)


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8"))
    assert load(path).actors[1].name == "Practice nurse"


def test_bom_and_crlf_keep_positions(tmp_path):
    path = tmp_path / "c.yaml"
    text = replace("strength: weak", "strength: medium")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    with pytest.raises(ChainError) as raised:
        load(path)
    location = raised.value.problems[0].location
    assert (location.line, location.column) == (25, 15)


def test_json_chains_are_accepted_and_errors_located(tmp_path):
    import json

    from deliverychain.reading.exact import read as parse_exact

    data = parse_exact(VALID, "x").data
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert load(path).links[0].kind == "mandate"
    path.write_text(json.dumps(data, indent=2).replace('"weak"', '"medium"'), encoding="utf-8")
    with pytest.raises(ChainError) as raised:
        load(path)
    problem = raised.value.problems[0]
    assert problem.rule_id == "DC009"
    assert path.read_text().splitlines()[problem.location.line - 1].strip().startswith('"strength"')


def test_positions_survive_validation_for_later_analysers():
    chain = loads(VALID, "chain.yaml")
    assert chain.positions is not None
    location = chain.positions.value(("links", 0, "strength"))
    assert (location.line, location.column) == (25, 15)
    # a path that does not exist falls back to its nearest ancestor
    assert chain.positions.value(("links", 0, "note")).line == 21


def test_intended_gap_only_on_missing_links():
    rule, line, column, _ = only(replace("    strength: weak\n", "    strength: weak\n    intended_gap: on purpose\n"))
    assert (rule, line, column) == ("DC010", 26, 5)
    chain = loads(replace("    strength: weak\n", "    strength: missing\n    intended_gap: on purpose\n"))
    assert chain.links[0].intended_gap == "on purpose"


def test_chain_error_message_names_the_first_problem():
    with pytest.raises(ChainError) as raised:
        loads(replace("strength: weak", "strength: medium"), "c.yaml")
    assert str(raised.value).startswith("c.yaml:25:15: 'medium' is not a known link strength")
