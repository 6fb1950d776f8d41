"""PV and wind in the LP, and the electricity balance they feed (built by ``nodes.py``): free
disposal or exact.

**Free disposal** (the default, ``solver.free_disposal``): a generator's available output
``cf[g,t] * cap[g]`` enters the balance as it is and the balance is an inequality,

    sum_g cf[g,t] cap[g] + sum(other supply[t]) >= load[t] + sum(demand[t])      [MW]

so the surplus (the balance's slack) is what is curtailed. There is no output variable and
no resource row per generator and hour: on the default example 2T fewer columns and rows.
It gives the exact formulation's optimum whenever throwing energy away can never pay,
i.e. while every import price is >= 0 (dumping imports would then cost money and raise
emissions, and every other quantity that rewards supply counts local output *used*,
``used[t]`` below); with a negative import price in any hour the exact form is used.

**Exact**: ``gen[g,t] <= cf[g,t] cap[g]`` per generator and hour, and the balance an
equality (``gen`` is the output used; the rest is curtailed).

In both, the local output used in hour t is

    used[t] = load[t] + sum(demand[t]) - sum(other supply[t])                   [MW]

(with an equality balance this equals ``sum_g gen[g,t]``). Annual local energy, the green
pool's charging limit and the renewable share all read ``used``. Curtailment per generator
is the balance's slack shared in proportion to each generator's available output
(``extract.py``): the LP does not tell which of PV or wind was curtailed, and neither
changes its cost.

**Under contract** (``finance.ownership: contract``), or with an own-plant price per kWh
(``technologies.<name>.energy_price_cny_per_kwh``), the park pays per kWh a generator
delivers, so a contracted generator keeps ``gen[g,t] <= cf[g,t] cap[g]`` and puts ``gen``
into ``m.local[t]`` even under free disposal; the balance's slack is then curtailment of the
other generators. ``used[t]`` stays valid: ``gen`` is local output, not other supply.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.inputs.plan_inputs import PlanInputs, energy_prices
from parkopt.optimizer.lp.storage import has_pool, pooled
from parkopt.optimizer.schema.instances import generators


def free_disposal(inputs: PlanInputs) -> bool:
    """Whether the balance may be an inequality: the setting is on and no import price is
    negative (see the module docstring)."""
    if not inputs.scenario.solver.free_disposal:
        return False
    return bool((inputs.hourly["price_per_kwh"].to_numpy() >= 0).all())


def resources(inputs: PlanInputs) -> dict[str, tuple[str, str]]:
    """Each generator instance of the scenario by stem (``pv``, ``pv_roof_east``): the
    capacity that scales its resource and its resource column."""
    return {i.stem: (i.capacities[0].key, i.resource_column) for i in generators(inputs.scenario)}


def add_generation(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Generator instances ``m.G`` (by stem) with their output in ``m.local[t]``:
    ``cf[g,t] * cap[g]`` (free disposal) or ``gen[g,t] <= cf[g,t] * cap[g]`` (exact) [MW];
    each instance has its own capacity and resource column (``instances.py``).

    ``m.GV`` are the generators with an output variable ``gen``: all in the exact form;
    under free disposal those the park pays per kWh used (``plan_inputs.energy_prices``:
    under contract or priced per kWh, ``contracts.py``), and none without such a price."""
    m.free_disposal = free_disposal(inputs)
    m.gen_cap = {g: key for g, (key, _) in resources(inputs).items() if key in m.K}
    m.G = pyo.Set(initialize=list(m.gen_cap), ordered=True)
    contracted = energy_prices(inputs.scenario)
    m.GV = pyo.Set(
        initialize=[g for g in m.G if not m.free_disposal or g in contracted], ordered=True
    )
    cf = {g: inputs.hourly[col].to_numpy() for g, (_, col) in resources(inputs).items()}
    m.local = {t: [] for t in m.T}
    for g in m.G:
        if g in m.GV:
            continue
        cap = m.cap[m.gen_cap[g]]
        for t in np.flatnonzero(cf[g] > 0):
            m.local[int(t)].append(float(cf[g][t]) * cap)
    if not len(m.GV):
        return
    m.gen = pyo.Var(m.GV, m.T, within=pyo.NonNegativeReals)
    m.resource = pyo.Constraint(
        m.GV, m.T, rule=lambda m, g, t: m.gen[g, t] <= cf[g][t] * m.cap[m.gen_cap[g]]
    )
    for t in m.T:
        m.local[t].extend(m.gen[g, t] for g in m.GV)


def used(m: pyo.ConcreteModel, inputs: PlanInputs, t: int):
    """Local output used in hour ``t`` [MW] (module docstring)."""
    if not m.free_disposal:
        return sum(m.local[t])
    load = float(inputs.hourly["load_kw"].iat[t]) / KW_PER_MW
    return load + sum(m.demand[t]) - sum(m.supply[t])


def local_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Local output used over a year ``sum_t w[t] used[t]`` [MWh]; 0 without generators."""
    if not len(m.G):
        return 0.0
    wt = inputs.hour_weight
    if not m.free_disposal:
        return sum(wt[t] * m.gen[g, t] for g in m.G for t in m.T)
    load = inputs.hourly["load_kw"].to_numpy() / KW_PER_MW
    total = float(np.dot(wt, load))
    total += sum(wt[t] * term for t in m.T for term in m.demand[t])
    total -= sum(wt[t] * term for t in m.T for term in m.supply[t])
    return total


def add_green_charging(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """The batteries' green pools charge only from local output used:
    ``sum_b ch_b[green,t] <= used[t]`` [MW] (after every family has registered its terms)."""
    if not has_pool(m, "green"):
        return
    m.green_charging = pyo.Constraint(
        m.T, rule=lambda m, t: pooled(m, "ch", "green", t) <= used(m, inputs, t)
    )


def surplus_kw(m: pyo.ConcreteModel) -> np.ndarray:
    """Curtailed output per hour [kW]: the free-disposal balance's slack (0 when exact)."""
    if not m.free_disposal:
        return np.zeros(len(m.T))
    slack = getattr(m, "solution_slack", {})
    return np.array([max(slack.get(m.balance[t], 0.0), 0.0) for t in m.T]) * KW_PER_MW


def available_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Own PV and wind available over a year, before curtailment:
    ``sum_g (sum_t w[t] cf[g,t]) cap[g]`` [MWh]; 0 without generators."""
    wt = inputs.hour_weight
    return sum(
        float(np.dot(wt, inputs.hourly[column].to_numpy())) * m.cap[key]
        for g, (key, column) in resources(inputs).items()
        if g in m.G
    )
