"""A chain written as a chain file again: YAML or JSON, every field it was given.

Fields are written only where the chain set them (a default stays unwritten), in the order
of the format. The YAML follows the YAML 1.2 core schema the reader uses: text that would
read as something else there (`1e3`, `0o17`, `true`) is quoted, and dates are written plainly.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deliverychain.model import Chain


def chain_data(chain: Chain) -> dict[str, Any]:
    """The chain as plain data: what a chain file holds, without the defaults it left out."""
    return chain.model_dump(mode="json", by_alias=True, exclude_unset=True)


#: Characters a chain file may not hold raw (see the loader): inside JSON text they are escaped.
_ESCAPED_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def to_json(chain: Chain) -> str:
    text = json.dumps(chain_data(chain), indent=2, ensure_ascii=False)
    return _ESCAPED_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def to_yaml(chain: Chain) -> str:
    """YAML in the style of a hand-written chain file."""
    import yaml

    text = yaml.dump(chain_data(chain), Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100)
    text = re.sub(r"\n(?=[^\s#])", "\n\n", text)  # a blank line before each block, as people write them
    return text


# The YAML 1.2 core schema's scalars other than text (as yamlsource's exact reader resolves them).
_CORE_12 = {
    "tag:yaml.org,2002:null": (r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    "tag:yaml.org,2002:bool": (r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    "tag:yaml.org,2002:int": (r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", list("-+0123456789")),
    "tag:yaml.org,2002:float": (r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", list("-+0123456789.")),
}
_DUMPER: type | None = None


def _dumper() -> type:
    """PyYAML's safe dumper with YAML 1.2 core resolution, flow lists of plain values, and
    text of several lines as literal blocks."""
    global _DUMPER
    if _DUMPER is not None:
        return _DUMPER
    import yaml

    class ChainDumper(yaml.SafeDumper):
        yaml_implicit_resolvers: dict[str, Any] = {}  # noqa: RUF012 (PyYAML's own class attribute)

        def represent_sequence(self, tag: str, sequence: Any, flow_style: bool | None = None) -> Any:
            plain = all(not isinstance(item, (dict, list)) for item in sequence)
            return super().represent_sequence(tag, sequence, flow_style=plain)

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
            return super().increase_indent(flow, False)  # list items indented under their key

        def represent_str(self, data: str) -> Any:
            style = "|" if "\n" in data.strip("\n") else None
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    for tag, (pattern, first) in _CORE_12.items():
        ChainDumper.add_implicit_resolver(tag, re.compile(f"^(?:{pattern})$"), first)
    ChainDumper.add_representer(str, ChainDumper.represent_str)
    _DUMPER = ChainDumper
    return ChainDumper


def comment_lines(text: str) -> int:
    """How many lines of a YAML chain file hold a comment: what no other format keeps.

    A '#' is a comment unless it is inside a value (a quoted or block text); the values'
    places come from libyaml's scanner, which takes milliseconds even for a national chain.
    """
    if "#" not in text:
        return 0
    import bisect

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        spans = [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text, Loader=loader)
                 if isinstance(t, yaml.ScalarToken)]
    except yaml.YAMLError:
        return 0
    starts = [start for start, _ in spans]
    count = 0
    at = text.find("#")
    while at >= 0:
        inside = bisect.bisect_right(starts, at) - 1
        if inside < 0 or at >= spans[inside][1]:
            count += 1
            at = text.find("\n", at)  # the rest of the line is the comment
            if at < 0:
                break
        at = text.find("#", at + 1)
    return count
