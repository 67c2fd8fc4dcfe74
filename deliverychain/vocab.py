"""The closed vocabularies of the chain format, each term with its documented meaning.

The meanings are the single source for `docs/format.md` and the JSON Schema, so the
reference cannot drift from what the loader accepts.
"""

from __future__ import annotations

from enum import StrEnum


class Documented(StrEnum):
    """A vocabulary whose members carry a one-line meaning for docs and schema."""

    @classmethod
    def meanings(cls) -> dict[str, str]:
        return {member.value: MEANINGS[cls.__name__][member.value] for member in cls}


class Tier(Documented):
    GOVERNMENT = "government"
    NATIONAL = "national"
    REGIONAL = "regional"
    SYSTEM = "system"
    ORGANISATION = "organisation"
    TEAM = "team"
    FRONTLINE = "frontline"
    PUBLIC = "public"


class LinkKind(Documented):
    MANDATE = "mandate"
    FUNDING = "funding"
    COMMISSIONING = "commissioning"
    PERFORMANCE_MANAGEMENT = "performance-management"
    REGULATION = "regulation"
    SUPPORT = "support"
    INFLUENCE = "influence"
    PEER_LEARNING = "peer-learning"
    REPORTING = "reporting"
    FEEDBACK = "feedback"
    VOICE = "voice"


class Carry(Documented):
    TARGETS = "targets"
    METRICS = "metrics"
    MONEY = "money"
    RATINGS = "ratings"
    INSTRUCTION = "instruction"
    GUIDANCE = "guidance"
    NARRATIVE = "narrative"
    LEARNING = "learning"
    PRACTICE_CHANGE = "practice-change"
    ESCALATION = "escalation"
    ASSURANCE = "assurance"


class Strength(Documented):
    STRONG = "strong"
    ADEQUATE = "adequate"
    WEAK = "weak"
    BROKEN = "broken"
    MISSING = "missing"
    PLANNED = "planned"
    UNKNOWN = "unknown"


class Character(Documented):
    SUPPORTIVE = "supportive"
    COLLABORATIVE = "collaborative"
    DIRECTIVE = "directive"
    PUNITIVE = "punitive"


class Role(Documented):
    PRACTICE = "practice"
    BENEFICIARY = "beneficiary"
    LEVER = "lever"
    BOUNDARY_SPANNER = "boundary-spanner"
    EXTERNAL = "external"
    NOT_PRACTICE = "not-practice"
    NOT_BENEFICIARY = "not-beneficiary"


class Capacity(Documented):
    SUFFICIENT = "sufficient"
    STRETCHED = "stretched"
    INSUFFICIENT = "insufficient"
    UNKNOWN = "unknown"


class TargetBasis(Documented):
    ABSOLUTE = "absolute"
    IMPROVEMENT = "improvement"
    RANK = "rank"


