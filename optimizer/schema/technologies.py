"""Technologies, each declared once (the types and builders in ``registry.py``, carriers in
``carriers.py``).

A ``Technology`` names its scenario section and input schema, the carriers it takes and
gives, its capacities (unit, cost field, bound fields), its label, colour and Chinese names;
a ``Carrier`` its unit and, for one with a demand of its own (cooling), the scenario section
of that demand. The LP's variable families and balances, the KPIs, the results columns, the
plots, the report, the study's warm re-solve and the generated field docs iterate over them;
``flows.py`` shows each dispatch column. Adding a technology means an entry here (with its
input schema; for a new carrier, one in ``carriers.py`` and its scenario section) and its
physics in ``models/``: a generator, a converter or a store needs no equation of its own in
``optimizer/lp/``, nor does a carrier with its own demand (``lp/nodes.py``).

Column names follow from the entry: a generator ``g`` gives ``g_kw`` (output used) and
``g_curtailed_kw``; a store ``s`` gives ``s_charge_kw``, ``s_discharge_kw`` and ``s_soc_kwh``.
"""

from __future__ import annotations

from parkopt.optimizer.schema.carriers import NODE_CARRIERS, Carrier, demand_carriers
from parkopt.optimizer.schema.cchp_specs import CHP, AbsorptionChiller, ColdStorage, ElectricChiller
from parkopt.optimizer.schema.heat_specs import (
    AirHeatPump,
    ElectricBoiler,
    ExistingGasBoiler,
    GasBoiler,
    ThermalStorage,
    WasteHeatPump,
)
from parkopt.optimizer.schema.registry import (
    Capacity,
    Technology,
    converter,
    generator,
    own_modes,
    store_capacities,
)
from parkopt.optimizer.schema.tech_specs import PV, Battery, Wind

# --- the registry ----------------------------------------------------------------------------


PV_TECH = generator(
    "pv",
    PV,
    "PV",
    "#f2b701",
    unit="kW_DC",
    zh="光伏",
    doc="Solar PV: one mapping, or a list of named instances (roofs, ground arrays), each "
    "with its own fields; left out = not considered.",
    resource_column="pv_kw_per_kw_dc",
    resource_unit="kW/kW_DC",
    resource_doc="Hourly PV AC output per kW_DC (e.g. PVsyst); replaces pvlib.",
    # an hour's mean irradiance reaches ~1.2 kW/m2 only with cloud enhancement at altitude;
    # with a bifacial gain and cold modules AC output stays below 1.3 kW per kW_DC
    resource_max=1.3,
)
WIND_TECH = generator(
    "wind",
    Wind,
    "Wind",
    "#3b8bc2",
    zh="风电",
    doc="Wind turbines: one mapping, or a list of named instances (sites), each with its own "
    "turbine and fields; left out = not considered.",
    resource_column="wind_kw_per_kw",
    resource_doc="Hourly wind output per kW installed; replaces windpowerlib.",
    resource_max=1.05,  # a turbine gives its rated power at most (power-boost modes: +5 %)
)


BATTERY_TECH = Technology(
    name="battery",
    role="storage",
    spec=Battery,
    label="Battery",
    colour="#7a4fa3",
    charge_colour="#b59ad1",
    takes=("electricity",),
    gives=("electricity",),
    capacities=store_capacities("battery", "Battery", "kW", "kWh", "储能电池"),
    zh="储能电池",
    zh_flows=("储能充电", "储能放电"),
    doc="Battery storage: one mapping, or a list of named instances (a 2-hour and a 4-hour "
    "battery, each with its own costs and efficiencies); left out = none.",
)


HEAT_PUMP_TECH = converter(
    "heat_pump",
    AirHeatPump,
    "Air-source heat pump",
    "#e377c2",
    "Air-source heat pump (COP from the weather's air temperature); left out = none.",
    "空气源热泵",
)
WASTE_HEAT_PUMP_TECH = converter(
    "waste_heat_pump",
    WasteHeatPump,
    "Waste-heat pump",
    "#9467bd",
    "Heat pump on a waste-heat source (source temperature, kW available); left out = none.",
    "余热热泵",
)
ELECTRIC_BOILER_TECH = converter(
    "electric_boiler",
    ElectricBoiler,
    "Electric boiler",
    "#ff7f0e",
    "Electric (electrode) boiler, hot water or steam; left out = none.",
    "电锅炉",
)
GAS_BOILER_TECH = converter(
    "gas_boiler",
    GasBoiler,
    "New gas boiler",
    "#a0522d",
    "New gas boilers; left out = none.",
    "新建燃气锅炉",
)
EXISTING_GAS_BOILER_TECH = converter(
    "existing_gas_boiler",
    ExistingGasBoiler,
    "Existing gas boilers",
    "#6b3d1f",
    "The park's gas boilers today (capacity fixed, kept or retired): one mapping, or a list "
    "of named instances (each boiler with its own levels, efficiency and capacity); left out = "
    "none.",
    "现有燃气锅炉",
    existing=True,
)
THERMAL_STORAGE_TECH = Technology(
    name="thermal_storage",
    role="heat_storage",
    lp_prefix="t",
    spec=ThermalStorage,
    label="Thermal storage",
    colour="#d62728",
    charge_colour="#f4a3a3",
    takes=("heat",),
    gives=("heat",),
    capacities=store_capacities("thermal_storage", "Thermal storage", "kW_th", "kWh_th", "储热"),
    zh="储热",
    zh_flows=("储热充热", "储热放热"),
    doc="Thermal storage on one heat level (hot water tank, steam accumulator): one mapping, "
    "or a list of named instances, each on its own level; left out = none.",
)


