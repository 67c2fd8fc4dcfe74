"""chain render, the pure part: views, the audit overlay, collapsing, DOT and Mermaid text.

These tests need no Graphviz: they check the Scene (what is drawn) and the text written
for Graphviz and Mermaid. Pictures are tested in test_render_engines.py.
"""

from __future__ import annotations

import re
import textwrap

import pytest

import deliverychain
from deliverychain.drawing import RenderError, build
from deliverychain.findings import Finding, Severity
from deliverychain.pipeline import render
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "golden" / "render-fixture.yaml"

SMALL = """
chain:
  id: small
  title: A small chain
  intent: Change practice
  owner: dhsc
actors:
  - {id: dhsc, name: DHSC, tier: government, kind: department}
  - {id: nhse, name: NHS England, tier: national, kind: national-body}
  - {id: icb, name: An ICB, tier: system, kind: icb}
  - {id: trust-a, name: Trust A, tier: organisation, kind: trust}
  - {id: trust-b, name: Trust B, tier: organisation, kind: trust}
  - {id: nurse, name: A nurse, tier: frontline, kind: nurse}
links:
  - {from: dhsc, to: nhse, kind: mandate, strength: strong, character: directive}
  - {from: nhse, to: icb, kind: performance-management, carries: [targets], strength: weak, character: punitive}
  - {from: icb, to: trust-a, kind: commissioning, carries: [money]}
  - {from: icb, to: trust-b, kind: commissioning, carries: [money], strength: broken}
  - {from: trust-a, to: trust-b, kind: peer-learning, carries: [learning], strength: strong}
  - {from: trust-a, to: nurse, kind: mandate}
  - {from: trust-a, to: icb, kind: reporting, carries: [metrics], strength: strong}
  - {from: nurse, to: trust-a, kind: feedback, carries: [narrative], strength: missing}
views:
  - {id: top, title: The top of the chain, tiers: [government, national, system]}
  - {id: around-icb, focus: icb, depth: 1}
  - {id: upward, feedback_only: true}
"""


@pytest.fixture
def small() -> deliverychain.Chain:
    return deliverychain.loads(textwrap.dedent(SMALL), "small.yaml")


@pytest.fixture
def fixture_chain() -> deliverychain.Chain:
    return deliverychain.load(FIXTURE)


def finding(rule: str, subject: str, severity: Severity = Severity.WARNING, **extra: object) -> Finding:
    trace = extra.pop("trace", ())
    suppressed = extra.pop("suppressed", None)
    return Finding(rule, f"rule-{rule.lower()}", severity, f"{rule} about {subject}", subject, None,
                   trace=tuple(trace), suppressed=suppressed, extra=dict(extra))  # type: ignore[arg-type]


def names(scene) -> list[str]:  # type: ignore[no-untyped-def]
    return [box.name for box in scene.boxes]


def dot_text(chain: deliverychain.Chain, **options: object) -> str:
    return render(chain, "dot", **options).decode("utf-8")  # type: ignore[arg-type]


# --- layout: tiers, directions ----------------------------------------------------------


def test_tiers_are_bands_in_chain_order_top_to_bottom(small):
    scene = build(small, findings=False)
    assert [tier for tier, _ in scene.tiers] == ["government", "national", "system", "organisation", "frontline"]
    dot = dot_text(small, findings=False)
    # Each band is a cluster whose boxes share a rank; anchors chain the bands in order.
    assert '{ rank=same; "#tier 3" "trust-a" "trust-b" }' in dot
    assert '"#tier 0" -> "#tier 1" [style=invis' in dot
    assert dot.index('label="GOVERNMENT"') < dot.index('label="NATIONAL"') < dot.index('label="FRONTLINE"')


def test_declared_tier_order_is_followed(write_chain):
    path = write_chain("""
        chain: {id: c, title: T, intent: I, owner: top, tiers: [centre, local, people]}
        actors:
          - {id: people, name: People, tier: people, kind: public}
          - {id: top, name: Top, tier: centre, kind: dept}
          - {id: mid, name: Mid, tier: local, kind: council}
        links:
          - {from: top, to: mid, kind: mandate}
    """)
    scene = build(deliverychain.load(path), findings=False)
    assert [tier for tier, _ in scene.tiers] == ["centre", "local", "people"]


