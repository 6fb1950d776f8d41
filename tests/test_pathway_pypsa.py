"""Cross-check of the pathway LP (``optimizer/pathway``, issue 24) against PyPSA's
multi-investment-period optimisation of the same problem (``benchmarks/pypsa_pathway.py``:
one extendable component per build period with its ``build_year`` and ``lifetime``, the
periods' discount weights as ``investment_period_weightings``, the hours' weights as
snapshot weightings, one carbon cap per investment period).

The case (``pypsa_pathway.demo_inputs``, synthetic arrays, no files): periods 2026, 2028
and 2030 (two years each), the load growing 10 % a period, the grid factor falling 0.55 ->
0.50 -> 0.45 tCO2/MWh, PV (a 25 MW roof, which binds on the sum of what serves) and wind
at falling costs (learning rates 5 % and 3 % a year, wind x 0.9 in 2028), a cap per period
that is slack in 2026 and binds in 2028 and 2030.

* PV and wind on 14 days as 3 typical days, no battery: parkopt links storage across the
  calendar days on typical days (``lp/linked.py``), which PyPSA does not;
* PV, wind and a battery on a 7-day horizon, every hour, the battery cycling over it (PyPSA's
  ``e_cyclic_per_period``), its costs falling 8 % a year and a 5-year life: the 2026
  battery ends in 2031, inside the 2030 period, so it serves 2026 and 2028 only (parkopt's
  rule: alive for all of a period's years; PyPSA gets the lifetime that says the same).

Fixed O&M: each build pays its own vintage's (capex of its build period x the O&M
fraction) while it serves, in parkopt as in PyPSA (``--om vintage`` of the benchmark).

Both solve with HiGHS; the objectives agree to ~1e-15, the builds to < 1e-3 kW; asserted
at 1e-6 (objective), 1e-3 or 1 kW (builds), 1e-4 (each period's CO2 price).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pypsa")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import pypsa_pathway  # noqa: E402  (benchmarks/pypsa_pathway.py)

from parkopt.optimizer.pathway import plan_pathway  # noqa: E402
from parkopt.optimizer.pathway.periods import period_inputs  # noqa: E402

REL = 1e-6  # objective
REL_BUILD, ABS_BUILD_KW = 1e-3, 1.0  # builds [-, kW or kWh]
REL_DUAL = 1e-4  # CO2 prices
YEARS = (2026, 2028, 2030)


def assert_same_pathway(base) -> dict:
    """Plan ``base``'s pathway in both tools; assert the same objective, builds and CO2
    prices; return parkopt's schedule rows by ``(year, capacity)``."""
    pw = plan_pathway(base)
    periods = period_inputs(base)
    n, _ = pypsa_pathway.run_pypsa(periods, "vintage", "whole", pypsa_pathway.HIGHS_OPTIONS)
    theirs = float(n.objective) * pypsa_pathway.KW_PER_MW
    assert pw.summary["objective"] == pytest.approx(theirs, rel=REL)
    ours, got = pypsa_pathway.parkopt_builds(pw.summary), pypsa_pathway.builds(n)
    assert {y for y, _ in ours} == set(YEARS)
    for key in set(ours) | set(got):
        mine = ours.get(key, 0.0)
        assert mine == pytest.approx(got.get(key, 0.0), rel=REL_BUILD, abs=ABS_BUILD_KW), key
    prices = pypsa_pathway.carbon_prices(n, periods)
    for row in pw.summary["path"]:
        price = row["shadow_prices"].get("carbon_cap", 0.0)
        assert price == pytest.approx(prices[row["year"]], rel=REL_DUAL, abs=1e-6), row["year"]
    path = {row["year"]: row for row in pw.summary["path"]}
    assert path[2026]["shadow_prices"].get("carbon_cap", 0.0) == 0  # slack
    for year in (2028, 2030):  # binding
        assert path[year]["shadow_prices"]["carbon_cap"] > 0
        cap = path[year]["targets"]["cap_t"]
        assert path[year]["emissions_t"] == pytest.approx(cap, rel=REL)
    return {(r["year"], r["capacity"]): r for r in pw.summary["schedule"]}


def test_pv_wind_on_typical_days_matches_pypsa():
    """PV and wind, 3 typical days a period: the same objective, builds and CO2 prices; the
    roof is filled in 2026 and wind bought in every period (the cap tightens)."""
    rows = assert_same_pathway(pypsa_pathway.demo_inputs())
    assert rows[(2026, "pv_kw")]["built"] == pytest.approx(25_000.0, rel=REL)
    assert all(rows[(y, "wind_kw")]["built"] > 1_000.0 for y in YEARS)


def test_battery_on_every_hour_matches_pypsa():
    """PV, wind and a battery of a 5-year life on a 7-day horizon: the same objective,
    builds and CO2 prices. The battery bought in 2026 serves 2028 too but not 2030 (it dies
    in 2031, inside that period: its 2030 annuity is paid all the same, which PyPSA is told
    by spreading it over the periods the build is active in); 2030 buys its own."""
    rows = assert_same_pathway(pypsa_pathway.demo_inputs(battery=True, battery_life_years=5))
    for key in ("battery_kw", "battery_kwh"):
        assert rows[(2026, key)]["built"] > 1_000.0
        assert rows[(2028, key)]["serving"] == pytest.approx(
            rows[(2026, key)]["built"] + rows[(2028, key)]["built"], rel=REL
        )
        assert rows[(2030, key)]["built"] > 1_000.0
        assert rows[(2030, key)]["serving"] == pytest.approx(
            rows[(2028, key)]["built"] + rows[(2030, key)]["built"], rel=REL
        )
