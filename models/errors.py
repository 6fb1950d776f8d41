"""Errors raised by ``models``: one line each, naming the file, the field, the value and what was
expected with its unit."""

from __future__ import annotations


class InputDataError(ValueError):
    """An input to a physical or economic model is missing, unreadable or out of range.

    The message is one line: ``<file>: <field> = <value>: expected <what> [<unit>]`` (the file
    part is left out when the input did not come from a file).
    """


def input_error(
    field: str, value: object, expected: str, file: str | None = None
) -> InputDataError:
    """Build an :class:`InputDataError` with the one-line message format used across ``models``.

    Parameters
    ----------
    field : str
        Dotted name of the offending field, e.g. ``"weather.ghi"`` or ``"wind.turbine_type"``.
    value : object
        The value found (shown with ``repr``).
    expected : str
        What was expected, with its unit, e.g. ``"8760 hourly rows"``.
    file : str, optional
        The file the value was read from, if any.
    """
    where = f"{file}: " if file else ""
    text = f"{where}{field} = {value!r}: expected {expected}"
    return InputDataError(" ".join(text.split()))