def test_upward_links_are_written_top_down_with_the_arrow_reversed(small):
    dot = dot_text(small, findings=False)
    # trust-a reports to the icb: drawn from the icb so ranking is unchanged, arrow back up.
    reporting = next(line for line in dot.splitlines() if "reporting" in line)
    assert reporting.strip().startswith('"icb" -> "trust-a"')
    assert "dir=back" in reporting and "arrowtail=empty" in reporting
    mandate = next(line for line in dot.splitlines() if '"dhsc" -> "nhse"' in line)
    assert "arrowhead=normal" in mandate and "dir=back" not in mandate


def test_peer_learning_is_sideways_and_does_not_rank(small):
    peer = next(line for line in dot_text(small, findings=False).splitlines() if "peer learning" in line)
    assert "constraint=false" in peer and "dir=both" in peer


def test_strength_is_line_weight_and_pattern_and_character_is_colour(small):
    dot = dot_text(small, findings=False)
    lines = {line.split(" [")[0].strip(): line for line in dot.splitlines() if " -> " in line}
    strong = lines['"dhsc" -> "nhse"']
    weak = lines['"nhse" -> "icb"']
    broken = lines['"icb" -> "trust-b"']
    missing = lines['"trust-a" -> "nurse"'] if "feedback" in lines.get('"trust-a" -> "nurse"', "") else next(
        v for v in lines.values() if "feedback" in v)
    width = lambda text: float(re.search(r"penwidth=([0-9.]+)", text).group(1))  # noqa: E731
    assert width(strong) > width(weak)
    assert "style=dotted" in broken
    assert "style=dashed" in missing
    assert 'color="#E69F00"' in strong  # directive: Okabe-Ito orange
    assert 'color="#D55E00"' in weak  # punitive: Okabe-Ito vermillion


def test_boxes_are_labelled_with_name_and_kind(small):
    dot = dot_text(small, findings=False)
    assert '"nhse" [id="box1", label="NHS England\\nnational body"' in dot


# --- the audit on the diagram -------------------------------------------------------------


def test_findings_badge_actors_and_links_with_rule_ids(small):
    found = [finding("DC302", "icb"), finding("DC301", "icb->trust-b:commissioning", Severity.ERROR)]
    scene = build(small, findings=found)
    icb = next(b for b in scene.boxes if b.id == "icb")
    assert [(b.rule_id, b.severity) for b in icb.badges] == [("DC302", "warning")]
    broken = next(line for line in scene.lines if line.target == "trust-b" and line.kind == "commissioning")
    assert [b.rule_id for b in broken.badges] == ["DC301"]
    assert [(k.rule_id, k.count) for k in scene.key] == [("DC301", 1), ("DC302", 1)]
    dot = dot_text(small, findings=found)
    assert 'label="An ICB\\nicb\\nDC302"' in dot
    assert 'label="commissioning\\nmoney\\nDC301"' in dot


def test_a_link_subject_without_kind_or_by_its_id(write_chain):
    path = write_chain("""
        chain: {id: c, title: T, intent: I, owner: a}
        actors:
          - {id: a, name: A, tier: national, kind: body}
          - {id: b, name: B, tier: system, kind: icb}
        links:
          - {id: oversight, from: a, to: b, kind: performance-management}
          - {from: a, to: b, kind: funding}
    """)
    chain = deliverychain.load(path)
    scene = build(chain, findings=[finding("DC1", "oversight"), finding("DC2", "a->b")])
    badges = {line.kind: [b.rule_id for b in line.badges] for line in scene.lines}
    assert badges == {"performance-management": ["DC1", "DC2"], "funding": ["DC2"]}


def test_ghost_links_are_drawn_dashed_where_a_finding_says_a_link_is_missing(small):
    ghost = finding("DC103", "nurse", Severity.ERROR, ghost_link={"from": "nurse", "to": "icb", "kind": "feedback"})
    scene = build(small, findings=[ghost])
    drawn = [line for line in scene.lines if line.ghost]
    assert len(drawn) == 1
    assert (drawn[0].source, drawn[0].target, drawn[0].kind) == ("nurse", "icb", "feedback")
    assert [b.rule_id for b in drawn[0].badges] == ["DC103"]
    line = next(text for text in dot_text(small, findings=[ghost]).splitlines() if "missing feedback" in text)
    assert "style=dashed" in line and 'color="#8C8C8C"' in line


def test_a_ghost_for_a_link_that_exists_badges_that_link_instead(small):
    # nurse -> trust-a feedback is in the file (strength missing): no second, ghost edge.
    ghost = finding("DC103", "nurse", ghost_link={"from": "nurse", "to": "trust-a", "kind": "feedback"})
    scene = build(small, findings=[ghost])
    assert not [line for line in scene.lines if line.ghost]
    feedback = next(line for line in scene.lines if line.kind == "feedback")
    assert [b.rule_id for b in feedback.badges] == ["DC103"]


