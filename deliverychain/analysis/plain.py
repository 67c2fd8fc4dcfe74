"""Plain English for each finding: what a board member reads instead of the analyst's message.

An analyser's message is written for the person who keeps the chain file: rule ids, link
kinds, route traces, hints in YAML. A board paper needs the same finding in its readers'
words: a one-line headline, who it is about (actors by name), why it matters (one
sentence, with its source) and what to do. `explain(finding, words)` writes those from the
finding's structured parts (its subject, trace and extra data) and the chain itself, never
by re-reading the message. Folded findings (one pattern at many places, subject `kind:...`)
read as the pattern: "1,297 feedback links from GPs to primary care networks are weak".

Headlines stay under HEADLINE_LIMIT characters: the diagram's callout panel prints them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from deliverychain.durations import spoken
from deliverychain.findings import Finding
from deliverychain.model import Chain, Link
from deliverychain.rules.dc107_role_suggested_by_kind import suggested_role
from deliverychain.rules.dc303_judge_is_only_support import JUDGE_KINDS
from deliverychain.rules.facts import linkfacts
from deliverychain.rules.wording import count, join_names
from deliverychain.vocab import UPWARD_KINDS, Capacity, Carry, Character, LinkKind, Role, Tier

#: Longest headline, in characters: one line of the diagram's callout panel.
HEADLINE_LIMIT = 90

#: How the report names the actors whose practice must change, and the people the plan is for.
FRONT_LINE = ("front-line group", "front-line groups")
PEOPLE = ("person or group the plan is for", "people and groups the plan is for")


@dataclass(frozen=True)
class Plain:
    """One finding in a board member's words."""

    #: What is wrong, in one line (at most HEADLINE_LIMIT characters).
    headline: str
    #: Who it is about: actor names, "A, B, C and 4 more"; empty when it is about no actor.
    about: str
    #: The specifics, in a sentence or two.
    detail: str
    #: Why it matters, in one sentence that ends with its source in brackets.
    why: str
    #: What to do, in the reader's words.
    action: str


# --- words for the vocabulary ------------------------------------------------------------

_LINK_WORDS = {
    LinkKind.MANDATE: "the mandate",
    LinkKind.FUNDING: "funding",
    LinkKind.COMMISSIONING: "commissioning",
    LinkKind.PERFORMANCE_MANAGEMENT: "performance management",
    LinkKind.REGULATION: "regulation",
    LinkKind.SUPPORT: "support",
    LinkKind.INFLUENCE: "influence",
    LinkKind.PEER_LEARNING: "peer learning",
    LinkKind.REPORTING: "reporting",
    LinkKind.FEEDBACK: "feedback",
    LinkKind.VOICE: "patient and public voice",
}
#: What a link carries, as plural nouns a reader knows.
_CARRY_WORDS = {
    Carry.TARGETS: "targets",
    Carry.METRICS: "performance figures",
    Carry.MONEY: "money",
    Carry.RATINGS: "league tables and ratings",
    Carry.INSTRUCTION: "instructions",
    Carry.GUIDANCE: "guidance",
    Carry.NARRATIVE: "stories from the front line",
    Carry.LEARNING: "learning",
    Carry.PRACTICE_CHANGE: "changes in practice",
    Carry.ESCALATION: "escalated problems",
    Carry.ASSURANCE: "assurances",
}
_CARRY_ORDER = {c.value: k for k, c in enumerate(Carry)}
_STRENGTH_WORDS = {"planned": "only planned", "missing": "missing", "unknown": "not yet assessed"}
_TIER_WORDS = {Tier.FRONTLINE: "the front line", Tier.PUBLIC: "the public"}
#: Kinds of actor as NHS readers name them: (one, many). Other kinds are read from their words.
_KIND_NOUNS = {
    "pcn": ("primary care network", "primary care networks"),
    "icb": ("integrated care board", "integrated care boards"),
    "sub-icb-location": ("sub-ICB location", "sub-ICB locations"),
    "trust": ("NHS trust", "NHS trusts"),
    "practice": ("GP practice", "GP practices"),
    "gp-practice": ("GP practice", "GP practices"),
    "region": ("NHS England region", "NHS England regions"),
    "ccg": ("clinical commissioning group", "clinical commissioning groups"),
    "pct": ("primary care trust", "primary care trusts"),
    "sha": ("strategic health authority", "strategic health authorities"),
    "mdt": ("multidisciplinary team", "multidisciplinary teams"),
    "national-body": ("national body", "national bodies"),
    "cancer-alliance": ("Cancer Alliance", "Cancer Alliances"),
}
_ACRONYMS = {"icb": "ICB", "icbs": "ICBs", "pcn": "PCN", "pcns": "PCNs", "ccg": "CCG", "pct": "PCT", "gp": "GP",
             "gps": "GPs", "nhs": "NHS", "cqc": "CQC", "mdt": "MDT", "sha": "SHA", "ics": "ICS", "stp": "STP",
             "ae": "A&E", "ed": "ED", "uk": "UK"}
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def plural_of(word: str) -> str:
    """English plural of a (last) word: 'network' -> 'networks', 'authority' -> 'authorities'."""
    if word.isupper():
        return word + "s"
    if word.endswith("s") and not word.endswith("ss"):
        return word  # already plural: 'patients', 'carers'
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def kind_noun(kind: str) -> tuple[str, str]:
    """An actor kind in words, (one, many): 'pcn' -> primary care network(s), 'acute-trust' -> acute trust(s)."""
    if kind in _KIND_NOUNS:
        return _KIND_NOUNS[kind]
    words = [_ACRONYMS.get(w, w) for w in kind.removeprefix("x-").split("-") if w]
    if not words:
        return kind, kind
    one = " ".join(words)
    return one, " ".join([*words[:-1], plural_of(words[-1])])


def counted(n: int, forms: tuple[str, str]) -> str:
    """'1 NHS trust', '1,297 primary care networks': `count` with a noun's (one, many) forms."""
    return count(n, *forms)


def carried_words(terms: Iterable[str]) -> str:
    """'performance figures and assurances', in the vocabulary's order."""
    ordered = sorted(set(terms), key=lambda c: (_CARRY_ORDER.get(c, 99), c))
    words = [_CARRY_WORDS.get(c, c.removeprefix("x-").replace("-", " ")) for c in ordered]  # type: ignore[call-overload]
    return join_names(words, limit=4) or "nothing stated"


