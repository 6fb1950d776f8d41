"""Every run judged against the rules a park files against, target or not.

summary.json's ``compliance`` block: each rule with its value, threshold, pass or fail, and
the shadow price where the run has it as a target; and ``purchases``, what the park buys
each year (grid power, green certificates or green power, contract energy, purchased heat,
gas). Reads a finished dispatch and the PlanInputs it came from (``whole_park.annual_of``
and ``accounting.ratio_values``: the same accounting as the LP's rows), changes neither.

The rules:

- the notice's core indicator (发改环资〔2025〕910号): tCO2 per tce of energy used, at most
  0.2 for parks using 200,000-1,000,000 tce a year and 0.3 above; the notice sets none below
  200,000 (``indicator.threshold_tco2_per_tce`` takes a provincial one);
- clean energy at least 90 % of the energy used (guiding; natural gas counted as clean or not
  by ``indicator.gas_is_clean``, both shares reported);
- green power supplied directly at least 50 % of the electricity used (the notice's
  principle; ``carbon.green_direct_share`` makes it a target);
- with ``green_direct_connection`` (发改能源〔2025〕650号, grid-connected projects): own PV and
  wind consumed at least 60 % of their available generation and at least 30 % of the total
  consumption (35 % from 2030), exports at most 20 % of the available generation.
"""

from __future__ import annotations

from dataclasses import replace

from parkopt.models.units import KWH_PER_MWH
from parkopt.optimizer.accounts import targets, whole_park
from parkopt.optimizer.common import accounting
from parkopt.optimizer.inputs.plan_inputs import PlanInputs, contract_prices

NOTICE = "发改环资〔2025〕910号"
"""The zero-carbon park notice (NDRC, MIIT, NEA, 2025)."""
DIRECT_CONNECTION = "发改能源〔2025〕650号"
"""The green-power direct-connection notice (NDRC, NEA, 2025)."""
BANDS = ((200_000.0, "below_200k", None), (1_000_000.0, "200k_to_1m", 0.2))
"""Energy-use bands of the notice [tce/year] (upper end, name, tCO2/tce threshold)."""
ABOVE_1M = ("above_1m", 0.3)
"""The band above 1,000,000 tce/year and its threshold [tCO2/tce]."""
CLEAN_SHARE_GUIDE = 0.9
"""The notice's guiding clean energy share [-]."""
GREEN_DIRECT_PRINCIPLE = 0.5
"""The notice's principle for green power supplied directly, of electricity used [-]."""
PASS_REL_TOL = 1e-6
"""A value within this (relative) of its threshold passes: LP solutions sit on it."""


def band(energy_tce: float) -> tuple[str, float | None]:
    """The notice's band of a park using ``energy_tce`` a year and its threshold
    [tCO2/tce] (None below 200,000 tce)."""
    for upper, name, threshold in BANDS:
        if energy_tce < upper:
            return name, threshold
    return ABOVE_1M


def passes(value: float | None, threshold: float | None, sense: str) -> str:
    """``pass``, ``fail`` or ``no_threshold`` (no threshold or no value)."""
    if value is None or threshold is None:
        return "no_threshold"
    slack = PASS_REL_TOL * max(abs(threshold), 1e-9)
    ok = value <= threshold + slack if sense == "max" else value >= threshold - slack
    return "pass" if ok else "fail"


def _rule(key, value, threshold, kind: str, source: str, note: str, duals, cur) -> dict:
    """One rule's row; its sense and unit from the targets table (``targets.BY_ROW``)."""
    t = targets.BY_ROW[key]
    sense = "max" if t.sense == "<=" else "min"
    return {
        "key": key,
        "value": value,
        "threshold": threshold,
        "sense": sense,
        "unit": t.unit,
        "status": passes(value, threshold, sense),
        "kind": kind,
        "target": key in duals,
        "shadow_price": duals.get(key),
        "shadow_price_unit": f"{cur}/{t.row_unit}",
        "source": source,
        "note": note,
    }


def _indicator_rule(value, energy: float, inputs: PlanInputs, duals, cur) -> dict:
    name, threshold = band(energy)
    own = inputs.scenario.indicator.threshold_tco2_per_tce
    if own is not None:
        note = (
            f"threshold set by indicator.threshold_tco2_per_tce (the notice's band for "
            f"{energy:,.0f} tce/year: {threshold if threshold is not None else 'none'})"
        )
        threshold = own
    elif threshold is None:
        note = (
            f"the notice sets none below 200,000 tce/year, and this park uses {energy:,.0f} "
            "(0.2 applies from 200,000 to 1,000,000); indicator.threshold_tco2_per_tce sets a "
            "provincial one"
        )
    else:
        note = f"band {name} of the park's {energy:,.0f} tce/year"
    return _rule(targets.INDICATOR, value, threshold, "required", NOTICE, note, duals, cur)


DIRECT_CONNECTION_NOTES = {
    targets.GDC_SELF: "own PV and wind consumed over their available generation",
    targets.GDC_CONSUMPTION: "own PV and wind consumed over total consumption",
    targets.GDC_EXPORT: "export over the available generation (provincial limit)",
}
"""What each direct-connection ratio is of."""


