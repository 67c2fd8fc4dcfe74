"""`--limit NAME=VALUE`: raise (or lower) one of `deliverychain.limits` for one command."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _parse(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, int]:
    from deliverychain.limits import LimitSettingError, parse_setting

    settings = {}
    for text in values:
        try:
            name, value = parse_setting(text)
        except LimitSettingError as error:
            raise click.BadParameter(f"{error.message} ({error.hint})", ctx, param) from None
        settings[name] = value
    return settings


def limit_option(command: F) -> F:
    from deliverychain.limits import LIMITS

    defaults = ", ".join(f"{limit.name} ({limit.default:,})" for limit in LIMITS.values())
    return click.option(
        "--limit", "limit_settings", multiple=True, metavar="NAME=VALUE", callback=_parse,
        help=f"Raise a limit for this command, e.g. --limit actors=5000 (repeatable). Limits and defaults: "
             f"{defaults}; also set by DELIVERYCHAIN_LIMIT_<NAME> (docs/robustness.md).")(command)


@contextlib.contextmanager
def limits_in_force(settings: dict[str, int]) -> Iterator[None]:
    """The command's `--limit` settings over the environment's; a bad variable is exit 2."""
    from deliverychain import limits
    from deliverychain.cli.files import fail

    try:
        limits.from_environment()
    except limits.LimitSettingError as error:
        fail(error.message, error.hint)
    with limits.using(settings):
        yield