def _fit(*candidates: str) -> str:
    """The first headline that fits on a callout line; the last one cut at a word if none does."""
    for text in candidates:
        if len(text) <= HEADLINE_LIMIT:
            return text
    last = candidates[-1]
    cut = last[: HEADLINE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _link_headline(words: Words, link: Link | None, key: str, state: str, tail: str, fallback: str) -> str:
    """'Support from A to B is weak: 2 of the 5 ... depend on it', shortened to fit: the link named by
    its receiver alone keeps the tail, then the tail goes, then the fallback."""
    phrase = words.link_phrase_for(key, short=True)
    to = ""
    if link is not None:
        to = f"{_LINK_WORDS.get(link.kind, 'the link')} to {words.short(link.target)}"  # type: ignore[call-overload]
    candidates = [f"{phrase} {state}{tail}", *([f"{to} {state}{tail}"] if to and tail else []), f"{phrase} {state}"]
    if link is not None:
        from_source = f"{_LINK_WORDS.get(link.kind, 'the link')} from {words.short(link.source)}"  # type: ignore[call-overload]
        candidates += [f"{to} {state}", f"{from_source} {state}"]
    return _fit(*(capitalised(c) for c in candidates), fallback)


# --- reading the chain ---------------------------------------------------------------------


class Words:
    """What `explain` needs to know about one chain, looked up lazily and once."""

    def __init__(self, chain: Chain) -> None:
        self.chain = chain

    def name(self, actor_id: str) -> str:
        index = self.chain.actor_index.get(actor_id)
        return self.chain.actors[index].name if index is not None else actor_id

    def short(self, actor_id: str) -> str:
        """The name without a trailing explanation in brackets: 'Acute trusts (cancer units)' -> 'Acute trusts'."""
        name = " ".join(self.name(actor_id).split())
        shorter = _PARENTHESIS.sub("", name)
        return shorter or name

    def names(self, actor_ids: Sequence[str], total: int | None = None, limit: int = 3) -> str:
        return join_names([self.name(i) for i in actor_ids[:limit]], limit=limit,
                          total=len(actor_ids) if total is None else total)

    @property
    def owner(self) -> str:
        """The owner's id (the first of joint owners)."""
        return self.chain.chain.owners[0]

    @property
    def owner_name(self) -> str:
        """The owner's name, or the joint owners' ('A, B and C')."""
        owners = self.chain.chain.owners
        return join_names([self.name(o) for o in owners], limit=len(owners))

    def kind_of(self, actor_id: str) -> str:
        index = self.chain.actor_index.get(actor_id)
        return self.chain.actors[index].kind if index is not None else ""

    @cached_property
    def _ends(self) -> tuple[dict[str, list[Link]], dict[str, list[Link]], dict[str, Link]]:
        """Links by source, by target, and by their own id: one pass over the links."""
        leaving: dict[str, list[Link]] = {}
        arriving: dict[str, list[Link]] = {}
        named: dict[str, Link] = {}
        for link in self.chain.links:
            leaving.setdefault(link.source, []).append(link)
            arriving.setdefault(link.target, []).append(link)
            if link.id is not None:
                named.setdefault(link.id, link)
        return leaving, arriving, named

    def link(self, key: str) -> Link | None:
        """The link a finding names: by its id, or by 'from->to:kind'."""
        leaving, _, named = self._ends
        if key in named:
            return named[key]
        source, _, rest = key.partition("->")
        target, _, kind = rest.partition(":")
        return next((link for link in leaving.get(source, ()) if link.target == target and link.kind == kind), None)

    def links_into(self, actor_id: str) -> list[Link]:
        return self._ends[1].get(actor_id, [])

    def links_from(self, actor_id: str) -> list[Link]:
        return self._ends[0].get(actor_id, [])

    @cached_property
    def _practice(self) -> frozenset[str]:
        """The actors whose practice must change: declared with the role, else the frontline tier."""
        declared = frozenset(a.id for a in self.chain.actors if Role.PRACTICE in a.roles)
        practice = declared or frozenset(a.id for a in self.chain.actors if a.tier == Tier.FRONTLINE)
        return practice - {a.id for a in self.chain.actors if Role.NOT_PRACTICE in a.roles}

    @property
    def practice_total(self) -> int:
        return len(self._practice)

    def is_practice(self, actor_id: str) -> bool:
        return actor_id in self._practice

    def link_phrase(self, link: Link, short: bool = False) -> str:
        """'support from Cancer Alliance to the integrated care board'."""
        name = self.short if short else self.name
        words = _LINK_WORDS.get(link.kind, link.kind.replace("-", " "))  # type: ignore[call-overload]
        if link.kind == LinkKind.PEER_LEARNING:
            return f"{words} between {name(link.source)} and {name(link.target)}"
        return f"{words} from {name(link.source)} to {name(link.target)}"

    def link_phrase_for(self, key: str, short: bool = False) -> str:
        link = self.link(key)
        if link is not None:
            return self.link_phrase(link, short)
        source, _, rest = key.partition("->")
        target, _, kind = rest.partition(":")
        return f"{kind.replace('-', ' ') or 'the link'} from {self.name(source)} to {self.name(target)}"

    def tier_words(self, tier: str) -> str:
        return _TIER_WORDS.get(tier, tier.replace("-", " "))  # type: ignore[call-overload]


# --- the parts of a finding ------------------------------------------------------------------


def folded_count(finding: Finding) -> int | None:
    """How many places a folded finding stands for, or None for a finding about one place."""
    count = finding.extra.get("folded")
    return count if isinstance(count, int) and finding.subject.startswith("kind:") else None


def _examples(finding: Finding) -> list[str]:
    examples = finding.extra.get("examples")
    return [str(e) for e in examples] if isinstance(examples, list | tuple) else []


def _example_or_subject(finding: Finding) -> str:
    """What a finding is about: its subject, or for a folded one its first example's."""
    examples = _examples(finding)
    return examples[0] if folded_count(finding) and examples else finding.subject


def _strings(finding: Finding, key: str) -> list[str]:
    value = finding.extra.get(key)
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _number(finding: Finding, key: str) -> int | None:
    value = finding.extra.get(key)
    return value if isinstance(value, int) else None


def pattern_kinds(subject: str) -> tuple[list[str], str]:
    """'kind:gp->pcn:feedback' -> (['gp', 'pcn'], 'feedback'); 'kind:icb' -> (['icb'], '')."""
    body = subject.removeprefix("kind:")
    ends, _, link_kind = body.partition(":")
    return [k for k in ends.split("->") if k], link_kind


def _share(k: int, total: int, forms: tuple[str, str] = FRONT_LINE) -> str:
    """'all 3 front-line groups', 'both front-line groups', '12 of the 40 front-line groups', 'the one ...'."""
    if k == total == 1:
        return f"the one {forms[0]}"
    if k == total == 2:
        return f"both {forms[1]}"
    if k >= total:
        return f"all {total:,} {forms[1]}"
    return f"{k:,} of the {counted(total, forms)}"


def _pattern_links(finding: Finding, words: Words) -> str:
    """'1,297 feedback links from GPs to primary care networks'."""
    kinds, link_kind = pattern_kinds(finding.subject)
    n = folded_count(finding) or 0
    link_words = link_kind.replace("-", " ")
    if len(kinds) == 2:
        return (f"{n:,} {link_words} links from {kind_noun(kinds[0])[1]} to {kind_noun(kinds[1])[1]}")
    return f"{n:,} {link_words} links"


def _pattern_about(finding: Finding, words: Words) -> str:
    """Who a pattern of links is about: 'GPs and primary care networks, for example GPs in X and X'."""
    kinds, _ = pattern_kinds(finding.subject)
    examples = _examples(finding)
    link = words.link(examples[0]) if examples else None
    kinds_words = join_names([kind_noun(k)[1] for k in dict.fromkeys(kinds)])
    if link is None:
        return kinds_words
    return f"{kinds_words}, for example {words.names([link.source, link.target])}"


def pattern_actors(finding: Finding) -> str:
    """'202 NHS trusts'."""
    kinds, _ = pattern_kinds(finding.subject)
    kind = kinds[-1] if kinds else ""
    return counted(folded_count(finding) or 0, kind_noun(kind))


# --- sources, in one sentence each --------------------------------------------------------------

_BARBER = "Barber, Instruction to Deliver, 2007"
_ONTARIO = "Ontario Cabinet Office, delivery chain guidance"
_NAO_11 = "NAO and Audit Commission, 2006, question 11"
_NAO = "NAO and Audit Commission, 2006"
_LEADERS = "private survey of CCG and trust leaders"
_SUCCESS_REGIME = "lessons of the 2015 success regime"
_JIT = "Scottish Joint Improvement Team"
_PAC_OBESITY = "Committee of Public Accounts, child obesity, 2007"
_PAC_GP = "Committee of Public Accounts, access to general practice, 2016"
_CQC_MATERNITY = "Care Quality Commission, maternity review, 2024"


# --- DC1xx missing links --------------------------------------------------------------------


def _stranded(finding: Finding, words: Words, forms: tuple[str, str], reached_by: str) -> tuple[str, str, str, str]:
    """What DC101/DC102 share: (head, anchor, detail, about) for the place where steering stops."""
    ghost = finding.extra.get("ghost_link")
    anchor = ghost.get("from") if isinstance(ghost, dict) else None
    head = ghost.get("to") if isinstance(ghost, dict) else finding.extra.get("stops_at", finding.subject)
    k, total = _number(finding, "unreached") or 0, _number(finding, "total") or 0
    are = "is" if k == 1 else "are"
    detail = f"{capitalised(_share(k, total, forms))} {are} cut off from everything {reached_by} steers"
    n = folded_count(finding)
    if n:
        detail += f", in {n:,} places alike"
    if anchor:
        detail += f": the nearest body the plan does reach is {words.name(str(anchor))}, and nothing links it on"
        detail += f" to {words.name(str(head))}" + (" (one example)" if n else "") + "."
    else:
        detail += f": nothing steers {words.name(str(head))}."
    about = words.names(list(dict.fromkeys(str(x) for x in (finding.subject, head, anchor) if x and ":" not in str(x))))
    return str(head), str(anchor or ""), detail, about


def _practice_unreached(finding: Finding, words: Words) -> Plain:
    owner = words.owner_name
    head, anchor, detail, about = _stranded(finding, words, FRONT_LINE, owner)
    n = folded_count(finding)
    if not finding.extra.get("total") and not n:  # the chain names no practice at all
        return Plain(
            headline="The chain does not say whose practice must change",
            about=words.owner_name,
            detail=(f"No actor is marked as one whose practice must change, so nothing shows how {owner}'s intent "
                    "reaches the front line."),
            why=("A delivery chain starts with the intent and ends with changes in practice at the front line "
                 f"({_BARBER})."),
            action="Name the people and teams whose practice must change, and show how the plan reaches them.",
        )
    if n:
        kinds, _ = pattern_kinds(finding.subject)
        headline = _fit(f"In {n:,} places the plan stops short of {kind_noun(kinds[-1])[1]}",
                        f"In {n:,} places the plan stops short of the front line")
    elif anchor:
        headline = _fit(f"Nothing connects {words.short(anchor)} to {words.short(head)}: the plan stops short",
                        f"The plan stops short of {words.short(head)}", "The plan stops short of the front line")
    else:
        headline = _fit(f"Nothing steers {words.short(head)}: the plan never reaches it",
                        "The plan never reaches part of the front line")
    action = (f"Show, or create, the relationship through which {words.short(anchor)} (or another body) steers and "
              f"supports {words.short(head)}." if anchor
              else f"Show, or create, the relationships that steer and support {words.short(head)}.")
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("A plan changes nothing unless a chain of real relationships reaches the people whose practice "
             f"must change ({_BARBER})."),
        action=action + " If leaving it out is deliberate, record the reason in the chain file.",
    )


