"""The one way Payband writes money, ranges and tables, so every channel shows figures alike."""

from __future__ import annotations

from typing import Sequence

from knowledge.loader import Range

DASH = "–"  # en dash, as in the benchmark's own ranges


def money(amount: float) -> str:
    """85000 -> '£85,000' (whole pounds)."""
    return f"£{int(round(amount)):,}"


def money_range(band: Range) -> str:
    """'£85,000 – £130,000'; open-ended bands keep their '+' so no false ceiling is shown."""
    text = f"{money(band.low)} {DASH} {money(band.high)}"
    if band.open_ended:
        text += "+"
    if band.plus:
        text += f" plus {band.plus}"
    return text


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table whose columns line up in any monospace view."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=False)).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths])] + [line(row) for row in rows])
