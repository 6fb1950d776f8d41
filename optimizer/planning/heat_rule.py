"""The heat side of the ``self_consumption`` strategy: a merit-order rule, hour by hour, no LP.

Each hour is a valley hour when its price is the day's cheapest (``valley_hours``, the
battery's TOU rule uses the same). The heat sources are called in this order, each one as
far as its capacity and limits allow, until every level's demand is met:

=====  ==========================================  ===========================================
step   outside valley hours                        in valley hours
=====  ==========================================  ===========================================
1      air-source heat pump (``heat_pump``)        air-source heat pump
2      waste-heat pump, within its source limit    waste-heat pump, within its source limit
3      thermal storage discharge                   electric boiler
4      purchased heat, up to its limit             purchased heat, up to its limit
5      existing gas boilers                        existing gas boilers
6      new gas boilers                             new gas boilers
7      electric boiler (the last resort)           thermal storage discharge (the last resort)
=====  ==========================================  ===========================================

In a valley hour where the store did not discharge, it then charges, up to full, from the
spare capacity of the heat pumps that serve its level directly (air-source, then
waste-heat) and then of the electric boiler. It never charges and discharges in one hour.

Within a step, levels are served hottest first (they have the fewest sources; with the
cascade on, whatever reaches a hot level also reaches every cooler one, so hottest first
leaves no level short that another split could have served, the power and waste-heat
budgets aside, as their use per kW_th differs by level). A source serves a level
directly where its efficiency that hour is > 0; else, with ``heat.cascade``, through the
exchangers from the nearest hotter level it serves (so a steam source, or a steam store,
serves the hot water at its own place in the order, before the hot water's later sources).

Limits kept in every hour: a source's output summed over the levels <= its capacity; the
power or gas it takes = heat / efficiency (COP) of the level it delivers into; a waste-heat
pump's ``sum_l q_l (1 - 1/COP_l) <= source_kw``; purchased heat summed over the levels <=
``max_kw``; the store's charge and discharge <= its power, its state in ``[0, E]`` with the
LP's recurrence ``soc_t = keep soc_{t-1} + eta_ch ch_t - dis_t / eta_dis``; and the power into
heat <= the grid's import limit + local PV and wind available - the load (the rule does not
count on the battery). The year is run twice so that it starts where it ends
(``thermal_soc_start_kwh``). Without the cascade, hottest first may leave a cooler level
short where another split of a shared source would have served both; the rule then raises.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from parkopt.optimizer.common.errors import InfeasibleError
from parkopt.optimizer.inputs.heat_inputs import (
    cascade_levels,
    demand_column,
    efficiency_column,
    heat_flow_columns,
    heat_storage,
    pairs,
    purchased_levels,
    sources,
)
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.schema.instances import available_kw

SHORTFALL_TOL_KW = 1e-6
"""Heat demand left unmet [kW_th] above which an hour counts as short."""

PURCHASED = "purchased"
STORE = "thermal_storage"
HEAT_PUMPS = ("heat_pump", "waste_heat_pump")  # steps 1 and 2
AFTER_STORE = (PURCHASED, "existing_gas_boiler", "gas_boiler")  # steps 4 to 6
CHARGERS = (*HEAT_PUMPS, "electric_boiler")  # what charges the store, in this order


def valley_hours(hourly: pd.DataFrame) -> np.ndarray:
    """True in hours whose price is the day's cheapest (by calendar day of the index) [-]."""
    price = hourly["price_per_kwh"].to_numpy()
    day = np.asarray(hourly.index.dayofyear)
    return price <= pd.Series(price).groupby(day).transform("min").to_numpy()


