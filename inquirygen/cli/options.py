"""Option values that need more than click's types: dates as the German offices write them."""

from __future__ import annotations

import datetime

import click


def date_option(value: str, param_hint: str | None = None) -> datetime.date:
    """``15.09.2025`` or ``2025-09-15`` as a date; anything else is a usage error (exit code 2)."""
    from ..schema import parse_date

    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error).splitlines()[0], param_hint=param_hint) from None