def rules(inputs: PlanInputs, a: accounting.Annual, duals: dict, cur: str) -> list[dict]:
    """Every rule that applies to the run, in the order of the module docstring."""
    s = inputs.scenario
    values = accounting.ratio_values(a, s)
    energy = float(accounting.energy_tce(a, s))
    out = [_indicator_rule(values[targets.INDICATOR], energy, inputs, duals, cur)]
    note = _clean_note(a, s, energy)
    clean = values[targets.CLEAN]
    out.append(_rule(targets.CLEAN, clean, CLEAN_SHARE_GUIDE, "guiding", NOTICE, note, duals, cur))
    own = s.carbon.green_direct_share
    threshold = own if own is not None else GREEN_DIRECT_PRINCIPLE
    kind = "principle" if own is None else "required"
    note = "own PV and wind consumed in the park over electricity used; certificates excluded"
    direct = values[targets.GREEN_DIRECT]
    out.append(_rule(targets.GREEN_DIRECT, direct, threshold, kind, NOTICE, note, duals, cur))
    for row, limit in targets.direct_connection_ratios(s).items():
        note = DIRECT_CONNECTION_NOTES[row]
        out.append(_rule(row, values[row], limit, "required", DIRECT_CONNECTION, note, duals, cur))
    return out


def _clean_note(a: accounting.Annual, s, energy: float) -> str:
    """Whether gas counts as clean here, and the share both ways."""
    with_gas = float(accounting.clean_tce(a, s, True)) / energy if energy > 0 else None
    without = float(accounting.clean_tce(a, s, False)) / energy if energy > 0 else None
    counted = "counted as clean" if s.indicator.gas_is_clean else "not counted as clean"
    return (
        f"natural gas {counted} (indicator.gas_is_clean); with gas "
        f"{_pct(with_gas)}, without {_pct(without)}"
    )


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def compliance_block(
    d, inputs: PlanInputs, duals: dict[str, float | None], green_cost: float = 0.0
) -> dict:
    """summary.json's ``compliance``: ``energy_tce`` [tce/year], ``band``, ``rules`` (see
    ``rules``), ``by_rule`` (each rule's value, threshold and status by key) and, where
    green energy is bought, ``green_purchase`` (MWh, its cost ``green_cost`` as the run's
    cost parts have it [currency/year], share of grid imports, and the indicator without it
    [tCO2/tce])."""
    s, cur = inputs.scenario, inputs.scenario.tariff.currency
    a = whole_park.annual_of(d, inputs)
    rows = set(targets.target_values(inputs))
    target_duals = {row: duals.get(row) for row in targets.RATIO_ROWS if row in rows}
    energy = float(accounting.energy_tce(a, s))
    listed = rules(inputs, a, target_duals, cur)
    out = {
        "energy_tce": energy,
        "band": band(energy)[0],
        "rules": listed,
        # the same by key (value, threshold, status): study tables keep dicts, not lists
        "by_rule": {r["key"]: {k: r[k] for k in ("value", "threshold", "status")} for r in listed},
    }
    green = float(a.green_purchase_mwh)
    if green > 0:
        imported = float(a.grid_import_mwh)
        bought_none = replace(a, green_purchase_mwh=0.0)
        without = accounting.ratio_values(bought_none, s)[targets.INDICATOR]
        out["green_purchase"] = {
            "mwh": green,
            "cost_cny_per_year": green_cost,
            "share_of_grid_import": green / imported if imported > 0 else None,
            "tco2_per_tce_without": without,
        }
    return out


def purchases(summary: dict, inputs: PlanInputs) -> list[dict]:
    """What the park buys each year: grid electricity, green certificates or green power,
    contract energy, purchased heat and gas, each with MWh/year and its cost
    [currency/year] (and a quantity in its own unit where it has one: GJ, m3); items of
    zero are left out."""
    e, cost, s = summary["energy_mwh"], summary["cost"], inputs.scenario
    out = [_item("grid_electricity", e["grid_import"], cost["grid_import"])]
    gp = summary.get("green_purchase_mwh") or 0.0
    out.append(_item("green_purchase", gp, cost.get("green_purchase", 0.0)))
    contract = cost.get("contract_payments", 0.0)
    if contract:
        delivered = sum(e.get(k, 0.0) for k in _contracted(s))
        out.append(_item("contract_energy", delivered, contract))
    heat = e.get("heat_purchased", 0.0)
    out.append(
        _item(
            "purchased_heat",
            heat,
            cost.get("purchased_heat", 0.0),
            heat * accounting.GJ_PER_MWH,
            "GJ",
        )
    )
    gas = e.get("gas", 0.0)
    m3 = gas * KWH_PER_MWH / s.heat.gas.kwh_per_m3 if s.heat is not None else None
    out.append(_item("gas", gas, cost.get("gas", 0.0), m3, "m3"))
    return [row for row in out if row["mwh"] > 1e-9]


def _contracted(scenario) -> list[str]:
    """The technologies under contract, by their energy keys (``energy_mwh``)."""
    names = contract_prices(scenario)
    return ["thermal_storage_discharge" if n == "thermal_storage" else n for n in names]


def _item(key: str, mwh: float, cost: float, quantity=None, unit=None) -> dict:
    return {
        "key": key,
        "mwh": float(mwh),
        "cost_cny_per_year": float(cost),
        "quantity": None if quantity is None else float(quantity),
        "quantity_unit": unit,
    }
