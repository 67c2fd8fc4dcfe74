"""The model layer: a chain as typed objects, and the problems of a file that reads as data
but is not a valid chain.

- `classes.py`: the pydantic classes (`Chain`, `Actor`, `Link`...), whose fields are the file format;
- `validation.py`: pydantic's errors turned into problems at their place in the file;
- `references.py`: the cross-references (which keys name which ids), from one table;
- `chunked.py`: a large chain validated a chunk at a time;
- `loading.py`: a file or text through the load stage (`deliverychain.reading`) and the above,
  to a typed chain or every problem that stops it;
- `schema.py`, `graph.py`: the format as JSON Schema, a chain as a networkx graph.
"""

from __future__ import annotations

from deliverychain.model.classes import (
    Actor,
    Assessment,
    Chain,
    ChainInfo,
    IgnoreEntry,
    Link,
    Source,
    Target,
    View,
)

__all__ = ["Actor", "Assessment", "Chain", "ChainInfo", "IgnoreEntry", "Link", "Source", "Target", "View"]