def _beneficiaries_unreached(finding: Finding, words: Words) -> Plain:
    head, _, detail, about = _stranded(finding, words, PEOPLE, words.owner_name)
    n = folded_count(finding)
    headline = (_fit(f"In {n:,} places the plan never reaches the people it is for") if n
                else _fit(f"The plan never reaches {words.short(head)}, who it is for",
                          "The plan never reaches the people it is for"))
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("A delivery chain needs 'a meaningful link to the end recipient': it ends with the people a "
             f"policy is for ({_ONTARIO})."),
        action=(f"Show how the plan reaches {words.name(head)}: through practice, a service or a campaign "
                "they actually meet."),
    )


def _no_route_back(finding: Finding, words: Words) -> Plain:
    ghost = finding.extra.get("ghost_link")
    head = str(ghost.get("from")) if isinstance(ghost, dict) else str(finding.extra.get("stops_at", finding.subject))
    anchor = str(ghost.get("to")) if isinstance(ghost, dict) else ""
    owner = words.owner_name
    k, total = _number(finding, "unreached") or 0, _number(finding, "total") or 0
    n = folded_count(finding)
    if n:
        kinds, _ = pattern_kinds(finding.subject)
        headline = _fit(f"In {n:,} places nothing travels back from {kind_noun(kinds[0])[1]}",
                        f"In {n:,} places nothing travels back from the front line")
    elif words.is_practice(head):
        headline = _fit(f"Nothing travels back from {words.short(head)} to {words.short(words.owner)}",
                        f"Nothing travels back from {words.short(head)}", "Nothing travels back from the front line")
    else:
        headline = _fit(f"What the front line reports stops at {words.short(head)}",
                        "What the front line reports goes no further up the chain")
    has = "has" if k == 1 else "have"
    detail = (f"{capitalised(_share(k, total))} {has} no route back to {owner}: what they learn never "
              "reaches those who steer the plan.")
    if not n and not words.is_practice(head):
        detail += f" What they report goes no further than {words.name(head)}."
    if anchor and anchor not in words.chain.chain.owners:
        detail += f" The nearest body with a route back is {words.name(anchor)}" + (" (one example)." if n else ".")
    return Plain(
        headline=headline,
        about=words.names(list(dict.fromkeys(x for x in (finding.subject, head, anchor) if x and ":" not in x))),
        detail=detail,
        why=("Without a route back, those who steer cannot learn whether the plan is working or what gets in "
             f"its way ({_NAO_11})."),
        action=(f"Create a way for {words.name(head)} to feed back to "
                f"{words.name(anchor) if anchor else owner}: not only figures, but what they learn about what "
                "works and what gets in the way."),
    )


