"""A chain written in other formats: chain files, spreadsheets, and networks for other tools.

    >>> from deliverychain.exports import export
    >>> data = export(chain, "graphml")          # bytes; "csv" gives {file name: bytes}

The first four formats hold the whole chain and read back as the same chain (`chain
convert` goes between them in every direction); the others are for other tools.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deliverychain.model import Chain


@dataclass(frozen=True)
class Format:
    name: str
    #: Output file endings that choose this format (the longest match wins: .kumu.json before .json).
    suffixes: tuple[str, ...]
    description: str
    #: Holds the whole chain, so that it reads back as the same chain.
    whole_chain: bool
    #: Written as a folder of files.
    folder: bool = False


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("yaml", (".yaml", ".yml"), "a chain file (YAML)", True),
    Format("json", (".json",), "a chain file in JSON", True),
    Format("xlsx", (".xlsx",), "an Excel workbook, with drop-downs for every vocabulary", True),
    Format("csv", (), "a folder of CSV files, one per sheet of the workbook", True, folder=True),
    Format("graphml", (".graphml",), "GraphML, for yEd, Gephi and networkx", False),
    Format("gexf", (".gexf",), "GEXF 1.3, for Gephi", False),
    Format("kumu", (".kumu.json",), "a Kumu blueprint (JSON), to open the chain in Kumu", False),
    Format("edges", (".csv",), "a CSV edge list (source, target, kind, strength...)", False),
)}


def format_for_name(file_name: str) -> Format | None:
    """The format an output file's name asks for, by its ending."""
    lowered = file_name.lower()
    matches = [(len(suffix), f) for f in FORMATS.values() for suffix in f.suffixes if lowered.endswith(suffix)]
    return max(matches, key=lambda match: match[0])[1] if matches else None


def export(chain: Chain, format: str) -> bytes | dict[str, bytes]:
    """The chain in `format` (a name of FORMATS): bytes, or {file name: bytes} for a folder."""
    writers: dict[str, Callable[[Chain], bytes | str | dict[str, bytes]]] = _writers()
    if format not in writers:
        raise ValueError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    data = writers[format](chain)
    return data.encode("utf-8") if isinstance(data, str) else data


def _writers() -> dict[str, Callable[[Chain], bytes | str | dict[str, bytes]]]:
    from deliverychain.exports import chainfile, csvfiles, kumu, network, workbook

    return {
        "yaml": chainfile.to_yaml,
        "json": chainfile.to_json,
        "xlsx": workbook.to_xlsx,
        "csv": csvfiles.to_csv_files,
        "graphml": network.to_graphml,
        "gexf": network.to_gexf,
        "kumu": kumu.to_kumu,
        "edges": network.to_edge_list,
    }