@dataclass
class _Source:
    """A heat source as the rule sees it, hour by hour [kW_th]."""

    name: str  # its instance's stem (``heat_inputs.pairs``), or ``purchased``
    room: np.ndarray  # heat output left in each hour
    eff: dict[str, np.ndarray]  # level -> heat out per input (0: cannot serve that hour)
    budgets: list[tuple[np.ndarray, dict[str, np.ndarray]]] = field(default_factory=list)
    # (input left in each hour, its use per kW_th delivered into each level); shared arrays
    tech: str = PURCHASED  # its technology's name: its step in the order


@dataclass
class _State:
    """Demand left and the flows so far [kW_th]."""

    levels: list[str]  # hottest first
    cascade: bool
    need: dict[str, np.ndarray]
    q: dict[tuple[str, str], np.ndarray]  # (source, level) -> heat delivered into the level
    down: dict[str, np.ndarray]  # level -> heat passed to the next cooler level

    def routes(self, i: int) -> list[int]:
        """Levels that may feed level ``i``: itself, then hotter ones, nearest first."""
        return [i, *range(i - 1, -1, -1)] if self.cascade else [i]


def _serve(st: _State, src: _Source, mask: np.ndarray, direct_only: bool = False) -> np.ndarray:
    """Let ``src`` meet the demand left in the hours of ``mask``, hottest level first;
    returns the heat it gave in each hour [kW_th]."""
    n = len(mask)
    given = np.zeros(n)
    for i, lv in enumerate(st.levels):
        for j in [i] if direct_only else st.routes(i):
            via = st.levels[j]
            if via not in src.eff:
                continue
            g = np.where(mask & (src.eff[via] > 0), np.minimum(st.need[lv], src.room), 0.0)
            for left, use in src.budgets:
                cap = np.divide(left, use[via], out=np.full(n, np.inf), where=use[via] > 0)
                g = np.minimum(g, cap)
            g = np.maximum(g, 0.0)
            src.room -= g
            for left, use in src.budgets:
                left -= g * use[via]
            st.q.setdefault((src.name, via), np.zeros(n))
            st.q[src.name, via] += g
            for m in range(j, i):
                st.down[st.levels[m]] += g
            st.need[lv] -= g
            given += g
    return given


def _sources(inputs: PlanInputs, caps: dict[str, float]) -> dict[str, _Source]:
    """Every heat source instance of the scenario by stem, ``purchased`` included [kW_th]."""
    s, h = inputs.scenario, inputs.hourly
    n = len(h)
    limit = s.grid.import_limit_kw
    gen = sum(available_kw(h, s, caps).values(), np.zeros(n))
    headroom = np.maximum((np.inf if limit is None else limit) + gen - h["load_kw"].to_numpy(), 0.0)
    out = {}
    for k in sources(s):
        levels = [lv for kk, lv in pairs(s) if kk == k.stem]
        eff = {lv: h[efficiency_column(k.stem, lv)].to_numpy() for lv in levels}
        per_kw = {lv: np.divide(1.0, e, out=np.zeros(n), where=e > 0) for lv, e in eff.items()}
        room = np.full(n, caps[k.capacities[0].key])
        src = _Source(k.stem, room, eff, tech=k.tech.name)
        if k.tech.takes[0] == "electricity":
            src.budgets.append((headroom, per_kw))
        if k.tech.name == "waste_heat_pump":
            waste = {lv: np.maximum(1.0 - p, 0.0) for lv, p in per_kw.items()}
            src.budgets.append((np.full(n, k.spec.source_kw), waste))
        out[k.stem] = src
    ph = s.heat.purchased
    if ph is not None:
        most = np.inf if ph.max_kw is None else ph.max_kw
        ones = {lv: np.ones(n) for lv in purchased_levels(s)}
        out[PURCHASED] = _Source(PURCHASED, np.full(n, most), ones)
    return out


def _of(src: dict[str, _Source], techs: tuple[str, ...]) -> list[_Source]:
    """The sources of the technologies ``techs``, in that order, each's instances as given."""
    return [x for tech in techs for x in src.values() if x.tech == tech]