def _lever_to_nothing(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    if n:
        examples = _examples(finding)
        headline = _fit(f"{n:,} levers are connected to nothing at the front line")
        about = words.names(examples, total=n)
        detail = (f"Nothing links {about} down the chain to the {FRONT_LINE[1]} or to the people the plan is for.")
        lever = "each lever"
    else:
        lever = words.name(finding.subject)
        headline = _fit(f"{words.short(finding.subject)}: a lever connected to nothing at the front line",
                        "A lever connected to nothing at the front line")
        about = lever
        steering = [link for link in words.links_from(finding.subject) if link.kind != LinkKind.PEER_LEARNING]
        if steering:
            detail = (f"{capitalised(lever)} has {len(steering):,} link{'s' if len(steering) != 1 else ''} down the "
                      f"chain, but none of them leads on to the {FRONT_LINE[1]} or to the people the plan is for.")
        else:
            detail = f"Nothing links {lever} down the chain."
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("Ministers pull levers (speeches, meetings, legislation) that may be connected to nothing at the "
             f"front line ({_BARBER})."),
        action=f"Show what {lever} is meant to move, link by link down to the front line, or stop counting on it.",
    )


def _absent_link(finding: Finding, words: Words) -> Plain:
    link = words.link(finding.subject)
    n = folded_count(finding)
    first = link or (words.link(_examples(finding)[0]) if _examples(finding) else None)
    state = _STRENGTH_WORDS.get(linkfacts.strength(first), "missing") if first else "missing"
    gap = bool(first and first.intended_gap)
    if n:
        phrase = _pattern_links(finding, words)
        headline = _fit(f"{phrase} are {state}" + ("" if gap else ", and practice depends on them"),
                        f"{phrase} are {state}")
        about = _pattern_about(finding, words)
        detail = (f"{capitalised(phrase)} are {state}; for example "
                  f"{join_names([words.link_phrase_for(e) for e in _examples(finding)[:2]], limit=2, total=n)}.")
    else:
        only = finding.severity == "error"
        fallback = "A link practice depends on is missing" if only else "A link the plan needs is missing"
        headline = _link_headline(words, first, finding.subject, f"is {state}",
                                  ": practice depends on it" if only else "", fallback)
        about = words.names([first.source, first.target]) if first else ""
        phrase = capitalised(words.link_phrase_for(finding.subject))
        if only:
            detail = (f"{phrase} is {state}, and every route to (or back from) some of the front line passes "
                      "through it: until it exists they are cut off.")
        else:
            detail = (f"{phrase} is {state}: other routes exist, but a relationship the plan was designed to have "
                      "is not there.")
    if gap and first is not None:
        detail += f" It is marked as missing on purpose: “{' '.join((first.intended_gap or '').split())}”"
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("A planned link is a promise, not a relationship: the practice behind it is not reached today "
             f"({_BARBER})."),
        action=("Put the link in place, or find another route to the practice behind it; if the gap is "
                "deliberate, record why in the chain file."),
    )


def _orphan(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    if n:
        headline = _fit(f"{pattern_actors(finding)} have no links to anyone in the chain")
        about = words.names(_examples(finding), total=n)
        who = "them"
    else:
        headline = _fit(f"{words.short(finding.subject)} has no links to anyone in the chain",
                        "An organisation in the chain has no links")
        about = words.name(finding.subject)
        who = about
    return Plain(
        headline=headline,
        about=about,
        detail=f"Nothing steers {who}, {'they steer' if n else 'it steers'} nothing and "
               f"{'they report' if n else 'it reports'} to no one.",
        why=(f"A delivery chain is more than a stakeholder list: an organisation matters through its relationships "
             f"({_ONTARIO})."),
        action=f"Show how {who} {'work' if n else 'works'} with the others in the chain, or leave "
               f"{'them' if n else 'it'} out.",
    )


# --- DC2xx feedback -------------------------------------------------------------------------------


def _carried_by(words: Words, keys: Iterable[str]) -> str:
    terms = [c for key in keys if (link := words.link(key)) is not None for c in link.carries]
    return carried_words(terms)


def _numbers_only_feedback(finding: Finding, words: Words) -> Plain:
    stop_links = _strings(finding, "stop_links")
    carried = _carried_by(words, stop_links)
    deciders = _strings(finding, "deciders")
    k = _number(finding, "practice") or 0
    n = folded_count(finding)
    stops = _examples(finding) if n else [finding.subject]
    where = pattern_actors(finding) if n else words.short(finding.subject)
    headline = _fit(f"Learning stops at {where}: only {carried} travel back",
                    f"Learning stops at {where}: only numbers travel back",
                    f"Only numbers reach {where}",
                    "Learning from the front line stops: only numbers travel back")
    receiver = f"{where} (for example {words.names(stops[:2], total=n)})" if n else words.name(finding.subject)
    verb = "reports" if k == 1 else "report"
    one = len(deciders) == 1
    detail = (f"{capitalised(_share(k, words.practice_total))} {verb} to {receiver}, and what arrives carries only "
              f"{carried}.")
    if n:
        detail += (f" In each case those who steer that practice (for example {words.names(deciders, limit=4)}) hear "
                   "back only numbers, so cannot learn what helps it change.")
    else:
        detail += (f" {words.names(deciders, limit=4)} {'steers' if one else 'steer'} that practice but "
                   f"{'hears' if one else 'hear'} back only numbers, so cannot learn what helps it change.")
    first = words.link(stop_links[0]) if stop_links else None
    sender = "the front line"
    if first is not None:
        sender = kind_noun(words.kind_of(first.source))[1] if n else words.short(first.source)
    towards = words.short(deciders[0]) if deciders else words.short(words.owner)
    return Plain(
        headline=headline,
        about=words.names([*stops[:2], *[d for d in deciders if d not in stops]], limit=4),
        detail=detail,
        why=("Managing numbers about existing practice is badly suited to changing it; stories from the front "
             f"line, patient voice and peer learning are the feedback that helps ({_NAO_11})."),
        action=(f"Let learning travel with the numbers: what goes on from {sender} should carry what is being "
                "learned about practice (what works, what gets in the way, patients' experience), not only "
                f"figures; or open a feedback route from the front line to {towards}. If the gap is deliberate, "
                "record why."),
    )


def _managed_by_numbers(finding: Finding, words: Words) -> Plain:
    keys = _strings(finding, "links")
    links = [link for key in keys if (link := words.link(key)) is not None]
    carried = carried_words(c for link in links for c in link.carries)
    receivers = list(dict.fromkeys(link.target for link in links))
    n = folded_count(finding)
    if n:
        managers = pattern_actors(finding)
        headline = _fit(f"{managers} manage by numbers alone, with no help to change")
        about = words.names(_examples(finding), total=n)
        detail = (f"Performance management by {managers} (for example {about}) carries only {carried}, and "
                  "nothing else reaching those they manage helps practice change.")
    else:
        manager = words.name(finding.subject)
        whom = _receivers(words, receivers)
        headline = _fit(f"{words.short(finding.subject)} manages {whom} by numbers alone",
                        f"{words.short(finding.subject)} manages by numbers alone")
        about = words.names([finding.subject, *receivers], limit=4)
        them = "it" if len(receivers) == 1 else "them"
        detail = (f"Performance management from {manager} to {words.names(receivers)} carries only {carried}, "
                  f"and nothing else reaching {them} helps practice change: no support, guidance or learning.")
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("Performance management that carries only numbers holds organisations to what they already do; "
             f"changing practice needs guidance, learning and help as well ({_NAO}, question 9)."),
        action=("Add what helps practice change to the relationship (guidance, shared learning, an offer of "
                "support), or pair it with support from someone else."),
    )


