"""The Python API: load, loads, to_networkx."""

from __future__ import annotations

import importlib

import deliverychain
from tests.test_loader import VALID


def test_public_names_resolve_lazily():
    assert deliverychain.load.__module__ == "deliverychain.pipeline"
    importlib.import_module("deliverychain.reading")  # the load stage, named so that `load` stays the function
    assert callable(deliverychain.load)
    assert deliverychain.Chain.__name__ == "Chain"
    assert callable(deliverychain.audit)


def test_load_returns_typed_chain(write_chain):
    chain = deliverychain.load(write_chain(VALID))
    assert isinstance(chain, deliverychain.Chain)
    assert chain.actor("nurse").roles == ["practice"]


def test_to_networkx_keeps_every_attribute():
    graph = deliverychain.loads(VALID).to_networkx()
    assert sorted(graph.nodes) == ["dhsc", "nurse"]
    assert graph.nodes["nurse"]["tier"] == "frontline"
    assert graph.nodes["nurse"]["roles"] == ["practice"]
    ((source, target, key, data),) = graph.edges(keys=True, data=True)
    assert (source, target, key) == ("dhsc", "nurse", "dhsc->nurse:mandate")
    assert data["strength"] == "weak" and data["evidence"] == ["nao-2005"]
    assert graph.graph["owner"] == "dhsc"
    assert graph.graph["tier_order"][0] == "government"


def test_chain_error_carries_problems():
    try:
        deliverychain.loads(VALID.replace("kind: mandate", "kind: orders"))
    except deliverychain.ChainError as error:
        assert error.problems[0].rule_id == "DC009"
    else:
        raise AssertionError("expected ChainError")


def test_the_report_formats_of_the_command_are_the_pipelines():
    from deliverychain.cli.audit_cmd import FORMATS
    from deliverychain.pipeline import REPORT_FORMATS

    assert tuple(REPORT_FORMATS) == FORMATS


def test_a_chain_shows_as_its_diagram_once_the_pipeline_has_handed_the_model_a_way_to_draw():
    from deliverychain.model import classes

    chain = deliverychain.loads(VALID)  # the public name: the pipeline is imported
    assert chain._repr_svg_().startswith("<?xml") or "<svg" in chain._repr_svg_()[:500]
    drawer = classes._draw_svg
    try:
        classes.show_chains_as(None)
        assert chain._repr_svg_() is None
    finally:
        classes.show_chains_as(drawer)