def _run(src: dict[str, _Source], st: _State, techs: tuple[str, ...], mask: np.ndarray) -> None:
    for x in _of(src, techs):
        _serve(st, x, mask)


@dataclass(frozen=True)
class _Store:
    """The thermal store: its level, ratings [kW_th, kWh_th] and efficiencies."""

    level: str
    power_kw: float
    energy_kwh: float
    eta_ch: float
    eta_dis: float
    keep: float

    @classmethod
    def of(cls, inputs: PlanInputs, caps: dict[str, float]) -> _Store | None:
        if not heat_storage(inputs.scenario):
            return None
        ts = inputs.scenario.technologies.thermal_storage
        P, E = caps["thermal_storage_kw"], caps["thermal_storage_kwh"]
        return cls(
            ts.level, P, E, ts.charge_efficiency, ts.discharge_efficiency, ts.retention_per_hour
        )


def _store_loop(store: _Store, need, spare, valley) -> tuple[np.ndarray, ...]:
    """The store hour by hour, the year twice: discharge towards ``need`` (outside valley
    hours, or in a valley hour the rest left short), else in a valley hour charge from
    ``spare`` up to full; returns charge, discharge, state [kW_th, kWh_th] and the state
    before the first hour."""
    n = len(need)
    need, spare, valley = need.tolist(), spare.tolist(), valley.tolist()  # fast scalars
    ch, dis, soc = np.zeros(n), np.zeros(n), np.zeros(n)
    level = start = 0.0
    for t in [*range(n), *range(n)]:  # the second pass starts where the first year ended
        if t == 0:
            start = level
        kept = store.keep * level
        c = d = 0.0
        if valley[t] and need[t] <= SHORTFALL_TOL_KW:
            c = max(min(store.power_kw, (store.energy_kwh - kept) / store.eta_ch, spare[t]), 0.0)
        else:
            d = max(min(need[t], store.power_kw, kept * store.eta_dis), 0.0)
        level = kept + store.eta_ch * c - d / store.eta_dis
        ch[t], dis[t], soc[t] = c, d, level
    return ch, dis, soc, start


def _reach(st: _State, level: str) -> list[str]:
    """Levels a source at ``level`` serves: itself and, with the cascade, the cooler ones."""
    i = st.levels.index(level)
    return st.levels[i:] if st.cascade else [level]


def _with_store(src, st, store: _Store | None, valley) -> dict[str, np.ndarray]:
    """Steps 3 to 7 of the order (module docstring) and the store's charging; returns the
    store's columns [kW_th, kWh_th] and its state before the first hour (``start``)."""
    n = len(valley)
    zeros = np.zeros(n)
    if store is None:
        _run(src, st, ("electric_boiler",), valley)
        _run(src, st, AFTER_STORE, np.ones(n, dtype=bool))
        _run(src, st, ("electric_boiler",), ~valley)
        return {}
    _run(src, st, ("electric_boiler",), valley)
    _run(src, st, AFTER_STORE, valley)
    need = sum(np.maximum(st.need[lv], 0.0) for lv in _reach(st, store.level))
    probe = _State(st.levels, False, {lv: zeros.copy() for lv in st.levels}, {}, {})
    probe.need[store.level] = np.full(n, np.inf)
    chargers = copy.deepcopy([x for x in _of(src, CHARGERS) if store.level in x.eff])
    spare = sum((_serve(probe, c, valley, direct_only=True) for c in chargers), zeros)
    ch, dis, soc, start = _store_loop(store, need, spare, valley)
    stored = _Source(STORE, dis.copy(), {store.level: np.ones(n)}, tech=STORE)
    _serve(st, stored, np.ones(n, dtype=bool))
    charge = _State(st.levels, False, {lv: zeros.copy() for lv in st.levels}, st.q, st.down)
    charge.need[store.level] = ch.copy()
    for x in _of(src, CHARGERS):
        if store.level in x.eff:
            _serve(charge, x, valley, direct_only=True)
    _run(src, st, AFTER_STORE, ~valley)
    _run(src, st, ("electric_boiler",), ~valley)
    return {
        "thermal_storage_charge_kw": ch,
        "thermal_storage_discharge_kw": dis,
        "thermal_storage_soc_kwh": soc,
        "start": np.array([start]),
    }


