"""The report's words in each language, and how its numbers are written.

``LABELS[lang][key]`` holds every label and sentence the report prints (templates read them
as ``t.key``); technology and figure names have their own tables. Numbers are written the
same way in both languages: thousands separators, a few significant digits, units kept as
they are in summary.json (kW, tCO2/year, CNY/year).
"""

from __future__ import annotations

import math

from parkopt.optimizer.outputs.console import num, pct
from parkopt.optimizer.report.labels import LABELS
from parkopt.optimizer.report.translate import unit_in
from parkopt.optimizer.schema.carriers import NODE_CARRIERS
from parkopt.optimizer.schema.instances import capacity_of
from parkopt.optimizer.schema.technologies import CAPACITIES, TECH_OF_CAPACITY

LANGUAGES = ("en", "zh")
DEFAULT_LANG = "en"
"""The language of report.html and report.xlsx (what ``parkopt run`` writes)."""


def report_file(name: str, lang: str) -> str:
    """The file of a report in ``lang``: ``name`` itself in ``DEFAULT_LANG``, else with the
    language before the suffix (``report.html`` -> ``report.zh.html``)."""
    if lang == DEFAULT_LANG:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{lang}{dot}{suffix}"


TECHNOLOGY_ZH = {c.key: c.zh for c in CAPACITIES}
"""Capacity names in Chinese: the registry's (``Capacity.zh``), as the English labels."""
CAPACITY_EN = {
    c.key: c.label if len(TECH_OF_CAPACITY[c.key].capacities) > 1 else TECH_OF_CAPACITY[c.key].label
    for c in CAPACITIES
}
"""Capacity names in English: the technology's label, or the capacity's for storage."""

FIGURES = {
    "dispatch_summer_week": ("Dispatch in a summer week", "夏季典型周调度"),
    "dispatch_winter_week": ("Dispatch in a winter week", "冬季典型周调度"),
    "monthly_energy_balance": ("Monthly energy balance", "月度电量平衡"),
    "monthly_energy_by_carrier": ("Monthly energy by carrier", "分能源品种月度用能"),
    "monthly_green_shares": ("Monthly green shares", "月度绿电比例"),
    "battery_soc_heatmap": ("Battery state of charge", "储能电池荷电状态"),
    "green_share_heatmap": ("Green share by hour and day", "逐日逐时绿电比例"),
    "duration_curves": ("Duration curves", "持续曲线"),
    "cooling_dispatch_summer_week": ("Cooling dispatch in a summer week", "夏季典型周供冷调度"),
    "frontier": ("Cost against emissions (frontier)", "成本与排放前沿"),
    "abatement_curve": ("Marginal abatement cost curve", "边际减排成本曲线"),
    "tornado": ("Sensitivity (tornado)", "敏感性分析（龙卷风图）"),
    "variants": ("Variants side by side", "方案对比"),
    "siting_map": ("Sites on the map", "选址地图"),
    "siting_resource": ("Resource by site", "各选址资源"),
}
"""Captions of the PNG figures a run or study folder holds (file stem: English, Chinese)."""

STUDY_COLUMNS = {
    "cost.total_annual": ("Annual cost", "年化总成本"),
    "lcoe_per_kwh": ("LCOE", "平准化成本"),
    "emissions_t": ("Emissions", "排放量"),
    "renewable_share": (
        "Renewable share (local + green purchases)",
        "可再生能源比例（本地 + 绿电购买）",
    ),
    "local_renewable_share": ("Local PV and wind share", "本地光伏风电比例"),
    "economics.investment.total": ("Investment", "投资"),
    "economics.npv": ("NPV", "净现值"),
    "economics.simple_payback_years": ("Simple payback", "静态回收期"),
    "abatement_cost_per_t": ("Marginal abatement cost", "边际减排成本"),
    "indicator.tco2_per_tce": ("Zero-carbon park indicator", "零碳园区指标"),
    "rank": ("Rank", "排名"),
    "name": ("Run", "运行"),
}
"""Headers of a study's ranking (summary.json names: English, Chinese)."""