def _receivers(words: Words, receivers: list[str]) -> str:
    """'NHS England London' / '7 NHS England regions' / '3 organisations'."""
    if len(receivers) == 1:
        return words.short(receivers[0])
    kinds = {words.kind_of(r) for r in receivers}
    if len(kinds) == 1:
        return counted(len(receivers), kind_noun(kinds.pop()))
    return f"{len(receivers):,} organisations"


def _rank_target(finding: Finding, words: Words) -> Plain:
    keys = _strings(finding, "links")
    links = [link for key in keys if (link := words.link(key)) is not None]
    names = sorted({" ".join(t.name.split()) for link in links for t in link.targets if t.basis == "rank"})
    target = f"“{names[0]}”" if names else "a target defined by rank"
    receivers = list(dict.fromkeys(link.target for link in links))
    n = folded_count(finding)
    setter = pattern_actors(finding) if n else words.short(finding.subject)
    headline = _fit(f"A target some must always miss: {target}",
                    f"{setter} {'set' if n else 'sets'} a target some must always miss",
                    "A target some must always miss")
    more = f" (and {len(names) - 1} more)" if len(names) > 1 else ""
    detail = (f"The target {target}{more}, set by {setter} for {words.names(receivers)}, is defined by position "
              "against others: whatever everyone does, some will always be at the bottom.")
    return Plain(
        headline=headline,
        about=words.names(_examples(finding), total=n) if n else words.names([finding.subject, *receivers], limit=4),
        detail=detail,
        why=("A target defined by rank cannot be met by all, so it cannot be a lever for everyone (NHS Oversight "
             "Framework segmentation; relegation after bottom-quartile performance)."),
        action="Set an absolute threshold, or an improvement on each organisation's own starting point.",
    )


def _no_peer_learning(finding: Finding, words: Words) -> Plain:
    tier, _, kind = finding.subject.partition(":")
    members = [a.id for a in words.chain.actors if a.tier == tier and a.kind == kind]
    count = _number(finding, "actors") or len(members)
    forms = kind_noun(kind)
    headline = _fit(f"The {counted(count, forms)} do not learn from each other",
                    f"{capitalised(forms[1])} do not learn from each other")
    return Plain(
        headline=headline,
        about=words.names(members, total=count),
        detail=(f"No peer-learning link joins any two of {words.names(members, total=count)}: they learn only "
                "up and down the chain."),
        why=("Peer support works: in North East and North Cumbria, areas with long ambulance delays learned from "
             "areas with short ones (North East and North Cumbria ambulance handover pairing; West Yorkshire's acute "
             "trusts)."),
        action="Show the buddying, networks or shared services between them, or create them.",
    )


# --- DC3xx relationships -------------------------------------------------------------------------


def _weak_link(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    link = words.link(_example_or_subject(finding))
    strength = linkfacts.strength(link) if link else "weak"
    k, total = _number(finding, "dependent_practice") or 0, _number(finding, "total") or words.practice_total
    upward = bool(link and link.kind in UPWARD_KINDS)
    owner = words.owner_name
    if n:
        phrase = _pattern_links(finding, words)
        headline = _fit(f"{phrase} are {strength}")
        detail = (f"{capitalised(phrase)} are rated {strength}; for example "
                  f"{join_names([words.link_phrase_for(e) for e in examples[:2]], limit=2, total=n)}.")
        if k:
            detail += (f" Each is the only route back to {owner} for part of the front line." if upward
                       else " Each is the only route to part of the front line.")
        about = _pattern_about(finding, words)
    else:
        depends = f": {_share(k, total)} {'depends' if k == 1 else 'depend'} on it" if k else ""
        headline = _link_headline(words, link, finding.subject, f"is {strength}", depends,
                                  f"A link on the route {'back from' if upward else 'to'} the front line is {strength}")
        about = words.names([link.source, link.target]) if link else ""
        full = capitalised(words.link_phrase_for(finding.subject))
        if k and upward:
            detail = f"{full} is {strength}, and it is the only route back to {owner} for {_share(k, total)}."
        elif k:
            are = "is" if k == 1 else "are"
            detail = f"{full} is {strength}, and {_share(k, total)} {are} reached only through it."
        elif link is not None and link.kind == LinkKind.PEER_LEARNING:
            detail = (f"{full} is {strength}: those who do, or steer, the work learn little from each other, and "
                      "sideways learning is what helps practice change.")
        elif upward:
            detail = (f"{full} is {strength}: what it should carry back to those who steer the plan does not "
                      "reliably arrive.")
        else:
            detail = (f"{full} is {strength}. Other routes reach the same front line, so it weakens the chain "
                      "rather than cutting it.")
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("After drawing a chain you judge the strength of each link: a link that exists on paper but does not "
             f"work cuts off whatever depends on it alone ({_ONTARIO}; {_NAO}, question 8)."),
        action=("Strengthen the relationship (who meets whom, how often, with what help), or add a second route "
                + ("back, so what it carries does not depend on it alone." if upward
                   else "so the front line does not depend on it alone.")),
    )


def _harsh_links(words: Words, actor_id: str) -> list[Link]:
    """Links into the actor rated punitive or directive (mandates too) that exist, as DC302 reads them."""
    return [link for link in words.links_into(actor_id)
            if linkfacts.is_present(link) and linkfacts.character(link) in (Character.PUNITIVE, Character.DIRECTIVE)]