def _shortfall(inputs: PlanInputs, caps: dict[str, float], st: _State) -> None:
    """Raise InfeasibleError for the hottest level left short: its worst hour, the shortfall
    [kW_th], the capacities that reach it that hour, and the other levels short."""
    gaps = {lv: np.maximum(st.need[lv], 0.0) for lv in st.levels}
    short = [lv for lv in st.levels if gaps[lv].max() > SHORTFALL_TOL_KW]
    if not short:
        return
    s, h = inputs.scenario, inputs.hourly
    level, gap = short[0], gaps[short[0]]
    t = int(np.argmax(gap))
    feeders = st.levels[: st.levels.index(level) + 1] if st.cascade else [level]
    parts = [
        f"{k.stem} {caps[k.capacities[0].key]:,.0f} kW_th"
        for k in sources(s)
        if any(
            h[efficiency_column(k.stem, lv)].iloc[t] > 0
            for kk, lv in pairs(s)
            if kk == k.stem and lv in feeders
        )
    ]
    if level in purchased_levels(s):
        most = s.heat.purchased.max_kw
        parts.append("purchased heat " + ("unlimited" if most is None else f"{most:,.0f} kW_th"))
    ts = s.technologies.thermal_storage if heat_storage(s) else None
    if ts is not None and ts.level in feeders:
        parts.append(
            f"thermal_storage {caps['thermal_storage_kw']:,.0f} kW_th / "
            f"{caps['thermal_storage_kwh']:,.0f} kWh_th"
        )
    others = "".join(
        f"; also short: {lv} ({gaps[lv].max():,.1f} kW_th at most)" for lv in short[1:]
    )
    raise InfeasibleError(
        f"self_consumption cannot meet the heat level {level} at {h.index[t]}: "
        f"{gap[t]:,.1f} kW_th short of {h[demand_column(level)].iloc[t]:,.1f} kW_th "
        f"({int((gap > SHORTFALL_TOL_KW).sum())} hour(s) short); capacities that reach it: "
        f"{', '.join(parts) or 'none'}{others}"
    )


def _columns(inputs: PlanInputs, st: _State, stored: dict) -> dict[str, np.ndarray]:
    """The heat columns of the dispatch frame, exactly ``heat_dispatch_columns``."""
    bought = {lv: q for (k, lv), q in st.q.items() if k == PURCHASED}
    store = {c: v for c, v in stored.items() if c != "start"}
    return heat_flow_columns(inputs, st.q, bought, st.down, store)


def heat_dispatch(
    inputs: PlanInputs, caps: dict[str, float]
) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """The heat of every hour by the merit-order rule (module docstring): the dispatch
    frame's heat columns [kW_th, kW, kWh_th] and the attrs to set
    (``thermal_soc_start_kwh`` with a store); InfeasibleError where a level falls short."""
    s, h = inputs.scenario, inputs.hourly
    n = len(h)
    levels = [lv.name for lv in s.heat.by_temperature]
    st = _State(
        levels,
        bool(cascade_levels(s)),
        {lv: h[demand_column(lv)].to_numpy().astype(float) for lv in levels},
        {},
        {lv: np.zeros(n) for lv in levels},
    )
    src = _sources(inputs, caps)
    valley = valley_hours(h)
    _run(src, st, HEAT_PUMPS, np.ones(n, dtype=bool))
    stored = _with_store(src, st, _Store.of(inputs, caps), valley)
    _shortfall(inputs, caps, st)
    attrs = {"thermal_soc_start_kwh": float(stored["start"][0])} if stored else {}
    return _columns(inputs, st, stored), attrs
