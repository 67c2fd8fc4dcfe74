"""Placeholder until the analysers land."""

from deliverychain.rules.base import Rule

RULES: tuple[Rule, ...] = ()