def _told_only(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    first = _example_or_subject(finding)
    harsh = _harsh_links(words, first)
    punitive = [link for link in harsh if linkfacts.character(link) == Character.PUNITIVE]
    if n:
        who = pattern_actors(finding)
        headline = _fit(f"{who} are told what to do, with no support" if not punitive
                        else f"{who} get pressure and blame, with no support")
        about = words.names(examples, total=n)
        detail = (f"Only directive or punitive links reach {who}, and nothing supportive or collaborative; for "
                  f"example {words.name(first)}" + (f" has {_link_list(words, harsh)}." if harsh else "."))
    else:
        name = words.name(first)
        short = words.short(first)
        headline = _fit(f"{short}: pressure and blame, with no support" if punitive
                        else f"{short}: told what to do, with no support",
                        "Told what to do, with no support")
        tone = "punitive" if punitive else "directive"
        shown = punitive or harsh
        about = words.names([first, *dict.fromkeys(link.source for link in shown)], limit=4)
        detail = (f"{capitalised(_link_list(words, shown))} {'is' if len(shown) == 1 else 'are'} run in a {tone} "
                  f"way, and nothing supportive or collaborative reaches {name}.")
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("Fewer than 5% of NHS leaders enjoyed their relationship with their performance manager; most "
             f"described it as 'telling, shouting and occasionally bullying' ({_LEADERS})."),
        action=(f"Add support for {'them' if n else words.short(first)} (an improvement team, a peer, a critical "
                "friend), or change how the relationship is run."),
    )


def _link_list(words: Words, links: Sequence[Link]) -> str:
    """'performance management from A and funding from B'."""
    parts = [f"{_LINK_WORDS.get(link.kind, link.kind).removeprefix('the ')} from {words.name(link.source)}"  # type: ignore[call-overload]
             for link in links]
    return join_names(parts, limit=3)


def _supporters(words: Words, actor_id: str) -> list[str]:
    """Who supports the actor: the sources of its support and peer-learning links that exist."""
    found = [link.source for link in words.links_into(actor_id)
             if link.kind in linkfacts.SUPPORT_KINDS and linkfacts.is_present(link)]
    return list(dict.fromkeys(found))


