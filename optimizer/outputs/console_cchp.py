"""The console's lines of combined cooling, heat and power: the cooling demand with what each
chiller and the cold store gave (and each chiller's mean COP), the CHP's electricity, heat and
gas. Read from summary.json's ``energy_mwh`` (``converter_columns``); none without them. And
which carriers a summary has (``present_carriers``), from the registry."""

from __future__ import annotations

from parkopt.optimizer.common.numbers import qty
from parkopt.optimizer.schema.carriers import CARRIERS, NODE_CARRIERS
from parkopt.optimizer.schema.technologies import ALL_CONVERTERS, TECHNOLOGIES

LABELS = {t.name: t.label for t in TECHNOLOGIES}
CHILLERS = {t.name: t.takes[0] for t in ALL_CONVERTERS if "cooling" in t.gives}
"""Each chiller technology and the carrier that drives it (from the registry)."""


def _cop(out: float, taken: float) -> str:
    return f" (COP {out / taken:.2f})" if taken > 1e-9 else ""


def cooling_line(energy: dict) -> list[str]:
    """``Cooling 15,000 MWh_c/year: Electric chiller 11,168 MWh_c (COP 6.12), ...``."""
    if "cooling_demand" not in energy:
        return []
    parts = [
        f"{LABELS[k]} {qty(energy[f'{k}_cooling'], 'MWh_c')}"
        + _cop(energy[f"{k}_cooling"], energy.get(f"{k}_{src}", 0.0))
        for k, src in CHILLERS.items()
        if f"{k}_cooling" in energy
    ]
    if "cold_storage_discharge" in energy:
        parts.append(
            f"{LABELS['cold_storage']} {qty(energy['cold_storage_discharge'], 'MWh_c')} out"
        )
    demand = qty(energy["cooling_demand"], "MWh_c/year")
    return [f"  Cooling {demand}: " + ", ".join(parts) if parts else f"  Cooling {demand}"]


def chp_line(energy: dict) -> list[str]:
    """``Gas CHP 20,204 MWh_e and 32,326 MWh_th from 67,347 MWh of gas (LHV)``."""
    if "chp_electricity" not in energy:
        return []
    e, h, g = (energy[f"chp_{c}"] for c in ("electricity", "heat", "gas"))
    return [
        f"  {LABELS['chp']} {qty(e, 'MWh_e')} and {qty(h, 'MWh_th')} from {qty(g, 'MWh')} "
        f"of gas (LHV){'' if g <= 1e-9 else f'; overall efficiency {(e + h) / g:.0%}'}"
    ]


def cchp_lines(summary: dict) -> list[str]:
    energy = summary.get("energy_mwh", {})
    return chp_line(energy) + cooling_line(energy)


def present_carriers(summary: dict) -> set[str]:
    """Electricity and each carrier the summary has a block of (heat: ``heat_<level>``)."""
    keys = summary.get("carriers", {})
    return {"electricity"} | {c for c in CARRIERS if any(k.partition("_")[0] == c for k in keys)}


def served_words(carriers: set[str]) -> str:
    """What the LCOE is per kWh of: the load, heat, each carrier's own demand present."""
    words = ["load", *(["heat"] if "heat" in carriers else [])]
    words += [c.label.lower() for c in NODE_CARRIERS if c.name in carriers]
    return "of " + " and ".join([", ".join(words[:-1]), words[-1]] if words[1:] else words)
