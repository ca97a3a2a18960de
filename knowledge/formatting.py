"""The one way Payband writes money and ranges, so every channel shows figures alike."""

from __future__ import annotations

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