def test_a_loop_is_traced_along_its_links_and_badged_once(small):
    loop = finding("DC201", "icb", Severity.ERROR, trace=("icb", "trust-a", "icb"))
    scene = build(small, findings=[loop])
    traced = sorted((line.source, line.target, line.kind) for line in scene.lines if line.traced)
    assert traced == [("icb", "trust-a", "commissioning"), ("trust-a", "icb", "reporting")]
    # The subject (an actor) carries the badge; the route is coloured, not badged again.
    assert [b.rule_id for b in next(b for b in scene.boxes if b.id == "icb").badges] == ["DC201"]
    assert not any(line.badges for line in scene.lines)


def test_a_route_subject_is_traced_and_its_first_link_badged(small):
    scene = build(small, findings=[finding("DC105", "dhsc->nhse->icb")])
    traced = [line for line in scene.lines if line.traced]
    assert [(line.source, line.target) for line in traced] == [("dhsc", "nhse"), ("nhse", "icb")]
    assert [b.rule_id for b in traced[0].badges] == ["DC105"]


def test_named_links_peer_groups_and_tiers_are_placed(small):
    found = [
        finding("DC202", "nhse", links=["nhse->icb:performance-management"]),
        finding("DC204", "organisation:trust", Severity.INFO),
        finding("DC999", "system", Severity.INFO),
    ]
    scene = build(small, findings=found)
    pm = next(line for line in scene.lines if line.kind == "performance-management")
    assert [b.rule_id for b in pm.badges] == ["DC202"]
    assert not next(b for b in scene.boxes if b.id == "nhse").badges
    trusts = [b for b in scene.boxes if b.kind == "trust"]
    assert all([x.rule_id for x in t.badges] == ["DC204"] for t in trusts)
    assert [b.rule_id for b in scene.tier_badges["system"]] == ["DC999"]
    assert 'label="SYSTEM\\nDC999"' in dot_text(small, findings=found)
    assert [(k.rule_id, k.count) for k in scene.key] == [("DC202", 1), ("DC204", 1), ("DC999", 1)]


def test_suppressed_and_out_of_view_findings_are_counted_not_drawn(small):
    found = [finding("DC302", "icb", suppressed="agreed at board"), finding("DC302", "nurse"),
             finding("DC302", "nhse")]
    scene = build(small, "top", findings=found)
    assert [b.rule_id for b in next(b for b in scene.boxes if b.id == "nhse").badges] == ["DC302"]
    assert not any(b.badges for b in scene.boxes if b.id != "nhse")
    assert scene.notes == ["1 finding about actors or links outside this view",
                           "1 finding suppressed by the chain's ignore list"]


def test_min_severity_leaves_lesser_findings_off(small):
    found = [finding("DC306", "icb", Severity.INFO), finding("DC302", "icb")]
    scene = build(small, findings=found, min_severity="warning")
    assert [k.rule_id for k in scene.key] == ["DC302"]
    with pytest.raises(RenderError):
        build(small, findings=found, min_severity="loud")


def test_no_findings_draws_no_badges_and_no_findings_key(small):
    scene = build(small, findings=False)
    assert not scene.findings_shown and not scene.key
    assert not any(b.badges for b in scene.boxes)


def test_the_pipeline_runs_the_audit_and_drawing_draws_what_it_is_given(fixture_chain):
    from deliverychain import drawing

    report = deliverychain.audit(fixture_chain)
    assert report.active, "the fixture chain is built to have findings"
    assert render(fixture_chain, "dot") == drawing.render(fixture_chain, "dot", findings=report)
    assert {k.rule_id for k in build(fixture_chain, findings=report).key} <= {f.rule_id for f in report.active}
    assert build(fixture_chain).key == build(fixture_chain, findings=False).key == []
    with pytest.raises(TypeError, match="drawing does not run the audit"):
        build(fixture_chain, findings=True)


# --- views --------------------------------------------------------------------------------


def test_a_tier_range_keeps_only_those_tiers(small):
    scene = build(small, tiers="national:organisation", findings=False)
    assert [tier for tier, _ in scene.tiers] == ["national", "system", "organisation"]
    assert all(line.source != "dhsc" for line in scene.lines)


