"""A rule's documentation in its fixed sections, as text (`chain explain`) or Markdown.

Sections, always in this order and always present: what it checks, why it matters (with
its sources), a failing example, how to fix, and the NAO question it operationalises.
"""

from __future__ import annotations

import re
import textwrap

from deliverychain.rules.base import Rule

#: The twelve questions of NAO and Audit Commission, "Delivering efficiently: strengthening
#: the links in public service delivery chains" (2006), in their order.
NAO_QUESTIONS: dict[int, str] = {
    1: "Is the outcome clearly defined?",
    2: "Is the evidence base robust?",
    3: "Is there enough capacity, including resources, to deliver?",
    4: "Is there a shared operational plan?",
    5: "Are objectives supported by a funding strategy?",
    6: "Do agencies communicate regularly, using reliable information, at the right levels?",
    7: "Are levers and incentives fit for purpose?",
    8: "Are risks to the chain well managed?",
    9: "Do performance-management systems enable tracking of delivery?",
    10: "Is there strong leadership, accountable through clear governance, at all levels?",
    11: "Are there mechanisms for regular feedback and review supporting continuous learning?",
    12: "Have systems to achieve efficiency been built into the chain?",
}
NAO_SOURCE = ("NAO and Audit Commission, 'Delivering efficiently: strengthening the links in public "
              "service delivery chains', 2006")

SECTIONS = ("What it checks", "Why it matters", "Failing example", "How to fix", "NAO question")


def nao_text(rule: Rule) -> str:
    if rule.nao_question is None or rule.nao_question not in NAO_QUESTIONS:
        if rule.family == "format":
            return "None: this rule checks the file itself, before the chain is audited."
        return "None: this rule is not tied to one of the twelve questions."
    question = NAO_QUESTIONS[rule.nao_question]
    return f"Question {rule.nao_question}: {question} One of the twelve questions of {NAO_SOURCE}."


def title(rule: Rule) -> str:
    status = "" if rule.status == "stable" else f", {rule.status}"
    family = f", {rule.family}" if rule.family else ""
    return f"{rule.id} {rule.name} ({rule.severity.value}{family}{status})"


def since(rule: Rule) -> str:
    """The release that added the rule, as linters' rule references say: a finding new after an
    upgrade is then told from a change in the chain."""
    return f"Since deliverychain {rule.since}."


def _wrap(text: str, width: int, indent: str = "  ") -> str:
    paragraphs = [p.strip() for p in text.strip().split("\n\n")]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width=width, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs if p
    )


def rule_text(rule: Rule, width: int = 88) -> str:
    why = _wrap(rule.why, width)
    if rule.references:
        why += "\n\n  Sources:\n" + "\n".join(
            textwrap.fill(ref, width=width, initial_indent="  - ", subsequent_indent="    ")
            for ref in rule.references
        )
    example = "\n".join(f"    {line}" for line in rule.example.rstrip("\n").splitlines())
    bodies = (_wrap(rule.summary, width), why, example, _wrap(rule.fix, width), _wrap(nao_text(rule), width))
    sections = [f"{heading}\n{body}" for heading, body in zip(SECTIONS, bodies, strict=True)]
    return "\n\n".join([title(rule), since(rule), *sections]) + "\n"


#: An inline code span: a run of backticks, anything, the same run again (CommonMark 6.1).
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
#: '<' would start an HTML tag ("intended_gap: <why>" lost its "<why>"), '&' an entity.
_HTML_SPECIALS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def prose(text: str) -> str:
    """Rule text as Markdown that shows exactly as written.

    Code spans are left alone, since Markdown already shows them literally; elsewhere the
    characters that start HTML are written as entities. The rules' own text is written
    for people and for `chain explain`, so it is escaped here, where it becomes Markdown.
    """
    pieces, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        pieces += [text[last:span.start()].translate(_HTML_SPECIALS), span.group(0)]
        last = span.end()
    pieces.append(text[last:].translate(_HTML_SPECIALS))
    return "".join(pieces)


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in `text`, so the example cannot close it."""
    longest, run = 0, 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def rule_markdown(rule: Rule, level: int = 2) -> str:
    hashes = "#" * level
    sub = "#" * (level + 1)
    why = prose(rule.why.strip())
    if rule.references:
        why += "\n\nSources:\n\n" + "\n".join(f"- {prose(ref)}" for ref in rule.references)
    example = rule.example.rstrip("\n")
    fence = _fence(example)
    bodies = (prose(rule.summary.strip()), why, f"{fence}yaml\n{example}\n{fence}", prose(rule.fix.strip()),
              prose(nao_text(rule)))
    sections = [f"{sub} {heading}\n\n{body}" for heading, body in zip(SECTIONS, bodies, strict=True)]
    return "\n\n".join([f"{hashes} {title(rule)}", since(rule), *sections]) + "\n"
