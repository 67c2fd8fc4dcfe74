"""The one-paragraph summary a board reads first: the intent, who owns it, the size of the
chain, its weakest point and where learning stops."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from deliverychain.analysis.plain import counted, folded_count, pattern_actors
from deliverychain.reports.board.rating import Confidence
from deliverychain.reports.safe import visible
from deliverychain.rules.wording import join_names

if TYPE_CHECKING:
    from deliverychain.analysis.plain import Words
    from deliverychain.model import Chain
    from deliverychain.reports.board.content import Item

#: Findings that name a weak point: a link or actor that part of the front line depends on.
_WEAK_POINTS = ("DC105", "DC301", "DC305", "DC101", "DC103", "DC102")
#: Findings about one link: their headline starts with what the link is ("Support from ...").
_ABOUT_A_LINK = ("DC105", "DC301")
_TIER_NAMES = {"frontline": "the front line", "public": "the public"}


def summary(chain: Chain, words: Words, findings: Sequence[Item], confidence: Confidence) -> str:
    info = chain.chain
    intent = " ".join(info.intent.split())
    tiers = [t for t in chain.tiers if any(a.tier == t for a in chain.actors)]
    size = (f"As written down, the chain has {counted(len(chain.actors), ('actor', 'actors'))} (organisations, "
            f"teams and people) in {counted(len(tiers), ('tier', 'tiers'))}, from {_tier(tiers[0])} to "
            f"{_tier(tiers[-1])}, and {counted(len(chain.links), ('link', 'links'))} between them.")
    owns = "owns it" if len(info.owners) == 1 else "own it jointly"
    sentences = [f"The intent, as written: “{intent}”", f"{words.owner_name} {owns}.", size,
                 _weakest(findings), _learning(findings, words)]
    if confidence.drivers:
        numbers = join_names([str(n) for n in confidence.drivers])
        sentences.append(f"The rating of {confidence.rating.value} rests mainly on finding"
                         f"{'s' if len(confidence.drivers) > 1 else ''} {numbers}.")
    return visible(" ".join(s for s in sentences if s))


def _tier(tier: str) -> str:
    return _TIER_NAMES.get(tier, f"the {tier.replace('-', ' ')} tier")


def _share(item: Item) -> float:
    extra = item.finding.extra
    affected = next((extra[k] for k in ("unreached", "dependent_practice") if isinstance(extra.get(k), int)), 0)
    total = extra.get("total")
    return affected / total if isinstance(total, int) and total else 0.0  # type: ignore[operator]


def _weakest(findings: Sequence[Item]) -> str:
    candidates = [item for item in findings if item.finding.rule_id in _WEAK_POINTS]
    if not candidates:
        if not findings:
            return "The audit found no weak point that the front line depends on."
        top = findings[0]
        return f"Its most serious issue (finding {top.number}): {top.plain.headline}."
    weakest = max(candidates, key=lambda item: (_share(item), item.finding.severity.rank, -(item.number or 0)))
    headline = weakest.plain.headline.rstrip("…")
    if weakest.finding.rule_id in _ABOUT_A_LINK:
        many = bool(folded_count(weakest.finding))
        lowered = headline if many else headline[:1].lower() + headline[1:]
        return f"Its weakest link{'s' if many else ''} (finding {weakest.number}): {lowered}."
    return f"Its weakest point (finding {weakest.number}): {headline}."


def _learning(findings: Sequence[Item], words: Words) -> str:
    stops = [item for item in findings if item.finding.rule_id == "DC201"]
    cut = [item for item in findings if item.finding.rule_id == "DC103"]
    if not stops and not cut:
        return ("Learning from the front line reaches those who steer the plan: the audit found no loop in which "
                "they hear back only numbers.")
    parts = []
    if stops:
        places = [pattern_actors(item.finding) if folded_count(item.finding) else words.short(item.finding.subject)
                  for item in stops]
        parts.append(f"Learning from the front line stops at {join_names(places, conjunction='and at')} "
                     f"({_numbers(stops)}): those who steer the plan hear back only numbers.")
    if cut:
        parts.append(f"From some of the front line nothing travels back at all ({_numbers(cut)}).")
    return " ".join(parts)


def _numbers(items: Sequence[Item]) -> str:
    return f"finding{'s' if len(items) > 1 else ''} {join_names([str(item.number) for item in items], limit=4)}"