def test_tier_ranges_open_ended_reversed_and_lists(small):
    def shown(text: str) -> list[str]:
        return [tier for tier, _ in build(small, tiers=text, findings=False).tiers]

    assert shown(":national") == ["government", "national"]
    assert shown("organisation:") == ["organisation", "frontline"]
    assert shown("system:national") == ["national", "system"]
    assert shown("government,frontline") == ["government", "frontline"]


def test_focus_and_depth_draw_a_neighbourhood(small):
    one = build(small, focus="icb", depth=1, findings=False)
    assert sorted(b.id for b in one.boxes) == ["icb", "nhse", "trust-a", "trust-b"]
    zero = build(small, focus="icb", depth=0, findings=False)
    assert [b.id for b in zero.boxes] == ["icb"]
    two = build(small, focus="icb", depth=2, findings=False)
    assert {"dhsc", "nurse"} <= {b.id for b in two.boxes}


def test_feedback_only_keeps_upward_links_and_their_actors(small):
    scene = build(small, feedback_only=True, findings=False)
    assert sorted(line.kind for line in scene.lines) == ["feedback", "reporting"]
    assert sorted(b.id for b in scene.boxes) == ["icb", "nurse", "trust-a"]


def test_kinds_filter(small):
    scene = build(small, kinds="commissioning", findings=False)
    assert {line.kind for line in scene.lines} == {"commissioning"}
    with pytest.raises(RenderError, match="not a link kind") as error:
        build(small, kinds="comissioning")
    assert "did you mean 'commissioning'" in error.value.hint


def test_views_declared_in_the_file(small):
    top = build(small, "top", findings=False)
    assert top.subtitle == "The top of the chain"
    assert [tier for tier, _ in top.tiers] == ["government", "national", "system"]
    assert sorted(b.id for b in build(small, "around-icb", findings=False).boxes) == ["icb", "nhse", "trust-a",
                                                                                    "trust-b"]
    assert {line.kind for line in build(small, "upward", findings=False).lines} == {"feedback", "reporting"}


def test_options_narrow_a_declared_view(small):
    scene = build(small, "top", tiers="system:system", findings=False)
    assert [tier for tier, _ in scene.tiers] == ["system"]


@pytest.mark.parametrize(("options", "message", "hint"), [
    ({"view": "tpo"}, "no view 'tpo' in this chain", "did you mean 'top'?"),
    ({"tiers": "natoinal"}, "'natoinal' is not a tier of this chain", "did you mean 'national'?"),
    ({"focus": "icd"}, "no actor 'icd' to focus on", "did you mean 'icb'?"),
    ({"focus": "nurse", "tiers": "government:system"}, "outside the tiers shown", "add its tier"),
    ({"tiers": "government", "kinds": "reporting"}, "shows no actors", "widen it"),
])
def test_impossible_views_are_clear_errors(small, options, message, hint):
    with pytest.raises(RenderError) as error:
        build(small, findings=False, **options)
    assert message in error.value.message
    assert hint in error.value.hint


def test_a_chain_without_views_says_so(fixture_chain):
    chain = fixture_chain.model_copy(update={"views": []})
    with pytest.raises(RenderError, match="declares no views"):
        build(chain, "board", findings=False)


# --- large chains collapse ---------------------------------------------------------------


def national_chain(practices: int) -> str:
    lines = [
        "chain: {id: national, title: National, intent: Everyone, owner: nhse}",
        "actors:",
        "  - {id: nhse, name: NHS England, tier: national, kind: national-body}",
        "  - {id: icb, name: ICB, tier: system, kind: icb}",
    ]
    lines += [f"  - {{id: p{i}, name: Practice {i}, tier: organisation, kind: gp-practice, group: GP practices}}"
              for i in range(practices)]
    lines += [f"  - {{id: n{i}, name: Nurse {i}, tier: frontline, kind: practice-nurse}}" for i in range(practices)]
    lines += ["links:", "  - {from: nhse, to: icb, kind: performance-management, strength: strong}"]
    for i in range(practices):
        strength = "weak" if i % 3 == 0 else "adequate"
        lines.append(f"  - {{from: icb, to: p{i}, kind: commissioning, strength: {strength}}}")
        lines.append(f"  - {{from: p{i}, to: icb, kind: reporting, carries: [metrics]}}")
        lines.append(f"  - {{from: p{i}, to: n{i}, kind: mandate}}")
    return "\n".join(lines) + "\n"


