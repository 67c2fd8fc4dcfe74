#!/usr/bin/env python3
"""A scripted redraft of the national chain, for timing `chain diff` at national scale.

    python benchmarks/national_redraft.py                 # writes build/national.yaml and
                                                          # build/national-redraft.yaml
    python benchmarks/national_redraft.py -o build/bench  # into another folder

The first draft is `national_chain.py`'s chain, unchanged. The redraft touches every kind
of change `chain diff` looks for, at the scale a real national redraft would:

- 23 Cancer Alliances added, one for every two ICBs of a region, supporting them, with learning back;
- learning from the front line strengthened in two regions (feedback weak -> adequate,
  GPs' and nurses' stories to their networks);
- every NHS England region's id renamed (`region-y56` -> `nhse-region-y56`): 7 renames
  whose links must follow them;
- two trusts merged into one: one trust, its diagnostic team and their links removed;
- practices in one ICB send learning with their data returns (carries changed);
- links and actors reordered, and the file written in another style (no change at all).

Same data in, same bytes out.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national_chain

#: Regions whose front-line feedback the redraft strengthens.
STRONGER_FEEDBACK = ("NHS England North East and Yorkshire", "NHS England South West")


def redraft(chain: dict[str, Any]) -> dict[str, Any]:
    actors: list[dict[str, Any]] = [dict(a) for a in chain["actors"]]
    links: list[dict[str, Any]] = [dict(lk) for lk in chain["links"]]
    by_id = {a["id"]: a for a in actors}
    region_names = {a["id"]: a["name"] for a in actors if a["kind"] == "region"}

    # Two trusts merge: the second of the first two trusts in one ICB goes, with its team.
    trusts_by_icb: dict[str, list[str]] = {}
    for link in links:
        if link["kind"] == "commissioning" and by_id[link["to"]]["kind"] == "trust":
            trusts_by_icb.setdefault(link["from"], []).append(link["to"])
    merged_away = next(trusts[1] for _, trusts in sorted(trusts_by_icb.items()) if len(trusts) > 1)
    gone = {merged_away, "team-" + merged_away.removeprefix("trust-")}
    actors = [a for a in actors if a["id"] not in gone]
    links = [lk for lk in links if lk["from"] not in gone and lk["to"] not in gone]

    # Front-line stories heard: feedback strengthened in two regions.
    stronger = {a["id"] for a in actors if a.get("group", "").endswith(STRONGER_FEEDBACK)}
    for link in links:
        if link["kind"] == "feedback" and link["from"] in stronger:
            link["strength"] = "adequate"
            link["note"] = "Monthly learning sessions with the network's clinical lead."

    # Practices of one ICB send learning with their returns.
    first_icb = sorted(trusts_by_icb)[0]
    sub_icbs = {lk["to"] for lk in links if lk["from"] == first_icb and lk["kind"] == "mandate"}
    for link in links:
        if link["kind"] == "reporting" and link["from"].startswith("practice-") and link["to"] in sub_icbs:
            link["carries"] = ["metrics", "learning"]

    # Cancer Alliances: one for every two ICBs of a region, supporting them, with learning back.
    icbs_by_region: dict[str, list[str]] = {}
    for link in links:
        if link["kind"] == "performance-management" and link["from"] in region_names \
                and by_id[link["to"]]["kind"] == "icb":
            icbs_by_region.setdefault(link["from"], []).append(link["to"])
    for region, icbs in sorted(icbs_by_region.items()):
        for n in range(0, len(icbs), 2):
            alliance = f"alliance-{region.removeprefix('region-')}-{n // 2 + 1}"
            name = region_names[region]
            actors.append({"id": alliance, "name": f"Cancer Alliance {n // 2 + 1}, {name}", "tier": "system",
                           "kind": "cancer-alliance", "group": f"Cancer Alliances, {name}"})
            links.append({"from": "nhse", "to": alliance, "kind": "funding", "carries": ["money"],
                          "strength": "strong"})
            for icb in icbs[n:n + 2]:
                links.append({"from": alliance, "to": icb, "kind": "support", "carries": ["guidance", "learning"],
                              "strength": "adequate", "character": "collaborative"})
                links.append({"from": icb, "to": alliance, "kind": "feedback", "carries": ["learning"],
                              "strength": "adequate"})

    # The regions' ids renamed; every link follows.
    renamed = {region: "nhse-" + region for region in region_names}
    for actor in actors:
        actor["id"] = renamed.get(actor["id"], actor["id"])
    for link in links:
        link["from"] = renamed.get(link["from"], link["from"])
        link["to"] = renamed.get(link["to"], link["to"])

    # Reordered: no change, but no help to the matcher either.
    shuffle = random.Random(2025)
    shuffle.shuffle(links)
    shuffle.shuffle(actors)
    return {**chain, "actors": actors, "links": links}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default="build", help="folder to write both drafts to (default: %(default)s)")
    args = parser.parse_args(argv)
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    first = national_chain.build()
    second = redraft(first)
    for name, chain in (("national.yaml", first), ("national-redraft.yaml", second)):
        (folder / name).write_text(national_chain.to_yaml(chain), encoding="utf-8")
        print(f"{folder / name}: {len(chain['actors']):,} actors, {len(chain['links']):,} links")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
