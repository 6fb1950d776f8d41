"""What a person reads from a study table: the siting ranking, the cap sweep, the
sensitivity of each output to each input, the variants side by side (CSV and figures)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from parkopt.optimizer.outputs.compare import compare_table
from parkopt.optimizer.plots.compare import plot_compare
from parkopt.optimizer.plots.study import (
    COST,
    STUDY_OUTPUTS,
    plot_cap_sweep,
    plot_siting_map,
    plot_siting_resource,
    plot_tornado,
)
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS, GENERATORS
from parkopt.optimizer.study.spec import StudySpec

SITING_COLUMNS = {
    "in.site": "site",
    "lcoe_per_kwh": "lcoe_per_kwh",
    COST: "total_annual_cost",
    **{f"capacity.{key}": key for key in CAPACITY_KEYS},
    "renewable_share": "renewable_share",
    "hourly_matched_share": "hourly_matched_share",
    "resource.wind_mean_speed_hub_m_per_s": "wind_mean_speed_hub_m_per_s",
    **{f"resource.{g.name}_full_load_hours": f"{g.name}_full_load_hours" for g in GENERATORS},
    **{
        f"resource.reference.{g.name}.full_load_hours": f"{g.name}_reference_full_load_hours"
        for g in GENERATORS
    },
    "resource.calibration.factor": "wind_calibration_factor",
    "resource.calibration.source": "wind_calibration_source",
    "warnings": "warnings",
    "location.latitude_deg": "latitude_deg",
    "location.longitude_deg": "longitude_deg",
}


def succeeded(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["status"] != "failed"] if "status" in table else table


def failed(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(name, reason) of the failed runs."""
    if "status" not in table:
        return []
    rows = table[table["status"] == "failed"]
    return [(str(r["name"]), str(r["error"])) for _, r in rows.iterrows()]


def siting_ranking(table: pd.DataFrame) -> pd.DataFrame:
    """Sites ranked by levelised cost: cost, capacities and green shares."""
    ok = succeeded(table)
    present = {k: v for k, v in SITING_COLUMNS.items() if k in ok}
    ranked = ok[list(present)].rename(columns=present).sort_values("lcoe_per_kwh")
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked.reset_index(drop=True)


def tornado_effects(table: pd.DataFrame, inputs: list[str]) -> pd.DataFrame:
    """Effect of each input on each output: mean output over the runs in the input's top
    quarter minus that over its bottom quarter (grids: its highest minus lowest value)."""
    ok = succeeded(table)
    rows = {}
    for name in inputs:
        x = pd.to_numeric(ok[name], errors="coerce")
        lo, hi = x.quantile(0.25), x.quantile(0.75)
        low, high = ok[x <= lo], ok[x >= hi]
        if low.empty or high.empty or lo == hi:
            continue
        rows[name.removeprefix("in.")] = {
            out: float(high[out].mean() - low[out].mean()) for out in STUDY_OUTPUTS if out in ok
        }
    return pd.DataFrame(rows).T


def plain_name(run: str) -> str:
    """A run's name as a legend shows it: ``variant=no_wind`` -> ``no_wind``; other varied
    fields keep their ``field=value`` form (``no_wind, carbon.cap_t=3e+04``)."""
    return ", ".join(part.removeprefix("variant=") for part in str(run).split(", "))


def _unflatten(flat: dict) -> dict:
    out: dict = {}
    for key, value in flat.items():
        node = out
        parts = key.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return out


def analyse(table: pd.DataFrame, spec: StudySpec, folder: Path) -> list[Path]:
    """The study's tables and figures by kind (siting, cap sweep, sensitivity, variants);
    failed runs are left out of the numbers and named on every figure."""
    folder = Path(folder)
    ok, bad = succeeded(table), failed(table)
    currency = str(ok["currency"].iloc[0]) if "currency" in ok and len(ok) else "CNY"
    written: list[Path] = []
    if ok.empty:
        return written
    if spec.sites and "location.latitude_deg" in ok:
        ranked = siting_ranking(table)
        ranked.to_csv(folder / "siting_ranking.csv", index=False)
        plot_siting_map(ranked, folder / "siting_map.png", currency, bad)
        plot_siting_resource(ranked, folder / "siting_resource.png", bad)
        written += [folder / f for f in ("siting_ranking.csv", "siting_map.png")]
        written.append(folder / "siting_resource.png")
    if any(k.startswith("carbon.") for k in spec.grid) and len(ok) > 1:
        failed_caps = []
        if "in.carbon.cap_t" in table:
            caps = pd.to_numeric(table["in.carbon.cap_t"], errors="coerce")
            failed_caps = caps[table["status"] == "failed"].dropna().tolist()
        plot_cap_sweep(
            ok, folder / "frontier.png", folder / "abatement_curve.png", currency, bad, failed_caps
        )
        written += [folder / "frontier.png", folder / "abatement_curve.png"]
    numeric = [f"in.{k}" for k in [*spec.grid, *(spec.samples.ranges if spec.samples else {})]]
    numeric = [k for k in numeric if k in ok and not k.startswith("in.carbon.")]
    if numeric:
        effects = tornado_effects(table, numeric)
        if not effects.empty:
            effects.to_csv(folder / "sensitivity.csv")  # full precision (repr)
            plot_tornado(effects, folder / "tornado.png", currency, bad)
            written += [folder / "sensitivity.csv", folder / "tornado.png"]
    if spec.variants:
        nested = {plain_name(r["name"]): _unflatten(dict(r.items())) for _, r in ok.iterrows()}
        cmp = compare_table(nested)
        cmp.to_csv(folder / "variants.csv")  # full precision (repr): parts sum to totals
        plain_bad = [(plain_name(n), reason) for n, reason in bad]
        plot_compare(cmp, folder / "variants.png", currency, plain_bad)
        written += [folder / "variants.csv", folder / "variants.png"]
    return written