MEANINGS: dict[str, dict[str, str]] = {
    "Tier": {
        "government": "Ministers and their departments (Secretary of State, DHSC).",
        "national": "National bodies that run the service (NHS England, regulators).",
        "regional": "Regional teams of national bodies (NHS England regions).",
        "system": "Local systems that plan and commission (integrated care boards, Cancer Alliances).",
        "organisation": "Providers and local bodies (trusts, PCNs, GP practices, councils).",
        "team": "Teams inside organisations (a multidisciplinary team, a practice team).",
        "frontline": "Individual practitioners whose daily work is the practice (a GP, a practice nurse).",
        "public": "Patients, carers and citizens the policy is for.",
    },
    "LinkKind": {
        "mandate": "An instruction with authority: legislation, a mandate, a planning requirement.",
        "funding": "Money allocated downwards.",
        "commissioning": "A contract or commissioning relationship.",
        "performance-management": "Holding to account against expectations (oversight, assurance meetings).",
        "regulation": "Inspection, licensing or enforcement by a regulator.",
        "support": "Help to improve: improvement teams, clinical advice, training.",
        "influence": "Soft levers: speeches, letters, meetings with chief executives.",
        "peer-learning": "Sideways learning between peers (buddying, networks, shared services).",
        "reporting": "Data returns and reports sent upwards.",
        "feedback": "Learning and stories about practice sent back to those who steer it.",
        "voice": "Patients' and the public's voice reaching decision-makers.",
    },
    "Carry": {
        "targets": "Numeric goals set for the receiver (a number).",
        "metrics": "Performance data and returns (a number).",
        "money": "Funding or financial incentives (a number).",
        "ratings": "League tables, star ratings, segments: a position against others (a number).",
        "instruction": "What to do, without the why.",
        "guidance": "How to do it: pathways, best practice, specifications.",
        "narrative": "Stories and context from the front line ('accessing the story').",
        "learning": "What was learned about practice: what works, what gets in the way.",
        "practice-change": "A concrete change in how the receiver works.",
        "escalation": "Problems raised for action.",
        "assurance": "Confirmation that something is in place.",
    },
    "Strength": {
        "strong": "The relationship exists and works well.",
        "adequate": "The relationship exists and mostly works.",
        "weak": "The relationship exists but does not reliably carry what it should.",
        "broken": "The relationship exists on paper but does not work.",
        "missing": "The relationship should exist and does not.",
        "planned": "The relationship is planned but not yet in place.",
        "unknown": "Not yet assessed (the default).",
    },
    "Character": {
        "supportive": "Helps the receiver succeed.",
        "collaborative": "Works as partners with shared aims.",
        "directive": "Tells the receiver what to do.",
        "punitive": "Telling, shouting, bullying; sanctions and blame.",
    },
    "Role": {
        "practice": (
            "The intent must change this actor's practice. Default: frontline-tier actors, until "
            "any actor declares 'practice': then only the actors that declare it."
        ),
        "beneficiary": (
            "The policy is for this actor. Default: public-tier actors, until any actor declares "
            "'beneficiary': then only the actors that declare it."
        ),
        "lever": "A lever the centre pulls (a speech, legislation, a meeting) rather than an organisation.",
        "boundary-spanner": "A trusted person or team who works across organisations as a critical friend.",
        "external": "Brought in from outside with no local presence (management consultants).",
        "not-practice": (
            "Not an actor whose practice must change, whatever its tier or other roles (a frontline "
            "actor outside the intent)."
        ),
        "not-beneficiary": (
            "Not one of the people the policy is for, whatever its tier or other roles (a public-tier "
            "actor the intent does not serve)."
        ),
    },
    "Capacity": {
        "sufficient": "Has the people, time and money to play its part.",
        "stretched": "Can play its part only at the cost of something else.",
        "insufficient": "Cannot play its part as things stand.",
        "unknown": "Not yet assessed.",
    },
    "TargetBasis": {
        "absolute": "A fixed threshold everyone can meet (75% within 28 days).",
        "improvement": "Improvement on the organisation's own baseline.",
        "rank": "Defined by position against others (bottom quartile, league tables): some must always miss it.",
    },
}

DEFAULT_TIERS: tuple[str, ...] = tuple(tier.value for tier in Tier)

#: What counts as "numbers" in the numbers-only feedback rules.
NUMBERS: frozenset[str] = frozenset({Carry.TARGETS, Carry.METRICS, Carry.MONEY, Carry.RATINGS})
#: What counts as learning about practice.
LEARNING: frozenset[str] = frozenset({Carry.NARRATIVE, Carry.LEARNING, Carry.PRACTICE_CHANGE})

#: Link kinds that steer the receiver (flow down the chain).
STEERING_KINDS: frozenset[str] = frozenset(
    {
        LinkKind.MANDATE,
        LinkKind.FUNDING,
        LinkKind.COMMISSIONING,
        LinkKind.PERFORMANCE_MANAGEMENT,
        LinkKind.REGULATION,
        LinkKind.SUPPORT,
        LinkKind.INFLUENCE,
    }
)
#: Link kinds that carry information back to those who steer.
UPWARD_KINDS: frozenset[str] = frozenset({LinkKind.REPORTING, LinkKind.FEEDBACK, LinkKind.VOICE})
#: Link kinds through which one actor judges another.
JUDGING_KINDS: frozenset[str] = frozenset({LinkKind.REGULATION, LinkKind.PERFORMANCE_MANAGEMENT})
#: Strengths that mean a link does not (yet) carry anything.
ABSENT_STRENGTHS: frozenset[str] = frozenset({Strength.MISSING, Strength.PLANNED})