def test_large_views_collapse_into_groups_with_counts():
    chain = deliverychain.loads(national_chain(100), "national.yaml")
    scene = build(chain, findings=[finding("DC301", "icb->p0:commissioning"), finding("DC301", "icb->p3:commissioning"),
                                   finding("DC302", "p5")])
    assert scene.collapsed
    boxes = {b.name: b for b in scene.boxes}
    assert boxes["GP practices"].count == 100 and boxes["GP practices"].kind == "gp-practice"
    assert boxes["Practice nurse"].count == 100  # no declared group: tier + kind
    assert boxes["Practice nurse"].kind == ""  # its name says the kind already
    assert boxes["NHS England"].count == 1  # alone in its group: stays itself
    commissioning = next(line for line in scene.lines if line.kind == "commissioning")
    assert commissioning.count == 100
    assert commissioning.strength == "adequate" and commissioning.mixed  # 67 adequate, 33 weak
    assert [(b.rule_id, b.count) for b in commissioning.badges] == [("DC301", 2)]
    assert [(b.rule_id, b.count) for b in boxes["GP practices"].badges] == [("DC302", 1)]
    dot = dot_text(chain, findings=False)
    assert 'label="GP practices\\n\u00d7 100\\ngp practice"' in dot
    assert 'label="Practice nurse\\n\u00d7 100"' in dot
    assert 'label="commissioning \u00d7100"' in dot
    assert scene.notes[0] == "202 actors drawn as 4 boxes (similar actors grouped, with counts)"


def test_collapse_can_be_forced_either_way():
    chain = deliverychain.loads(national_chain(5), "small-national.yaml")
    assert not build(chain, findings=False).collapsed
    forced = build(chain, findings=False, collapse=True)
    assert forced.collapsed and len(forced.boxes) == 4
    big = deliverychain.loads(national_chain(100), "national.yaml")
    assert len(build(big, findings=False, collapse=False).boxes) == 202


def test_one_finding_about_many_members_of_a_group_counts_once_and_folded_findings_count_their_places():
    chain = deliverychain.loads(national_chain(20), "national.yaml")
    peers = finding("DC204", "organisation:gp-practice", Severity.INFO)
    folded = finding("DC301", "kind:icb->gp-practice:commissioning", folded=7,
                     examples=["icb->p0:commissioning", "icb->p3:commissioning"])
    scene = build(chain, findings=[peers, folded], collapse=True)
    practices = next(b for b in scene.boxes if b.name == "GP practices")
    assert [(b.rule_id, b.count) for b in practices.badges] == [("DC204", 1)]
    commissioning = next(line for line in scene.lines if line.kind == "commissioning")
    assert [(b.rule_id, b.count) for b in commissioning.badges] == [("DC301", 1)]
    assert [(k.rule_id, k.count) for k in scene.key] == [("DC204", 1), ("DC301", 7)]
    # Not collapsed, a folded finding is drawn at its examples.
    plain = build(chain, findings=[folded], collapse=False)
    assert sorted(line.target for line in plain.lines if line.badges) == ["p0", "p3"]


def test_too_many_groups_fall_back_to_coarser_groups():
    chain = deliverychain.loads(national_chain(40), "national.yaml")
    # Only 3 boxes allowed: groups by kind still give 4, so boxes become whole tiers.
    scene = build(chain, findings=False, collapse=True, collapse_above=3)
    assert len(scene.boxes) <= 4
    assert any(b.name == "organisation" and b.count == 40 for b in scene.boxes)


# --- escaping -----------------------------------------------------------------------------

HOSTILE = [
    'Say "hello"',
    "back\\slash\\",
    "<script>alert(1)</script>",
    "a]b|c[d{e}",
    "graph",
    "node",
    "subgraph",
    "line\nbreak",
    "\u05d1\u05d9\u05ea \u05d7\u05d5\u05dc\u05d9\u05dd",  # Hebrew: right to left
    "\u202eevil override",
    "amp & ersand; #35; %% comment",
    "end",
    "`tick` ~~~ -->",
]


def hostile_chain(write_chain, name: str) -> deliverychain.Chain:
    import json

    path = write_chain(f"""
        chain: {{id: graph, title: {json.dumps(name)}, intent: {json.dumps(name)}, owner: a}}
        actors:
          - {{id: a, name: {json.dumps(name)}, tier: national, kind: body}}
          - {{id: node, name: {json.dumps(name + " 2")}, tier: system, kind: icb, group: {json.dumps(name)}}}
        links:
          - {{from: a, to: node, kind: mandate}}
    """)
    return deliverychain.load(path)