RULES = {
    "tco2_per_tce": (
        "Carbon per unit of energy used (core indicator)",
        "单位能耗碳排放（核心指标）",
    ),
    "clean_energy_share": ("Clean energy share of energy used", "清洁能源消费占比"),
    "green_direct_share": ("Green power supplied directly, share of electricity", "绿电直供比例"),
    "gdc_self_use_of_available": (
        "Direct connection: self-used share of the available renewable generation",
        "绿电直连：自发自用电量占可用发电量比例",
    ),
    "gdc_consumption_share": (
        "Direct connection: self-used renewable share of total consumption",
        "绿电直连：自发自用电量占总用电量比例",
    ),
    "gdc_export_of_available": (
        "Direct connection: export share of the available generation",
        "绿电直连：上网电量占可用发电量比例",
    ),
}
"""The compliance rules (``compliance.rules[].key``): English, Chinese."""
BANDS = {
    "below_200k": ("below 200,000 tce a year", "年能耗 20 万吨标准煤以下"),
    "200k_to_1m": ("200,000 to 1,000,000 tce a year", "年能耗 20 万至 100 万吨标准煤"),
    "above_1m": ("above 1,000,000 tce a year", "年能耗 100 万吨标准煤以上"),
}
"""The energy-use bands of the core indicator (``compliance.band``): English, Chinese."""
STATUS = {
    "pass": ("pass", "达标"),
    "fail": ("FAIL", "未达标"),
    "no_threshold": ("no threshold", "无阈值"),
}
KINDS = {
    "required": ("required", "约束性"),
    "guiding": ("guiding", "引导性"),
    "principle": ("principle", "原则性"),
}
PURCHASES = {
    "grid_electricity": ("Electricity from the grid", "电网购电"),
    "green_purchase": ("Green certificates or green power", "绿证或绿电交易"),
    "contract_energy": ("Contract energy (third-party plants)", "合同能源（第三方电站）"),
    "purchased_heat": ("Purchased heat", "外购热力"),
    "gas": ("Natural gas", "天然气"),
}
"""What the park buys each year (``purchases[].key``): English, Chinese."""
SECTIONS_ZH = {
    "park": "园区",
    "weather": "气象",
    "load": "负荷",
    "tariff": "电价",
    "grid": "电网",
    "technologies": "技术",
    "carbon": "碳目标",
    "green_purchase": "绿电购买",
    "finance": "财务",
    "indicator": "零碳园区指标核算",
    "resource": "资源核对",
    "solver": "求解器",
    "heat": "热力",
    **{c.demand_section: f"供{c.zh}" for c in NODE_CARRIERS},  # cooling: 供冷
    "profiles": "逐时曲线",
    "green_direct_connection": "绿电直连",
    "inventory": "能源清单",
    "ownership": "所有权",
    "pathway": "分期规划",
}
"""Scenario sections in Chinese (the assumptions' group headings keep the YAML name too)."""
QUANTITY_UNITS = {"m3": ("m3", "m³"), "GJ": ("GJ", "GJ"), "t": ("t", "吨")}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """``table[key]`` in ``lang``; the key itself when the table does not know it."""
    pair = table.get(key)
    return key if pair is None else pair[1 if lang == "zh" else 0]


def labels(lang: str) -> dict[str, str]:
    """The labels of ``lang`` (``en`` or ``zh``); ValueError for any other."""
    if lang not in LABELS:
        raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return LABELS[lang]


def capacity_label(key: str, lang: str, english: str) -> str:
    """A capacity's name in ``lang``; a named instance's is its technology's and its name
    (``光伏 roof_east``)."""
    parsed = capacity_of(key)
    if lang == "zh" and parsed is not None:  # a store's power or energy: its own word
        inst, capacity = parsed
        return f"{capacity.zh or inst.tech.label} {inst.name}"
    return TECHNOLOGY_ZH.get(key, english) if lang == "zh" else english


def study_column_label(column: str, lang: str) -> str:
    """A ranking header: the figure's name, a capacity's technology, or an input's path
    without its section (``battery.energy_capex_cny_per_kwh``)."""
    if column in STUDY_COLUMNS:
        return STUDY_COLUMNS[column][1 if lang == "zh" else 0]
    if column.startswith("capacity."):
        key = column.removeprefix("capacity.")
        return capacity_label(key, lang, CAPACITY_EN.get(key, key))
    parts = column.removeprefix("in.").split(".")
    return ".".join(parts[-2:])


def figure_caption(stem: str, lang: str) -> str:
    """A figure's caption; unknown figures (heat dispatch of a named level) by file name."""
    if stem in FIGURES:
        return FIGURES[stem][1 if lang == "zh" else 0]
    if stem.startswith("heat_dispatch_"):
        level = stem.removeprefix("heat_dispatch_").replace("_", " ")
        return f"热力调度：{level}" if lang == "zh" else f"Heat dispatch: {level}"
    return stem.replace("_", " ")


def missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt(x, unit: str = "", sig: int = 4) -> str:
    """A number for people with its unit: ``297,000,000 CNY``; ``n/a`` when missing."""
    if missing(x):
        return "n/a"
    text = num(x, sig)
    return f"{text} {unit}".strip()


def fmt_in(x, unit: str, t: dict[str, str], sig: int = 4) -> str:
    """``fmt`` in the language of the labels ``t``: the unit as it writes it (``元/年``),
    a missing value as its word."""
    if missing(x):
        return t.get("na", "n/a")
    return fmt(x, unit_in(unit, t.get("lang", "en")), sig)


def pct_in(x, t: dict[str, str], digits: int = 1) -> str:
    """``fmt_pct`` with a missing value in the language of ``t``."""
    return t.get("na", "n/a") if missing(x) else pct(x, digits)


def fmt_years(x, t: dict[str, str]) -> str:
    """A payback in years to one decimal (``6.2 years``), or 'never'."""
    return t["never"] if missing(x) else f"{x:,.1f} {t['years']}"


def fmt_pct(x, digits: int = 1) -> str:
    return "n/a" if missing(x) else pct(x, digits)


def fmt_exact(x) -> str:
    """An input as given: no rounding beyond 10 significant digits, thousands separators."""
    if isinstance(x, bool):
        return str(x).lower()  # as YAML writes it
    if not isinstance(x, int | float):
        return str(x)
    return f"{x:,.10g}"
