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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
