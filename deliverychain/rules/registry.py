"""The one registry of rules: an explicit list of their modules, in the order `chain rules` lists them.

A rule's module is named after it (`dc201_numbers_only_feedback`), so the ids and names of
every rule are known without importing any (`known`): `--select DC2` is checked in no time,
and a command imports only the rules it runs. Ids are never reused: a retired rule stays
here, marked removed; a renamed one keeps a redirect from its old name (`REDIRECTS`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from deliverychain.rules.base import Rule

MODULES: tuple[str, ...] = (
    # DC0xx: the file itself, reported by the loader
    "dc001_unreadable_file",
    "dc002_yaml_syntax",
    "dc003_duplicate_key",
    "dc004_unsafe_yaml",
    "dc005_not_a_chain",
    "dc006_unknown_key",
    "dc007_missing_field",
    "dc008_wrong_type",
    "dc009_unknown_term",
    "dc010_invalid_value",
    "dc011_duplicate_id",
    "dc012_unknown_reference",
    # DC1xx: missing links
    "dc101_practice_unreached",
    "dc102_beneficiaries_unreached",
    "dc103_no_route_back",
    "dc104_lever_to_nothing",
    "dc105_declared_gap",
    "dc106_orphan_actor",
    "dc107_role_suggested_by_kind",
    # DC2xx: feedback
    "dc201_numbers_only_feedback",
    "dc202_numbers_only_performance_management",
    "dc203_rank_based_target",
    "dc204_no_peer_learning",
    "dc205_stale_feedback",
    "dc206_no_breakdown",
    # DC3xx: relationships
    "dc301_weak_link_on_route",
    "dc302_directive_without_support",
    "dc303_judge_is_only_support",
    "dc304_support_without_local_presence",
    "dc305_single_point_of_failure",
    "dc306_unevidenced_rating",
    "dc307_assessors_disagree",
    "dc308_unclear_accountability",
    "dc309_joint_ownership_without_lead",
    "dc310_insufficient_capacity",
    # DC9xx: housekeeping of the chain's `ignore:` list, after the analysers
    "dc901_unused_ignore",
    "dc902_invalid_ignore_rule",
)

#: Old names (or ids) of renamed rules, and the id each goes by now. Ignore entries,
#: `--select`, `--ignore` and `chain explain` still accept the old name.
REDIRECTS: dict[str, str] = {
    # 0.2.0: DC105 reports every declared gap, not only those on the only route.
    "absent-link-on-only-route": "DC105",
}


class Known(NamedTuple):
    """A rule's id and name, read from its module's name."""

    id: str
    name: str
    module: str


def known() -> tuple[Known, ...]:
    """Every rule's id and name, without importing any rule."""
    return tuple(Known(m[:5].upper(), m[6:].replace("_", "-"), m) for m in MODULES)


def canonical(key: str) -> str:
    """The id a renamed rule's old name or id now goes by; any other key unchanged."""
    return REDIRECTS.get(key, REDIRECTS.get(key.upper(), key))


@cache
def _load(module: str) -> Rule:
    rule: Rule = importlib.import_module(f"deliverychain.rules.{module}").RULE
    return rule


def _rules(prefixes: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(r for r in (_load(k.module) for k in known() if k.id.startswith(prefixes)) if r.status != "removed")


def format_rules() -> tuple[Rule, ...]:
    """DC0xx, reported by the loader."""
    return _rules(("DC0",))


def analyser_rules() -> tuple[Rule, ...]:
    """DC1xx-DC3xx, which audit the chain."""
    return _rules(("DC1", "DC2", "DC3"))


def housekeeping_rules() -> tuple[Rule, ...]:
    """DC9xx, which review the chain's ignore list after the analysers."""
    return _rules(("DC9",))


def all_rules() -> tuple[Rule, ...]:
    return (*format_rules(), *analyser_rules(), *housekeeping_rules())


def rule_by_id(key: str) -> Rule | None:
    """A rule by id (any case), name, or the old name of a renamed rule; only its own module is imported."""
    key = canonical(key)
    key_upper = key.upper()
    found = next((k for k in known() if k.id == key_upper or k.name == key), None)
    return _load(found.module) if found is not None else None


def select(rules: Sequence[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by id, id prefix (DC2) or name (old names of renamed rules too); `ignore` wins over `select`."""

    def matches(rule: Rule, patterns: list[str]) -> bool:
        return any(rule.id.startswith(p.upper()) or rule.name == p for p in patterns)

    chosen = [canonical(p) for p in select]
    dropped = [canonical(p) for p in ignore]
    return [r for r in rules if (not chosen or matches(r, chosen)) and not matches(r, dropped)]


def chosen(select_: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The analysers and housekeeping rules (DC9xx) an audit runs, chosen by `select`/`ignore`, in order."""
    return select((*analyser_rules(), *housekeeping_rules()), select_, ignore)


def is_known_pattern(pattern: str) -> bool:
    """Whether `pattern` names or prefixes a rule (as --select and --ignore take them).

    Read from the modules' names, so a known pattern imports no rule; only a pattern they do
    not know is looked for among the rules themselves, before it is refused.
    """
    pattern = canonical(pattern)
    if any(k.id.startswith(pattern.upper()) or k.name == pattern for k in known()):
        return True
    return bool(select(all_rules(), [pattern]))
