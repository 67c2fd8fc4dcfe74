"""The JSON Schema of the chain format, for editors and other validators."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://deliverychain.readthedocs.io/schema/chain.schema.json"


def chain_schema() -> dict[str, Any]:
    from deliverychain.model import Chain
    from deliverychain.vocab import DEFAULT_TIERS

    schema = Chain.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "deliverychain chain file"
    schema["description"] = (
        "A policy-to-practice delivery chain: actors, the links between them, and the evidence. "
        f"Default tiers, top to bottom: {', '.join(DEFAULT_TIERS)}."
    )
    return schema


def chain_schema_json() -> str:
    return json.dumps(chain_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
