"""Generate inputs/README.md's field table from the scenario schema (one registry, no drift).

python -m parkopt.optimizer.cli.docs > inputs/README.md
"""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.study.spec import StudySpec

HEADER = """# Scenario files

A scenario is one YAML file. Every quantity carries its unit in its name; paths are
relative to the scenario file. Unknown fields are errors. `parkopt validate FILE` checks a
file and every file it names and prints every problem at once.

Examples here: `example_park.yaml` (the default; runs with no other files, weather from
pvlib's bundled Greensboro TMY3 file as a stand-in), `ordos_park.yaml` and
`wuxi_park.yaml` (read the CSWD weather files in `../shared/data/weather/`), and
`zero_carbon_park.yaml` (electricity, steam and hot water against China's zero-carbon park
indicator; Nanjing's CSWD file).

Hourly CSV files (`profiles.*`) hold one row per hour of the year, 8760 rows in order
from 1 January 00:00 local time, with a header row; only the named column is read. Where
`horizon_hours` is shorter than the year, a file of exactly `horizon_hours` rows is the
horizon itself (24 rows for a one-day plan, placed from `horizon_start_hour`); its PV or
wind full-load hours are then not checked against a year's reference.

## One day, fixed sizes, own plants paid per kWh

`electrician_cup/one_day.yaml` is a typical day of three joined parks in the shape of the
2024 Electrician Cup park problem: 24-row profiles, PV and wind of fixed size (`min_kw =
max_kw`) whose energy the park pays per kWh (`technologies.<name>.energy_price_cny_per_kwh`,
cost part `ppa_payments`), and a battery fixed by `min_kw = max_kw`, `min_kwh = max_kwh`
with `charge_efficiency` and `discharge_efficiency` given apart (or `round_trip_efficiency`
alone, split as its square root). A flat price alone is `tariff: {prices_cny_per_kwh:
{flat: 1.0}}`. A day stands for 365 of them: the cost per day is `cost.total_annual / 365`;
`cost.operating_annual` is the part without capital and fixed O&M.

## Heat, gas and the zero-carbon park indicator

A `heat` section names the park's heat levels (e.g. steam at 175 degC and hot water at
80 degC), each with its demand: an hourly CSV (kW, MW, or t/h of steam), or an annual or
monthly total spread by the documented shift rule of `models/heat.py` (a base share in
every hour, the rest in shift hours, less at weekends). Steam given in tonnes is turned
into kWh_th with IAPWS-IF97 (the `iapws` library) from its pressure, temperature and feed
water. A heat source serves a level only if it reaches its temperature: heat pumps have a
largest supply temperature and lift, and their hourly COP is the Carnot-fraction model
that oemof.thermal uses (`COP = quality_grade x T_sink / (T_sink - T_source)`, kelvin;
air-source x 0.8 below 2 degC for defrosting: `defrost: {below_c: 2.0, factor: 0.8}`, or
`defrost: null` for a maker that gives none). Any heat source's efficiency may be given as
data instead of its model: a table against the weather's air temperature (a maker's curve,
`cop_curve: {air_temperature_c: [-10, 0, 7, 15], cop: [2.0, 2.6, 3.2, 3.8]}`, or
`efficiency_curve: {air_temperature_c: [...], efficiency: [...]}` for a boiler; linear
between the points, constant beyond the ends) or an hourly CSV column (`cop_profile` or
`efficiency_profile: {path: ..., column: ...}`). A heat pump's COP depends on the level it
serves, so a pump serving several levels takes one curve or profile per level
(`cop_curve: {hw: {...}, steam: {...}}`; a level without one is not served); one alone is
for a pump serving one level. The data is used as given: the Carnot settings and `defrost`
(a maker's curve includes its defrost losses), or `efficiency_fraction`, do not apply to it.
COPs must be > 0, efficiencies in (0, 1.2]. With `heat.cascade` a hotter level may serve
the next cooler one through a heat exchanger. Gas is bought as burnt (kW of LHV; the price
in CNY/m3).

Two accountings are reported side by side (`optimizer/common/accounting.py`, one module for the
LP, the results and studies):

- the **footprint**, which `carbon.cap_t` and `carbon.reduction` use: Scope 1 = gas burnt
  x `heat.gas.emission_factor_kg_per_m3` (2.1622 kg/m3: 38.931 MJ/m3 x 15.3 tC/TJ x 99 %
  oxidised x 44/12); Scope 2 = grid import x `grid.emission_factor_t_per_mwh` + purchased
  heat x `heat.purchased.emission_factor_t_per_gj` (0.11 tCO2/GJ); less green purchases
  (market-based). The baseline is the park today: all electricity from the grid, heat from
  the existing gas boilers (then purchased heat, then gas at their efficiency).
- the **zero-carbon park indicator** of the NDRC, MIIT and NEA notice 发改环资〔2025〕910号
  (attachment 4, carbon accounting; attachment 3, indicators): tCO2 per tce of energy used,
  at most 0.2 for parks using 200,000-1,000,000 tce a year (0.3 above). Emissions: fuel
  burnt on site + (grid import - green purchases - export) x
  `indicator.electricity_factor_t_per_mwh` (0.8325, the national fossil-power factor: own
  PV and wind, certificates and green power trading count 0) + purchased fossil heat x
  0.11 tCO2/GJ + `indicator.process_emissions_t`. Energy: electricity used (import + own
  generation - export) at 等价值 (`indicator.electricity_kgce_per_kwh`, 0.30 kgce/kWh) +
  gas x 1.33 kgce/m3 + heat x 34.12 kgce/GJ (1 kgce = 29,307 kJ, GB/T 2589).
  `carbon.tco2_per_tce` makes it a target (kept linear: emissions <= target x energy).
- the **clean energy share** (the notice's guiding figure, at least 90 %, which it does not
  define): own PV and wind consumed, green purchases and non-fossil purchased heat over all
  energy used, in tce; natural gas counts as clean only with `indicator.gas_is_clean`. Both
  shares, with and without gas, are reported; `carbon.clean_energy_share` makes it a
  target. The notice also asks for at least 50 % of the electricity to be green power
  supplied directly (own PV and wind consumed in the park over electricity used;
  certificates do not count): reported as `indicator.green_direct_share`;
  `carbon.green_direct_share` makes it a target.

## Judged against the rules, target or not

Every run's summary.json has a `compliance` block (and the report a table at its top): each
rule with its value, threshold, `pass`, `fail` or `no_threshold`, whether it is a target of
the run and then its shadow price (`optimizer/accounts/compliance.py`):

- the core indicator against its band's threshold, chosen from the plan's energy use: 0.2
  tCO2/tce for 200,000-1,000,000 tce a year, 0.3 above; below 200,000 the notice sets none
  and the rule says so (`indicator.threshold_tco2_per_tce` sets a provincial one);
- clean energy at least 90 % (guiding; the note says whether gas counts as clean);
- green power supplied directly at least 50 % of electricity (the notice's principle; the
  target's value where `carbon.green_direct_share` is set);
- with a `green_direct_connection` section (发改能源〔2025〕650号, grid-connected projects),
  three LP rows: own PV and wind consumed at least `self_use_min_fraction` (0.6) of their
  available generation (before curtailment) and at least `consumption_share_min_fraction`
  (0.30; 0.35 where `park.year` is 2030 or later) of the electricity used, and exports at
  most `export_max_fraction` (0.2, provinces set it) of the available generation; its
  `import_charge_cny_per_kwh` and `export_charge_cny_per_kwh` are paid per kWh exchanged
  with the public grid (`cost.grid_exchange_charges`).

Where green certificates or green power are bought, `compliance.green_purchase` gives the
MWh, their share of grid imports, the cost and the indicator without them; `purchases` lists
what the park buys each year (grid electricity, green purchases, contract energy, purchased
heat, gas: MWh and CNY/year).

Every factor is written to summary.json under `indicator.method`. Cost defaults of heat
technologies are rough 2024-2025 levels (unverified): give your own quotes.

## Named instances: several roofs, several wind sites

`technologies.pv` and `technologies.wind` take one mapping (one instance, named after the
technology: keys as always) or a list of named instances, each with every field of its own
(orientation, its own hourly `profile`, turbine and hub height, bounds, costs, life):

```yaml
technologies:
  pv:
    - {name: roof_east, azimuth_deg: 90, tilt_deg: 10, max_kw: 3000, capex_cny_per_kw: 3200}
    - {name: ground, azimuth_deg: 180, tilt_deg: 25, max_kw: 20000}
  wind:
    - {name: site_north, turbine_type: "E-141/4200", max_kw: 25200}
    - {name: site_south, wind_class: "I", hub_height_m: 100, max_kw: 13800}
```

Names are lowercase identifiers, unique within their technology (not `curtailed`). Each
instance is sized by the LP on its own resource profile: its capacity is
`<technology>_<name>_kw` (`pv_roof_east_kw`, in capacities.csv and summary.json `capacity`),
its hourly columns `pv_roof_east_kw` and `pv_roof_east_curtailed_kw`, its energy
`energy_mwh.pv_roof_east`, its investment `economics.investment.pv_roof_east`, its resource
`resource.instances.pv_roof_east`; the technology's own keys (`pv_kw`, `pv_curtailed_kw`,
`energy_mwh.pv`) hold the totals. A study sets one instance's field by its name:
`technologies.pv.roof_east.max_kw: [2000, 3000]`. `profiles.pv_kw_per_kw_dc` (or
`wind_kw_per_kw`) still applies to every instance without a `profile` of its own.
`finance.ownership_price_cny_per_kwh.pv` holds for every PV instance. Whole turbines
(`wind_turbines`) are chosen for one wind instance; a list of several wind sites keeps each
site's continuous size and says so in the plan's warnings. Example:
`three_roofs_park.yaml`.

The converters (`heat_pump`, `waste_heat_pump`, `electric_boiler`, `gas_boiler`,
`existing_gas_boiler`, `chp`, `chiller`, `absorption_chiller`) take a list the same way: a
steam boiler and a hot water boiler of different ages, each with its own levels, efficiency,
capacity and O&M:

```yaml
technologies:
  existing_gas_boiler:
    - {name: steam_boiler, capacity_kw: 6000, efficiency_fraction: 0.90, levels: [steam]}
    - {name: hot_water_boiler, capacity_kw: 2000, efficiency_fraction: 0.92, levels: [hot_water]}
```

Each is its own converter of the LP (`existing_gas_boiler_steam_boiler_kw`, kept or retired
on its own), with its own columns (`heat_steam_existing_gas_boiler_steam_boiler_kw`,
`existing_gas_boiler_steam_boiler_heat_kw`, `..._gas_kw`) and gas (`carriers.gas`); the
technology's columns and capacity hold the totals (a CHP's `chp_<name>_electricity_kw`...
likewise). Today's park (the baseline) meets each
level from the boilers that serve it, each at its own efficiency. `simulate --capacity`
takes each one's key, `pathway.retire` each one's stem. Example: `multi_site_park.yaml`.

## Ownership: self-owned or under contract

A third party may build and own PV, wind or storage and sell the park what it delivers (an
energy-performance contract or PPA; about 0.4 CNY/kWh for rooftop PV in Chinese parks):

```yaml
finance:
  ownership: both                # self (default), contract or both
  ownership_price_cny_per_kwh:
    pv: 0.40                     # per kWh of PV output used
    battery: 0.15                # per kWh discharged
```

`contract`: the LP sizes what the park would contract for: no capital or fixed O&M for the
park, and a payment of price x kWh delivered (summary `cost.contract_payments`; the
economics leave them out of the investment and put the payments in the cash flow).
`both`: the self-owned plan, solved once more under contract; summary.json's `ownership`
sets capacities, annual cost, investment, NPV, IRR and payback side by side, and the report
shows them. `self` with prices: `economics.contracted` re-prices the self-owned sizes.

This table is generated by `python -m parkopt.optimizer.cli.docs > inputs/README.md`; do not edit it
by hand.

| field | unit | default | meaning |
|---|---|---|---|
"""


