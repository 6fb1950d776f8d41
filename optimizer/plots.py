"""PNG plots of a run: dispatch weeks, monthly energy balance, battery SOC heat map."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

COLORS = {
    "pv_kw": "#f2b701",
    "wind_kw": "#3b8bc2",
    "battery_discharge_kw": "#7a4fa3",
    "grid_import_kw": "#8c8c8c",
    "battery_charge_kw": "#b59ad1",
    "grid_export_kw": "#4caf50",
    "curtailed_kw": "#e57373",
    "load_kw": "#000000",
}
LABELS = {
    "pv_kw": "PV",
    "wind_kw": "Wind",
    "battery_discharge_kw": "Battery discharge",
    "grid_import_kw": "Grid import",
    "battery_charge_kw": "Battery charge",
    "grid_export_kw": "Grid export",
    "curtailed_kw": "Curtailed",
    "load_kw": "Load",
}
SUPPLY = ("pv_kw", "wind_kw", "battery_discharge_kw", "grid_import_kw")
WITHDRAWAL = ("battery_charge_kw", "grid_export_kw")
WEEK_H = 168
DPI = 110


def _save(fig, path: Path) -> None:
    """Lay out, write as PNG and close a figure (figures are never left open)."""
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def _week(frame: pd.DataFrame, month: int) -> pd.DataFrame:
    """The first week starting in ``month`` (or the whole horizon if it is shorter)."""
    if len(frame) <= WEEK_H:
        return frame
    starts = np.flatnonzero(frame.index.month == month)
    start = int(starts[0]) if len(starts) else 0
    start = min(start, len(frame) - WEEK_H)
    return frame.iloc[start : start + WEEK_H]


def plot_dispatch_week(frame: pd.DataFrame, month: int, title: str, path: Path) -> None:
    """Stacked supply above zero, charging and export below, load as a line [MW]."""
    week = _week(frame, month)
    x = np.arange(len(week))
    fig, ax = plt.subplots(figsize=(11, 4.5))
    ax.stackplot(
        x,
        *[week[c] / 1e3 for c in SUPPLY],
        labels=[LABELS[c] for c in SUPPLY],
        colors=[COLORS[c] for c in SUPPLY],
    )
    ax.stackplot(
        x,
        *[-week[c] / 1e3 for c in WITHDRAWAL],
        labels=[LABELS[c] for c in WITHDRAWAL],
        colors=[COLORS[c] for c in WITHDRAWAL],
    )
    ax.plot(x, week["load_kw"] / 1e3, color=COLORS["load_kw"], lw=1.2, label=LABELS["load_kw"])
    ticks = x[:: 24 if len(x) > 48 else 6]
    ax.set_xticks(ticks, [week.index[i].strftime("%a %d %b\n%H:%M") for i in ticks], fontsize=7)
    ax.set_ylabel("Power [MW]")
    ax.set_title(title)
    ax.legend(loc="upper left", ncol=4, fontsize=8)
    ax.axhline(0, color="k", lw=0.5)
    _save(fig, path)


def plot_monthly_balance(frame: pd.DataFrame, path: Path) -> None:
    """Monthly energy by source (bars above zero) and withdrawals (below) [MWh]."""
    monthly = frame.groupby(frame.index.month).sum() / 1e3
    monthly["curtailed_kw"] = monthly["pv_curtailed_kw"] + monthly["wind_curtailed_kw"]
    x = monthly.index.to_numpy()
    fig, ax = plt.subplots(figsize=(10, 4.5))
    bottom = np.zeros(len(x))
    for c in (*SUPPLY, "curtailed_kw"):
        ax.bar(x, monthly[c], bottom=bottom, color=COLORS[c], label=LABELS[c])
        bottom += monthly[c].to_numpy()
    bottom = np.zeros(len(x))
    for c in WITHDRAWAL:
        ax.bar(x, -monthly[c], bottom=bottom, color=COLORS[c], label=LABELS[c])
        bottom -= monthly[c].to_numpy()
    ax.plot(x, monthly["load_kw"], "k_", markersize=18, mew=2, label=LABELS["load_kw"])
    ax.set_xticks(x)
    ax.set_xlabel("Month")
    ax.set_ylabel("Energy [MWh]")
    ax.set_title("Monthly energy balance")
    ax.legend(ncol=4, fontsize=8)
    _save(fig, path)


def plot_day_hour_percent(
    values_pct: pd.Series, title: str, label: str, cmap: str, path: Path
) -> None:
    """An hourly series [%] as a day-of-year x hour-of-day heat map, 0 to 100 %."""
    table = pd.DataFrame(
        {"day": values_pct.index.dayofyear, "hour": values_pct.index.hour, "v": values_pct}
    ).pivot_table(index="hour", columns="day", values="v", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(11, 3.8))
    im = ax.imshow(
        table.to_numpy(),
        aspect="auto",
        origin="lower",
        cmap=cmap,
        interpolation="nearest",
        vmin=0,
        vmax=100,
        extent=(table.columns.min() - 0.5, table.columns.max() + 0.5, -0.5, 23.5),
    )
    ax.set_xlabel("Day of year")
    ax.set_ylabel("Hour of day")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label=label)
    _save(fig, path)


def plot_soc_heatmap(frame: pd.DataFrame, capacity_kwh: float, path: Path) -> None:
    """Battery state of charge as a day x hour heat map [% of energy capacity]."""
    soc = (
        frame["battery_soc_kwh"] / capacity_kwh * 100 if capacity_kwh > 0 else 0 * frame["load_kw"]
    )
    title = f"Battery state of charge ({capacity_kwh:,.0f} kWh)"
    plot_day_hour_percent(soc, title, "SOC [%]", "viridis", path)


def plot_green_heatmap(frame: pd.DataFrame, path: Path) -> None:
    """Hourly green share (matched load / load) as a day x hour heat map [%]."""
    share = (frame["matched_kw"] / frame["load_kw"].where(frame["load_kw"] > 0)).fillna(1.0)
    title = "Hourly green share: load met by local PV and wind in the same hour"
    plot_day_hour_percent(share * 100, title, "Green share [%]", "RdYlGn", path)


def plot_load_duration(frame: pd.DataFrame, path: Path) -> None:
    """Load duration curve with the green-matched part of each hour under it [MW]."""
    order = np.argsort(-frame["load_kw"].to_numpy(), kind="stable")
    load = frame["load_kw"].to_numpy()[order] / 1e3
    matched = frame["matched_kw"].to_numpy()[order] / 1e3
    x = np.arange(1, len(load) + 1)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.fill_between(
        x, 0, matched, color=COLORS["pv_kw"], label="Met by local PV and wind", step="mid"
    )
    ax.fill_between(
        x, matched, load, color=COLORS["grid_import_kw"], label="Met by the grid", step="mid"
    )
    ax.plot(x, load, color=COLORS["load_kw"], lw=1.2, label="Load")
    ax.set_xlabel("Hours of the horizon, sorted by load")
    ax.set_ylabel("Power [MW]")
    ax.set_title("Load duration curve and its green part")
    ax.legend(fontsize=8)
    _save(fig, path)


def plot_monthly_green(monthly: pd.DataFrame, path: Path) -> None:
    """Monthly renewable share (annual netting) and hourly matched share [%]."""
    x = monthly.index.to_numpy()
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.bar(
        x - 0.2,
        monthly["renewable_share"] * 100,
        0.4,
        color=COLORS["wind_kw"],
        label="Renewable share",
    )
    ax.bar(
        x + 0.2,
        monthly["hourly_matched_share"] * 100,
        0.4,
        color=COLORS["grid_export_kw"],
        label="Hourly matched share",
    )
    ax.set_xticks(x)
    ax.set_xlabel("Month")
    ax.set_ylabel("Share of load [%]")
    ax.set_title("Monthly green shares")
    ax.legend(fontsize=8)
    _save(fig, path)


def plot_run(
    frame: pd.DataFrame, capacities: dict[str, float], monthly: pd.DataFrame, out: Path
) -> list[Path]:
    """Every plot of a run folder (capacities in kW and kWh); returns the files written."""
    out = Path(out)
    files = {
        "dispatch_summer_week.png": lambda p: plot_dispatch_week(frame, 7, "Summer week (July)", p),
        "dispatch_winter_week.png": lambda p: plot_dispatch_week(
            frame, 1, "Winter week (January)", p
        ),
        "monthly_energy_balance.png": lambda p: plot_monthly_balance(frame, p),
        "battery_soc_heatmap.png": lambda p: plot_soc_heatmap(frame, capacities["battery_kwh"], p),
        "green_share_heatmap.png": lambda p: plot_green_heatmap(frame, p),
        "load_duration_green.png": lambda p: plot_load_duration(frame, p),
        "monthly_green_shares.png": lambda p: plot_monthly_green(monthly, p),
    }
    for name, draw in files.items():
        draw(out / name)
    return [out / n for n in files]


# --- studies ---------------------------------------------------------------------------------

COST = "cost.total_annual"
STUDY_OUTPUTS = {COST: "Total annual cost [M currency]", "capacity.pv_kw": "PV [MW_DC]"}
STUDY_OUTPUTS["capacity.battery_kwh"] = "Battery energy [MWh]"
SCALE = {COST: 1e6, "capacity.pv_kw": 1e3, "capacity.battery_kwh": 1e3}


def _ok(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["status"] != "failed"] if "status" in table else table


def siting_ranking(table: pd.DataFrame) -> pd.DataFrame:
    """Sites ranked by levelised cost: cost, capacities and green shares."""
    cols = {
        "in.site": "site",
        "lcoe_per_kwh": "lcoe_per_kwh",
        COST: "total_annual_cost",
        "capacity.pv_kw": "pv_kw",
        "capacity.wind_kw": "wind_kw",
        "capacity.battery_kw": "battery_kw",
        "capacity.battery_kwh": "battery_kwh",
        "renewable_share": "renewable_share",
        "hourly_matched_share": "hourly_matched_share",
        "location.latitude_deg": "latitude_deg",
        "location.longitude_deg": "longitude_deg",
    }
    ok = _ok(table)
    present = {k: v for k, v in cols.items() if k in ok}
    ranked = ok[list(present)].rename(columns=present).sort_values("lcoe_per_kwh")
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked.reset_index(drop=True)


def plot_siting_map(ranked: pd.DataFrame, path: Path) -> None:
    """Sites by longitude and latitude, coloured by levelised cost [currency/kWh]."""
    fig, ax = plt.subplots(figsize=(8, 5.5))
    sc = ax.scatter(
        ranked["longitude_deg"],
        ranked["latitude_deg"],
        c=ranked["lcoe_per_kwh"],
        cmap="viridis_r",
        s=120,
    )
    for _, r in ranked.iterrows():
        ax.annotate(
            f"{r['rank']}. {r['site']}",
            (r["longitude_deg"], r["latitude_deg"]),
            fontsize=8,
            xytext=(5, 5),
            textcoords="offset points",
        )
    ax.margins(0.15)  # room for the labels
    ax.set_xlabel("Longitude [deg E]")
    ax.set_ylabel("Latitude [deg N]")
    ax.set_title("Sites by levelised cost of the park's electricity")
    fig.colorbar(sc, ax=ax, label="LCOE [currency/kWh]")
    _save(fig, path)


def plot_cap_sweep(table: pd.DataFrame, path_frontier: Path, path_abatement: Path) -> None:
    """Cost against emissions (the frontier) and the abatement cost along it."""
    ok = _ok(table).sort_values("emissions_market_t")
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot(ok["emissions_market_t"] / 1e3, ok[COST] / 1e6, "o-")
    ax.set_xlabel("Emissions [ktCO2/year]")
    ax.set_ylabel("Total annual cost [M currency/year]")
    ax.set_title("Cost against emissions")
    ax.grid(alpha=0.3)
    _save(fig, path_frontier)
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.step(ok["emissions_market_t"] / 1e3, ok["abatement_cost_per_t"].fillna(0.0), where="mid")
    ax.plot(ok["emissions_market_t"] / 1e3, ok["abatement_cost_per_t"].fillna(0.0), "o")
    ax.set_xlabel("Emissions cap [ktCO2/year]")
    ax.set_ylabel("Abatement cost [currency/tCO2]")
    ax.set_title("Marginal abatement cost (dual of the cap)")
    ax.grid(alpha=0.3)
    _save(fig, path_abatement)


def tornado_effects(table: pd.DataFrame, inputs: list[str]) -> pd.DataFrame:
    """Effect of each input on each output: mean output over the runs in the input's top
    quarter minus that over its bottom quarter (grids: its highest minus lowest value)."""
    ok = _ok(table)
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


def plot_tornado(effects: pd.DataFrame, path: Path) -> None:
    """One panel per output, inputs sorted by the size of their effect on total cost."""
    order = effects[COST].abs().sort_values().index
    fig, axes = plt.subplots(
        1, len(effects.columns), figsize=(5 * len(effects.columns), 0.5 * len(order) + 2)
    )
    for ax, out in zip(np.atleast_1d(axes), effects.columns, strict=True):
        values = effects.loc[order, out] / SCALE[out]
        ax.barh(
            range(len(order)), values, color=["#d62728" if v > 0 else "#2ca02c" for v in values]
        )
        ax.set_yticks(range(len(order)), order, fontsize=8)
        ax.axvline(0, color="k", lw=0.5)
        ax.set_title(f"Effect on {STUDY_OUTPUTS[out]}", fontsize=9)
    fig.suptitle("Sensitivity: high quarter minus low quarter of each input")
    _save(fig, path)


def compare_table(summaries: dict[str, dict]) -> pd.DataFrame:
    """Side-by-side figures of several runs (columns) [kW, kWh, currency/year, tCO2, -]."""
    from optimizer.study import flatten

    rows = [
        "capacity.pv_kw",
        "capacity.wind_kw",
        "capacity.battery_kw",
        "capacity.battery_kwh",
        "cost.total_annual",
        "cost.capex_annual",
        "cost.fixed_om",
        "cost.grid_import",
        "cost.demand_charge",
        "cost.green_purchase",
        "cost.export_revenue",
        "lcoe_per_kwh",
        "emissions_t",
        "emissions_market_t",
        "baseline_emissions_t",
        "renewable_share",
        "hourly_matched_share",
        "battery_cycles",
    ]
    flat = {name: flatten(doc) for name, doc in summaries.items()}
    return pd.DataFrame({name: [f.get(r) for r in rows] for name, f in flat.items()}, index=rows)


def plot_compare(table: pd.DataFrame, path: Path) -> None:
    """Grouped bars: capacities [MW, MWh] and cost parts [M currency/year] of each run."""
    caps = [r for r in table.index if r.startswith("capacity.")]
    costs = [r for r in table.index if r.startswith("cost.") and r != "cost.total_annual"]
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
    for ax, rows, scale, unit in (
        (axes[0], caps, 1e3, "MW / MWh"),
        (axes[1], costs, 1e6, "M currency/year"),
    ):
        data = table.loc[rows].astype(float).fillna(0.0) / scale
        width = 0.8 / max(len(data.columns), 1)
        x = np.arange(len(rows))
        for i, col in enumerate(data.columns):
            ax.bar(x + i * width, data[col], width, label=col)
        ax.set_xticks(
            x + width * (len(data.columns) - 1) / 2,
            [r.split(".")[1] for r in rows],
            rotation=30,
            fontsize=8,
        )
        ax.set_ylabel(unit)
        ax.legend(fontsize=7)
    axes[0].set_title("Capacities")
    axes[1].set_title("Cost parts")
    _save(fig, path)


def plot_study(table: pd.DataFrame, spec, folder: Path) -> list[Path]:
    """The study's figures by kind: siting, cap sweep, sensitivity, variants."""
    folder = Path(folder)
    written = []
    ok = _ok(table)
    if ok.empty:
        return written
    if spec.sites and "location.latitude_deg" in ok:
        ranked = siting_ranking(table)
        ranked.to_csv(folder / "siting_ranking.csv", index=False, float_format="%.6g")
        plot_siting_map(ranked, folder / "siting_map.png")
        written += [folder / "siting_ranking.csv", folder / "siting_map.png"]
    if any(k.startswith("carbon.") for k in spec.grid) and len(ok) > 1:
        plot_cap_sweep(table, folder / "frontier.png", folder / "abatement_curve.png")
        written += [folder / "frontier.png", folder / "abatement_curve.png"]
    numeric = [f"in.{k}" for k in [*spec.grid, *(spec.samples.ranges if spec.samples else {})]]
    numeric = [k for k in numeric if k in ok and not k.startswith("in.carbon.")]
    if numeric:
        effects = tornado_effects(table, numeric)
        if not effects.empty:
            effects.to_csv(folder / "sensitivity.csv", float_format="%.6g")
            plot_tornado(effects, folder / "tornado.png")
            written += [folder / "sensitivity.csv", folder / "tornado.png"]
    if spec.variants:
        summaries = {r["name"]: {k: r[k] for k in r.index} for _, r in ok.iterrows()}
        nested = {name: _unflatten(s) for name, s in summaries.items()}
        cmp = compare_table(nested)
        cmp.to_csv(folder / "variants.csv", float_format="%.6g")
        plot_compare(cmp, folder / "variants.png")
        written += [folder / "variants.csv", folder / "variants.png"]
    return written


def _unflatten(flat: dict) -> dict:
    out: dict = {}
    for key, value in flat.items():
        node = out
        parts = key.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return out