CHP_TECH = own_modes(
    "chp",
    CHP,
    "Gas CHP",
    "#bcbd22",
    ("gas",),
    ("electricity", "heat"),
    "kW_e",
    "Gas CHP (engine or turbine): electricity and heat into one level; left out = none.",
    "燃气热电联产机组",
)
CHILLER_TECH = own_modes(
    "chiller",
    ElectricChiller,
    "Electric chiller",
    "#17becf",
    ("electricity",),
    ("cooling",),
    "kW_c",
    "Electric chiller (COP from the air temperature); needs cooling; left out = none.",
    "电制冷机",
)
ABSORPTION_CHILLER_TECH = own_modes(
    "absorption_chiller",
    AbsorptionChiller,
    "Absorption chiller",
    "#1f77b4",
    ("heat",),
    ("cooling",),
    "kW_c",
    "Absorption chiller driven by heat from one level; left out = none.",
    "吸收式制冷机",
)
COLD_STORAGE_TECH = own_modes(
    "cold_storage",
    ColdStorage,
    "Cold storage",
    "#6baed6",
    ("cooling",),
    ("cooling",),
    "kW_c",
    "Chilled-water or ice store on the cooling balance: one mapping, or a list of named "
    "instances; left out = none.",
    "蓄冷",
    role="cold_storage",
    lp_prefix="c",
    charge_colour="#9ecae1",
    zh_flows=("蓄冷充冷", "蓄冷放冷"),
)

TECHNOLOGIES: tuple[Technology, ...] = (
    PV_TECH,
    WIND_TECH,
    BATTERY_TECH,
    HEAT_PUMP_TECH,
    WASTE_HEAT_PUMP_TECH,
    ELECTRIC_BOILER_TECH,
    GAS_BOILER_TECH,
    EXISTING_GAS_BOILER_TECH,
    THERMAL_STORAGE_TECH,
    CHP_TECH,
    CHILLER_TECH,
    ABSORPTION_CHILLER_TECH,
    COLD_STORAGE_TECH,
)
"""Every technology, in the order of columns, tables and legends."""
GENERATORS = tuple(t for t in TECHNOLOGIES if t.role == "generator")
STORAGE = tuple(t for t in TECHNOLOGIES if t.role == "storage")
ALL_CONVERTERS = tuple(t for t in TECHNOLOGIES if t.role == "converter")  # lp/converters.py
CONVERTERS = tuple(t for t in ALL_CONVERTERS if t.gives == ("heat",))
"""Heat sources: converters giving heat only, one mode per level they serve."""
HEAT_STORAGE = tuple(t for t in TECHNOLOGIES if t.role == "heat_storage")
STORES = tuple(t for t in TECHNOLOGIES if t.is_store)
"""Every store, on any carrier (``lp/storage.py``)."""
LISTABLE = TECHNOLOGIES
"""Technologies whose section may be a list of named instances (``instances.py``): all."""
NODE_STORES = tuple(t for t in STORES if t.gives[0] in {c.name for c in NODE_CARRIERS})
"""Stores on a node of ``NODE_CARRIERS`` (the cold store)."""
COLD_STORAGE = tuple(t for t in NODE_STORES if t.gives == ("cooling",))
CAPACITIES: tuple[Capacity, ...] = tuple(c for t in TECHNOLOGIES for c in t.capacities)
"""Every capacity: the columns of capacities.csv and summary.json's ``capacity``."""
CAPACITY_KEYS = tuple(c.key for c in CAPACITIES)
TECH_OF_CAPACITY = {c.key: t for t in TECHNOLOGIES for c in t.capacities}


def node_stores(scenario, carrier: Carrier | None = None) -> list[Technology]:
    """The stores the scenario gives on the nodes of ``carrier`` (any store on it: the
    thermal store on heat), else on the node of each of its ``demand_carriers``, in the
    registry's order."""
    pool = STORES if carrier else NODE_STORES
    names = [c.name for c in ((carrier,) if carrier else demand_carriers(scenario))]
    return [
        s
        for s in pool
        if s.gives[0] in names and getattr(scenario.technologies, s.name) is not None
    ]