@pytest.mark.parametrize("name", HOSTILE)
def test_user_text_is_escaped_for_dot(write_chain, name):
    chain = hostile_chain(write_chain, name)
    dot = dot_text(chain, findings=[finding("DC1", "a")])
    assert "\u202e" not in dot
    for line in dot.splitlines():
        if line.startswith("//"):
            continue
        # Every quoted string closes on its own line, and outside quoted strings only DOT
        # syntax is left: brackets balance and no user text leaks out.
        outside = re.sub(r'"(?:[^"\\]|\\.)*"', "S", line)
        assert '"' not in outside, line
        assert outside.count("[") == outside.count("]"), line
        assert "script" not in outside and "hello" not in outside, line


@pytest.mark.parametrize("name", HOSTILE)
def test_user_text_is_escaped_for_mermaid(write_chain, name):
    chain = hostile_chain(write_chain, name)
    text = render(chain, "mmd", findings=[finding("DC1", "a")]).decode("utf-8")
    for line in text.splitlines()[4:]:
        # Inside a label nothing may end it early: no raw quote, bracket, pipe or angle bracket.
        for label in re.findall(r'\["(.*?)"\]|\|"(.*?)"\|', line):
            body = "".join(label).replace("<br/>", "")
            assert not set(body) & set('"[]|<>`{}'), body
    assert "\u202e" not in text
    assert "<script>" not in text


def test_mermaid_draws_the_same_scene(small):
    found = [finding("DC302", "icb"), finding("DC103", "nurse", Severity.ERROR,
                                                 ghost_link={"from": "nurse", "to": "icb", "kind": "feedback"})]
    text = render(small, "mmd", findings=found).decode("utf-8")
    assert text.startswith('---\ntitle: "A small chain"\n---\nflowchart TB\n')
    assert 'subgraph t0["GOVERNMENT"]' in text
    assert 'a2["An ICB<br/>icb<br/>DC302"]' in text
    assert 'a0 ==>|"mandate"| a1' in text  # strong: thick arrow
    assert 'a2 -.->|"commissioning<br/>money"| a4' in text  # broken: dotted arrow
    assert 'a3 <==>|"peer learning<br/>learning"| a4' in text
    # Upward links are written from the upper actor (Mermaid ranks the first above the
    # second), arrowheads at both ends, the lower one hidden by its linkStyle.
    assert 'a2 <-.->|"missing feedback<br/>DC103"| a5' in text
    ghost = text.splitlines().index('  a2 <-.->|"missing feedback<br/>DC103"| a5')
    drawn = [line for line in text.splitlines() if re.match(r"^  a\d+ \S+\|", line)]
    n = drawn.index(text.splitlines()[ghost])
    assert re.search(rf"^  linkStyle {n} stroke:#[0-9A-F]{{6}},stroke-width:[\d.]+px,marker-end:none$", text, re.M)
    assert "class a2 warning" in text
    assert 'k0["DC103 rule dc103 (1)"]' in text


# --- determinism ----------------------------------------------------------------------------


def test_same_chain_same_dot_and_mermaid(fixture_chain):
    again = deliverychain.load(FIXTURE)
    assert render(fixture_chain, "dot") == render(again, "dot")
    assert render(fixture_chain, "mmd") == render(again, "mmd")


def test_node_ids_are_the_model_ids_quoted_in_file_order(fixture_chain):
    dot = dot_text(fixture_chain, findings=False)
    declared = re.findall(r'^    "([^"#]+)" \[id="box', dot, flags=re.MULTILINE)
    assert sorted(declared) == sorted(a.id for a in fixture_chain.actors)
    by_tier = {a.id: fixture_chain.tiers.index(a.tier) for a in fixture_chain.actors}
    assert declared == sorted(declared, key=lambda i: (by_tier[i], fixture_chain.actor_index[i]))


def test_unknown_format_and_theme_settings_are_errors(small):
    with pytest.raises(RenderError, match="unknown format 'jpeg'"):
        render(small, "jpeg")
    with pytest.raises(RenderError, match="unknown theme setting"):
        render(small, "dot", theme={"colour": "red"})


def test_theme_overrides_are_data(small):
    dot = dot_text(small, findings=False, theme={"font": "Arial", "tier_fill": "#FFFFEE"})
    assert 'fontname="Arial"' in dot and 'fillcolor="#FFFFEE"' in dot


def test_deliverychain_render_is_the_function_however_the_drawing_package_was_imported(small):
    import deliverychain.drawing.dot

    assert deliverychain.render(small, format="dot", findings=False) == render(small, "dot", findings=False)