def _models(annotation) -> list[type[BaseModel]]:
    args = typing.get_args(annotation) or (annotation,)
    found = []
    for a in args:
        if isinstance(a, type) and issubclass(a, BaseModel):
            found.append(a)
        elif typing.get_origin(a) in (list, types.UnionType, typing.Union):
            found += _models(a)
        elif typing.get_origin(a) is typing.Annotated:  # one form of several (a tagged union)
            found += _models(typing.get_args(a)[0])
    return list(dict.fromkeys(found))


def _default(info) -> str:
    if info.default is PydanticUndefined:
        return "required"
    value = info.default
    if isinstance(value, BaseModel):
        return "see below"
    if value is None:
        return "null"
    if isinstance(value, list | dict) and not value:
        return "none"
    return f"`{value}`"


def rows(model: type[BaseModel] = Scenario, prefix: str = "") -> list[str]:
    out = []
    for name, info in model.model_fields.items():
        if name == "source" and model in (Scenario, StudySpec):  # set by parkopt, not a user
            continue
        path = f"{prefix}{name}"
        unit = (info.json_schema_extra or {}).get("unit", "-")
        doc = info.description or ""
        nested = _models(info.annotation)
        if nested:
            out.append(f"| **`{path}`** | | {_default(info)} | {doc} |")
            for sub in nested:
                list_like = typing.get_origin(info.annotation) is list
                out += rows(sub, f"{path}[].") if list_like else rows(sub, f"{path}.")
        else:
            out.append(f"| `{path}` | {unit} | {_default(info)} | {doc} |")
    return out


STUDY_HEADER = """
# Study files

A study runs one base scenario many times (`parkopt study FILE`): over `sites` (a siting
study), a `grid` (every combination of the listed values, by dotted path into the
scenario, e.g. `technologies.battery.energy_capex_cny_per_kwh: [600, 800, 1000]`),
`samples` (seeded Latin-hypercube draws) and `variants` (named partial scenarios). Examples:
`siting_study.yaml`, `cap_sweep.yaml`, `sensitivity.yaml`, `configurations.yaml`, and
`lhs_10000.yaml` (10,000 draws screened on 12 typical days, the 20 cheapest re-solved on
every day, run folders holding summary.json only).

| field | unit | default | meaning |
|---|---|---|---|
"""


def render() -> str:
    scenario = "\n".join(dict.fromkeys(rows()))
    study = "\n".join(dict.fromkeys(rows(StudySpec)))
    return HEADER + scenario + "\n" + STUDY_HEADER + study + "\n"


if __name__ == "__main__":
    print(render(), end="")
