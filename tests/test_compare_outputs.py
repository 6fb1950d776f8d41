"""Runs side by side and the tables a person adds up (issue 20, item 2.7): the variants
figure names technologies by their registry labels in the units of its axis, leaves out
categories empty in every run and labels runs plainly; the CSV tables keep full precision,
so monthly.csv's months sum to summary.json's year."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.outputs.results import MONTHLY_FILE, read_summary, write_run
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.plots import compare as compare_plot
from parkopt.optimizer.study.analysis import analyse, plain_name
from parkopt.optimizer.study.spec import StudySpec

SUM_REL = 1e-9  # months against the year: only float summation apart


def _table() -> pd.DataFrame:
    """Two variants' flattened summaries as a study table holds them (heat capacities 0)."""
    rows = []
    for name, pv, kwh in (("variant=with_battery", 12_345.678901, 4_321.0), ("variant=pv", 9e3, 0)):
        rows.append(
            {
                "name": name,
                "status": "optimal",
                "currency": "CNY",
                "capacity.pv_kw": pv,
                "capacity.wind_kw": 0.0,
                "capacity.battery_kw": kwh / 2,
                "capacity.battery_kwh": kwh,
                "capacity.heat_pump_kw": 0.0,
                "capacity.thermal_storage_kwh": 0.0,
                "cost.total_annual": 68_900_212.345678,
                "cost.capex_annual": 1_234_567.891234,
                "cost.grid_import": 67_665_644.454444,
                "cost.gas": 0.0,
                "cost.export_revenue": 0.0,
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture
def drawn(monkeypatch):
    """The figures plot_compare makes, kept open instead of saved."""
    figures = []
    monkeypatch.setattr(compare_plot, "save", lambda fig, path: figures.append(fig))
    yield figures
    for fig in figures:
        compare_plot.plt.close(fig)


def test_variants_figure_and_table(tmp_path, drawn):
    spec = StudySpec(name="v", base={}, variants={"with_battery": {}, "pv": {}})
    analyse(_table(), spec, tmp_path)
    (fig,) = drawn
    caps, costs = fig.axes
    labels = [t.get_text() for t in caps.get_xticklabels()]
    assert labels == ["PV\n[MW_DC]", "Battery power\n[MW]", "Battery energy\n[MWh]"]
    assert [t.get_text() for t in costs.get_xticklabels()] == [
        "Capital (annualised)",
        "Grid energy",
    ]
    assert caps.get_ylabel() == "Capacity [MW, MWh]"
    assert [t.get_text() for t in caps.get_legend().get_texts()] == ["with_battery", "pv"]
    pv_bar = caps.patches[0]  # the first run's PV, in MW
    assert pv_bar.get_height() == pytest.approx(12.345678901)
    table = pd.read_csv(tmp_path / "variants.csv", index_col=0)
    assert list(table.columns) == ["with_battery", "pv"]
    assert table.loc["capacity.pv_kw", "with_battery"] == 12_345.678901  # not 12345.7
    assert table.loc["cost.total_annual", "pv"] == 68_900_212.345678  # not 6.89002e+07


def test_plain_names():
    assert plain_name("variant=no_wind") == "no_wind"
    assert plain_name("variant=no_wind, carbon.cap_t=3e+04") == "no_wind, carbon.cap_t=3e+04"
    assert plain_name("carbon.cap_t=3e+04") == "carbon.cap_t=3e+04"


def test_monthly_csv_sums_to_the_year(tmp_path):
    """A full year (weights 1) with PV, a battery, export and a demand charge: each month of
    monthly.csv as written adds up to summary.json's annual figure."""
    hours = np.arange(8760)
    day = hours % 24
    load = 900 + 300 * np.sin(hours * 2 * np.pi / 8760) + 200 * (day >= 8)
    pv = np.clip(np.sin((day - 6) * np.pi / 12), 0, None) * (0.7 + 0.2 * np.cos(hours / 500))
    price = np.where((day >= 8) & (day < 22), 0.9123456789, 0.3123456789)
    inputs = make_inputs(
        load,
        price,
        pv_kw_per_kw=pv,
        export_price_per_kwh=0.1,
        technologies={"pv": {"max_kw": 3000}, "battery": {}},
        grid={"export_limit_kw": 500},
        tariff={"demand_charge_cny_per_kw_month": 33.3},
    )
    folder = write_run(plan(inputs), tmp_path / "run", plots=False)
    months = pd.read_csv(folder / MONTHLY_FILE, index_col="month")
    s = read_summary(folder)
    assert len(months) == 12
    pairs = {
        "load_mwh": s["energy_mwh"]["load"],
        "pv_mwh": s["energy_mwh"]["pv"],
        "curtailed_mwh": s["energy_mwh"]["curtailed"],
        "grid_import_mwh": s["energy_mwh"]["grid_import"],
        "grid_export_mwh": s["energy_mwh"]["grid_export"],
        "energy_cost": s["cost"]["grid_import"],
        "demand_charge": s["cost"]["demand_charge"],
        "emissions_t": s["emissions_t"],
    }
    assert s["energy_mwh"]["grid_export"] > 0 and s["energy_mwh"]["curtailed"] >= 0
    for column, year in pairs.items():
        assert months[column].sum() == pytest.approx(year, rel=SUM_REL, abs=1e-9), column