def _judge_is_only_support(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    judged = _example_or_subject(finding)
    supporters = _supporters(words, judged)
    judge = supporters[0] if supporters else ""
    kinds = sorted({_LINK_WORDS[link.kind] for link in words.links_into(judged)  # type: ignore[index]
                    if link.source in supporters and link.kind in JUDGE_KINDS})
    if not n and len(supporters) > 1:
        return Plain(
            headline=_fit(f"Everyone who supports {words.short(judged)} also judges it",
                          "All the support comes from bodies that judge"),
            about=words.names([judged, *supporters], limit=4),
            detail=(f"{words.names(supporters)} support {words.name(judged)}, and each also holds it to account or "
                    f"decides its money ({join_names(kinds)}). An organisation will not readily show its weaknesses "
                    "to the bodies that judge it."),
            why=_JUDGE_WHY,
            action=_judge_action(words, judged),
        )
    if n:
        headline = _fit(f"{pattern_actors(finding)} are supported only by a body that judges them")
        about = words.names(examples, total=n)
        detail = (f"For each of {pattern_actors(finding)}, the only source of support also holds it to account; "
                  f"for example {words.name(judge)} supports and judges {words.name(judged)}.")
    else:
        headline = _fit(f"{words.short(judge)} both judges and supports {words.short(judged)}",
                        f"The only support for {words.short(judged)} comes from its judge",
                        "The only support comes from the body that judges")
        about = words.names([judged, judge])
        detail = (f"{words.name(judge)} is the only source of support for {words.name(judged)}, and also holds it "
                  f"to account ({join_names(kinds)}). An organisation will not readily show its weaknesses to "
                  "the body that judges it.")
    return Plain(headline=headline, about=about, detail=detail, why=_JUDGE_WHY, action=_judge_action(words, judged))


_JUDGE_WHY = ("Support 'offered in traditional top-down style by regulators with a reputation for command and "
              f"control' is hard to accept: help from the body that judges you is a conflict ({_SUCCESS_REGIME}).")


def _judge_action(words: Words, judged: str) -> str:
    return (f"Add support for {words.name(judged)} from someone who does not judge it (a peer, an improvement "
            "team, a critical friend), or separate the two roles.")


def _absence(words: Words, actor_id: str) -> str | None:
    index = words.chain.actor_index.get(actor_id)
    if index is None:
        return None
    actor = words.chain.actors[index]
    if Role.EXTERNAL in actor.roles:
        return "brought in from outside"
    if actor.local_presence is False:
        return "no local presence"
    return None


def _support_from_outside(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    supported = _example_or_subject(finding)
    supporters = _supporters(words, supported)
    described = join_names([f"{words.name(s)} ({_absence(words, s) or 'no local presence'})" for s in supporters])
    if n:
        headline = _fit(f"{pattern_actors(finding)} get support only from outsiders")
        about = words.names(examples, total=n)
        detail = f"For example, all support to {words.name(supported)} comes from {described}."
    else:
        headline = _fit(f"{words.short(supported)}: all its support comes from outsiders",
                        "All support comes from outsiders")
        about = words.names([supported, *supporters], limit=4)
        detail = f"All support to {words.name(supported)} comes from bodies without a local presence: {described}."
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("Improvement rests on a local presence that understands local stories and on trusted boundary "
             f"spanners, not consultants 'parachuted in' ({_JIT}; {_SUCCESS_REGIME})."),
        action=("Add support from people who work locally and know the area's story: a local improvement team, a "
                "boundary spanner, a peer."),
    )


def _cadre_reason(words: Words, actor_id: str) -> str:
    index = words.chain.actor_index.get(actor_id)
    if index is None:
        return "hard to replace"
    actor = words.chain.actors[index]
    if Role.BOUNDARY_SPANNER in actor.roles:
        return "a small cadre of boundary spanners"
    if Role.EXTERNAL in actor.roles:
        return "brought in from outside"
    if actor.capacity == Capacity.INSUFFICIENT:
        return "short of the capacity it needs"
    return "already stretched"


def _single_point(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    actor = _example_or_subject(finding)
    k, total = _number(finding, "dependent_practice") or 0, words.practice_total
    reason = _cadre_reason(words, actor)
    owner = words.owner_name
    if n:
        headline = _fit(f"{pattern_actors(finding)} are each the only route to part of the front line")
        about = words.names(examples, total=n)
        detail = (f"Every route from {owner} to some of the front line passes through one of them; for example "
                  f"through {words.name(actor)}, which is {reason}.")
    else:
        headline = _fit(f"Everything rests on {words.short(actor)}: {_share(k, total)} "
                        f"{'depends' if k == 1 else 'depend'} on it",
                        f"Everything rests on {words.short(actor)}", "One body is the only route to practice")
        about = words.name(actor)
        detail = (f"Every route from {owner} to {_share(k, total)} passes through {words.name(actor)}, which is "
                  f"{reason}. If it is lost, that practice is cut off.")
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=("Reliance on a small cadre without succession leaves improvement exposed: a single point of failure "
             f"({_JIT}; {_NAO}, question 8)."),
        action="Add a second route to that practice, or plan cover and succession.",
    )


def _unevidenced(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    if n:
        phrase = _pattern_links(finding, words)
        examples = _examples(finding)
        _, link_kind = pattern_kinds(finding.subject)
        headline = _fit(f"{phrase} are rated with no evidence", f"{n:,} {link_kind.replace('-', ' ')} links are "
                        "rated with no evidence")
        about = _pattern_about(finding, words)
        detail = (f"{capitalised(phrase)} are rated with no evidence; for example "
                  f"{join_names([words.link_phrase_for(e) for e in examples[:2]], limit=2, total=n)}.")
    else:
        link = words.link(finding.subject)
        strength = linkfacts.strength(link) if link else "rated"
        headline = _link_headline(words, link, finding.subject, f"is rated {strength} on no evidence", "",
                                  "A rating rests on no evidence")
        about = words.names([link.source, link.target]) if link else ""
        detail = f"{capitalised(words.link_phrase_for(finding.subject))} is rated {strength}, citing no source."
    return Plain(
        headline=headline,
        about=about,
        detail=detail,
        why=f"A rating is only as good as what it rests on ({_NAO}, question 2: is the evidence base robust?).",
        action="Cite the survey, review or minutes the rating rests on, or mark the link as not yet assessed.",
    )


def _disagreement(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    link = words.link(_example_or_subject(finding))
    differences = _differences(link) if link else []
    if n:
        phrase = _pattern_links(finding, words)
        headline = _fit(f"Assessors disagree about {phrase}")
    else:
        phrase = words.link_phrase_for(finding.subject, short=True)
        headline = _fit(f"Assessors disagree about {phrase}", "Assessors disagree about a link")
    detail = (f"About {words.link_phrase(link)}: {'; '.join(differences)}." if link and differences
              else "The assessments of the link are far apart.")
    return Plain(
        headline=headline,
        about=words.names([link.source, link.target]) if link else "",
        detail=detail,
        why=("Those who run a relationship and those on the receiving end often see it differently; when ratings "
             f"are far apart the relationship needs attention before any one rating is believed ({_LEADERS})."),
        action="Bring the assessors together: the disagreement is itself a finding about the relationship.",
    )


def _differences(link: Link) -> list[str]:
    rated = [a for a in link.assessments if a.strength in linkfacts.STRENGTH_STEP]
    found = []
    if rated:
        best = min(rated, key=lambda a: linkfacts.STRENGTH_STEP[a.strength])
        worst = max(rated, key=lambda a: linkfacts.STRENGTH_STEP[a.strength])
        if best is not worst and best.strength != worst.strength:
            found.append(f"{best.rater} rates it {best.strength}, {worst.rater} {worst.strength}")
    kind = next((a for a in link.assessments if a.character in linkfacts.KIND_CHARACTERS), None)
    harsh = next((a for a in link.assessments if a.character == Character.PUNITIVE), None)
    if kind is not None and harsh is not None:
        found.append(f"{kind.rater} finds it {kind.character}, {harsh.rater} {harsh.character}")
    return found


def _accountability(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    actor = _example_or_subject(finding)
    masters = _strings(finding, "steered_by")
    why = ("Intentions passed through many organisations get 'diluted, misunderstood or not given consistent "
           "priority'; the 2006 child obesity target ran through 26 bodies and roles stayed confused "
           f"({_NAO}, question 10).")
    if masters:
        if n:
            headline = _fit(f"{pattern_actors(finding)} each answer to several bodies")
            detail = f"For example, {words.name(actor)} answers to several bodies at once."
        else:
            headline = _fit(f"{words.short(actor)} answers to {len(masters)} different bodies",
                            "Unclear who it answers to")
            detail = (f"{words.name(actor)} is steered by {words.names(masters)} at once (through mandates, money, "
                      "contracts, oversight, inspection or influence): who does it answer to for this plan?")
        action = "Name one lead that holds it to account, with the others working through that lead."
        about = words.names([actor, *masters], limit=4)
    else:
        headline = (_fit(f"Nobody in the chain holds {pattern_actors(finding)} to account") if n else
                    _fit(f"Nobody in the chain holds {words.short(actor)} to account", "Nobody holds it to account"))
        detail = (f"Nothing in the chain steers, funds or holds {words.name(actor)} to account, yet the plan depends "
                  "on the practice it steers.")
        action = "Show who holds it to account for this plan, or agree who should."
        about = words.names(examples, total=n) if n else words.name(actor)
    return Plain(headline=headline, about=about, detail=detail, why=why, action=action)


# --- DC9xx housekeeping of the chain's ignore list ------------------------------------------------


def _ignore_entry(finding: Finding) -> tuple[str, str]:
    """'ignore:DC201:icb-north' -> ('DC201', 'icb-north')."""
    _, _, rest = finding.subject.partition(":")
    rule, _, subject = rest.partition(":")
    return rule, subject


def _unused_ignore(finding: Finding, words: Words) -> Plain:
    _, subject = _ignore_entry(finding)
    return Plain(
        headline="An accepted finding no longer exists, but its acceptance is still in the file",
        about="",
        detail=(f"The chain file accepts a finding about {words.name(subject) if subject != '*' else 'anything'} "
                "that the audit no longer makes."),
        why=("A stale acceptance tells readers a problem was accepted that is no longer there, and could hide a "
             "new one later (deliverychain's housekeeping rules)."),
        action="If the problem was fixed, remove the acceptance; otherwise correct what it names.",
    )


def _invalid_ignore(finding: Finding, words: Words) -> Plain:
    rule, _ = _ignore_entry(finding)
    return Plain(
        headline="An acceptance in the chain file names no rule that can be accepted",
        about="",
        detail=f"The chain file accepts findings of '{rule}', which is not a rule that can be accepted.",
        why=("A misspelt acceptance matches nothing, so the reason written for it is lost (deliverychain's "
             "housekeeping rules)."),
        action="Correct the rule it names, or remove it.",
    )


Explainer = Callable[[Finding, Words], Plain]

#: Every analyser and housekeeping rule, by id; tests check that none is missing.
# --- added in 0.2.0 ------------------------------------------------------------------------------

_ROLE_WORDS = {Role.LEVER: "a lever", Role.EXTERNAL: "a team brought in from outside",
               Role.BOUNDARY_SPANNER: "a boundary spanner"}
_ROLE_CHECK = {Role.LEVER: "whether it moves anyone at the front line",
               Role.EXTERNAL: "whether the help it gives comes from people who know the place",
               Role.BOUNDARY_SPANNER: "whether the front line depends on this small group alone"}


def _role_suggested(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    actor = _example_or_subject(finding)
    role = suggested_role(words.kind_of(actor)) or Role.LEVER
    if n:
        headline = _fit(f"{pattern_actors(finding)} sound like {plural_of(_ROLE_WORDS[role].split(' ', 1)[1])} "
                        "but are not marked as such", "Actors not marked as what they are")
        about = words.names(examples, total=n)
    else:
        headline = _fit(f"{words.short(actor)} sounds like {_ROLE_WORDS[role]} but is not marked as one",
                        "An actor is not marked as what it is")
        about = words.name(actor)
    return Plain(
        headline=headline,
        about=about,
        detail=(f"{words.name(actor)} is described as {words.kind_of(actor).replace('-', ' ')}, which sounds like "
                f"{_ROLE_WORDS[role]}; marked as one, the review would check {_ROLE_CHECK[role]}."),
        why=("Levers connected to nothing and consultants 'parachuted in' are what a review of a chain looks for, "
             f"and it can see them only when the chain says what they are ({_BARBER}; {_SUCCESS_REGIME})."),
        action="Mark what the actor is in the chain file, or describe it in other words if it is not that.",
    )


def _stale_feedback(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    link = words.link(_example_or_subject(finding))
    lag = spoken(link.lag) if link is not None and link.lag else "long"
    limit = spoken(words.chain.chain.stale_after)
    receiver = link.target if link is not None else words.owner
    if n:
        phrase = _pattern_links(finding, words)
        headline = _fit(f"{phrase} carry data too old to act on")
        about = _pattern_about(finding, words)
    else:
        headline = _fit(f"{words.short(receiver)} hears {lag} late: too old to act on",
                        "Feedback arrives too old to act on")
        about = words.names([link.source, link.target]) if link is not None else ""
    phrase_one = capitalised(words.link_phrase(link)) if link is not None else "A return"
    return Plain(
        headline=headline,
        about=about,
        detail=(f"{phrase_one} carries data {lag} old when it arrives, older than {limit}: {words.name(receiver)} "
                "cannot tell from it whether what it does now is working."),
        why=("Data two years old left three departments 'unable to assess what progress they have made since the "
             f"target was established' ({_PAC_OBESITY})."),
        action=("Find a quicker source for the same question (a routine return, a sample measured within the year), "
                "or agree that this decision can wait for data this old."),
    )


def _no_breakdown(finding: Finding, words: Words) -> Plain:
    group = finding.subject.replace("-", " ")
    owner = words.owner_name
    return Plain(
        headline=_fit(f"Nothing reported to {words.short(words.owner)} is broken down by {group}",
                      f"Nothing reported is broken down by {group}", "Results are not broken down by group"),
        about="",
        detail=(f"The plan is meant to reach every {group} group, but none of what reaches {owner} is broken down "
                "that way: an average can improve while one group falls behind, and nobody who steers would see it."),
        why=("Reviewers asked for take-up measured 'across different social groups and different neighbourhoods' "
             f"({_PAC_OBESITY}) and for 'information on ethnicity and levels of deprivation' ({_CQC_MATERNITY})."),
        action=f"Break at least one return down by {group}, or show where the plan looks at {group} instead.",
    )


def _joint_owners(finding: Finding, words: Words) -> Plain:
    owners = words.chain.chain.owners
    arrangement = words.chain.chain.joint_arrangement
    if arrangement and finding.subject == arrangement:
        detail = (f"{words.owner_name} own the plan together and none of them leads; the arrangement through which "
                  f"they act together, {words.name(arrangement)}, is weak or not yet in place for some of them.")
        about = words.names([*owners, arrangement], limit=len(owners) + 1)
    else:
        detail = (f"{words.owner_name} own the plan together, and nothing says which of them leads or how they act "
                  "together.")
        about = words.owner_name
    return Plain(
        headline=_fit(f"{capitalised(counted(len(owners), ('owner', 'owners')))} and no lead: who answers for it?",
                      "Several owners and no lead"),
        about=about,
        detail=detail,
        why=("Three departments sharing one target were asked for 'a senior, high profile champion, to lead and "
             f"galvanise activity' ({_PAC_OBESITY}; {_NAO}, question 10)."),
        action=("Name the owner that leads, or make the joint arrangement work: how often it meets, what it decides "
                "and who answers for it."),
    )


def _short_of_capacity(finding: Finding, words: Words) -> Plain:
    n = folded_count(finding)
    examples = _examples(finding)
    actor = _example_or_subject(finding)
    part = ("its practice must change" if words.is_practice(actor)
            else "it steers the front line the plan depends on")
    if n:
        headline = _fit(f"{pattern_actors(finding)} lack the capacity to play their part")
        about = words.names(examples, total=n)
    else:
        headline = _fit(f"{words.short(actor)} lacks the capacity to play its part", "Not enough capacity to deliver")
        about = words.name(actor)
    return Plain(
        headline=headline,
        about=about,
        detail=(f"{words.name(actor)} is recorded as not having the people, time or money to play its part, and "
                f"{part}."),
        why=("Delivery needs enough capacity, including resources, and reviewers found 'not enough GPs to meet "
             f"demand' ({_NAO}, question 3; {_PAC_GP})."),
        action=("Say what the plan does about it (more people, time or money, or less asked of them); where "
                "capacity differs by place, show the places that are short."),
    )


EXPLAINERS: dict[str, Explainer] = {
    "DC101": _practice_unreached,
    "DC102": _beneficiaries_unreached,
    "DC103": _no_route_back,
    "DC104": _lever_to_nothing,
    "DC105": _absent_link,
    "DC106": _orphan,
    "DC107": _role_suggested,
    "DC201": _numbers_only_feedback,
    "DC202": _managed_by_numbers,
    "DC203": _rank_target,
    "DC204": _no_peer_learning,
    "DC205": _stale_feedback,
    "DC206": _no_breakdown,
    "DC301": _weak_link,
    "DC302": _told_only,
    "DC303": _judge_is_only_support,
    "DC304": _support_from_outside,
    "DC305": _single_point,
    "DC306": _unevidenced,
    "DC307": _disagreement,
    "DC308": _accountability,
    "DC309": _joint_owners,
    "DC310": _short_of_capacity,
    "DC901": _unused_ignore,
    "DC902": _invalid_ignore,
}


def explain(finding: Finding, words: Words) -> Plain:
    """The finding in plain English; a rule without its own wording falls back on its message and hint."""
    explainer = EXPLAINERS.get(finding.rule_id)
    if explainer is not None:
        return explainer(finding, words)
    return Plain(headline=_fit(finding.message), about="", detail=finding.message, why="",
                 action=finding.hint)
