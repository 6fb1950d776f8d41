"""The report's words in each language, and how its numbers are written.

``LABELS[lang][key]`` holds every label and sentence the report prints (templates read them
as ``t.key``); technology and figure names have their own tables. Numbers are written the
same way in both languages: thousands separators, a few significant digits, units kept as
they are in summary.json (kW, tCO2/year, CNY/year).
"""

from __future__ import annotations

import math

from parkopt.optimizer.console import num, pct
from parkopt.optimizer.report.translate import unit_in
from parkopt.optimizer.technologies import CAPACITIES, TECH_OF_CAPACITY

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


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "html_lang": "en",
        "lang": "en",
        "na": "n/a",
        "compliance": "Judged against the national rules",
        "compliance_intro": "Every rule the national notices set for this park, whether or not "
        "it is a target of this run: the plan's value, the threshold, pass or fail, and where "
        "the rule is a target of the optimisation, its shadow price.",
        "energy_band": "Energy used: {tce}; band: {band}.",
        "rule": "Rule",
        "threshold": "Threshold",
        "kind": "Kind",
        "note": "Note",
        "lp_target": "target of this run",
        "no_threshold": "none set",
        "green_purchase": "Green certificates or green power bought",
        "green_purchase_line": "{mwh} for {cost}, {share} of grid imports; the core "
        "indicator would be {without} without them.",
        "buy": "What to buy each year",
        "item": "Item",
        "energy_bought": "Energy",
        "quantity": "Quantity",
        "cost_per_year": "Cost",
        "nothing_bought": "Nothing is bought.",
        "english_original": "",
        "cap_made": "cap {cap}",
        "title_run": "Plan report",
        "title_study": "Study report",
        "title_sim": "Simulation report",
        "horizon": "Modelled over {hours} hours; yearly figures are scaled to a year.",
        "nothing_to_build": "Nothing to build: the park stays as it is.",
        "targets_met": "{met} of {n} targets met",
        "written_by": "Written by parkopt {version} from the folder {folder}.",
        "answer": "The answer",
        "build": "What to build",
        "technology": "Technology",
        "capacity": "Capacity",
        "unit": "Unit",
        "investment": "Investment",
        "investment_total": "Investment (upfront)",
        "annual_savings": "Savings against the park today",
        "simple_payback": "Simple payback",
        "discounted_payback": "Discounted payback",
        "npv": "Net present value",
        "irr": "Internal rate of return",
        "years": "years",
        "never": "never within the project life",
        "project_life": "over a project life of {n} years",
        "annual_cost": "Annual cost (annualised capital included)",
        "ownership": "Self-owned or under contract",
        "ownership_intro": "The plan solved twice: the park builds and owns everything, or a "
        "third party builds and owns these and the park pays per kWh delivered: {prices}.",
        "self_owned": "Self-owned",
        "under_contract": "Under contract",
        "contract_payments": "Contract payments",
        "today": "today",
        "avoided": "CO2 avoided",
        "carbon": "Carbon",
        "of_today": "{pct} of today's emissions",
        "general": "general",
        "sep": "; ",
        "colon": ": ",
        "emissions": "Emissions",
        "avoided_market": "CO2 avoided, market-based",
        "market_based": "green purchases counted, as the carbon cap counts them",
        "abatement_avg": "Average abatement cost",
        "abatement_marg": "Marginal abatement cost",
        "avg_means": "What each tonne avoided costs on average: the plan's extra annual cost over "
        "the park today, annualised capital included, divided by the tonnes it avoids a year. "
        "A negative value means the plan cuts emissions and saves money.",
        "marg_means": "What the last tonne costs: how much the annual cost would rise if the "
        "carbon cap were one tonne tighter (the shadow price of the cap); 0 when the cap does "
        "not bind.",
        "avg_none": "The plan avoids no emissions, so there is no average cost per tonne.",
        "marg_none": "This scenario has no carbon cap, so there is no marginal price of a tonne.",
        "targets": "Targets",
        "target": "Target",
        "result": "Result",
        "met": "met",
        "not_met": "NOT met",
        "no_targets": "This scenario sets no target.",
        "carbon_cap": "Carbon cap",
        "renewable_share": "Renewable share of the electricity load (local PV and wind + green "
        "purchases)",
        "hourly_matched_share": "Load matched hour by hour by local PV and wind",
        "tco2_per_tce": "Zero-carbon park indicator",
        "clean_energy_share": "Clean energy share",
        "strategy_target": "Target of the simulation strategy",
        "indicator": "Zero-carbon park indicator (发改环资〔2025〕910号)",
        "indicator_line": "Carbon per unit of energy used, today and with the plan",
        "energy_used": "Energy used",
        "green_direct": "Green power supplied directly",
        "clean_with_gas": "clean energy share counting gas as clean",
        "turbines": "Wind turbines",
        "turbine_line": "{count} x {type}, {rated} kW each",
        "turbine_extra": " ({kw} kW in all; {extra} more than the continuous optimum)",
        "economics_missing": "This run's summary.json has no economics block (investment, "
        "cash flow, payback): it was written by an older parkopt.",
        "cash_flow": "Cash flow over the project life",
        "cash_flow_fig": "Net cash flow each year and its cumulative sums",
        "cumulative": "cumulative",
        "cumulative_disc": "cumulative, discounted",
        "net_flow": "net cash flow",
        "year": "year",
        "million": "million",
        "mega": "M",
        "notes": "How the economics are computed",
        "notes_lang": "",
        "assumptions": "Assumptions",
        "assumptions_intro": "Every input of the scenario (scenario.yaml) with its unit, meaning "
        "and source: the scenario file's comment on the field or its section, or 'parkopt "
        "default' where the file leaves it out. Fields left empty are not shown: they mean "
        "none, or no limit.",
        "field": "Field",
        "value": "Value",
        "meaning": "Meaning",
        "meaning_source": "Meaning and source",
        "source": "Source",
        "default_value": "parkopt default",
        "as_above": "as above",
        "binding": "Limits that bind",
        "binding_intro": "The limits the optimum sits against, and what one unit more of each "
        "would save (its shadow price).",
        "binding_none": "No limit binds, or this run's summary.json does not list them.",
        "limit": "Limit",
        "shadow_price": "Shadow price",
        "figures": "Figures",
        "no_figures": "This folder holds no figures (written with --no-plots).",
        "sankey": "The energy-flow diagram is in energy_flows_sankey.html in this folder.",
        "leaves_out": "What the model leaves out",
        "warnings": "Warnings of the run",
        "study_intro": "{n} runs of the base scenario ({failed} failed), ranked by levelised "
        "cost of energy served (LCOE, lowest first).",
        "ranking": "Runs ranked",
        "rank": "Rank",
        "run": "Run",
        "best": "Cheapest run",
        "shown_of": "The first {shown} of {n} runs are shown; report.xlsx holds all of them.",
        "same_in_all": "The same in every run",
        "failed_runs": "Failed runs",
        "varied": "What the study varies",
        "study_figures": "Study figures",
        "base_assumptions": "Assumptions of the cheapest run",
        "lcoe": "LCOE",
        "renewable": "Renewable share (local + green purchases)",
        "status": "Status",
    },
    "zh": {
        "html_lang": "zh-CN",
        "lang": "zh",
        "na": "无",
        "compliance": "对照国家政策要求",
        "compliance_intro": "国家政策文件对本园区适用的每项要求，无论是否为本次优化的目标："
        "方案的数值、阈值、是否达标；作为优化目标的要求同时给出其影子价格。",
        "energy_band": "能源消费量：{tce}；所属档位：{band}。",
        "rule": "要求",
        "threshold": "阈值",
        "kind": "性质",
        "note": "说明",
        "lp_target": "本次优化的目标",
        "no_threshold": "未规定",
        "green_purchase": "购买绿证或绿电",
        "green_purchase_line": "{mwh}，费用 {cost}，占电网购电的 {share}；不计这部分购买时"
        "核心指标为 {without}。",
        "buy": "每年外购",
        "item": "项目",
        "energy_bought": "能量",
        "quantity": "实物量",
        "cost_per_year": "费用",
        "nothing_bought": "无外购。",
        "english_original": "（英文原文）",
        "cap_made": "对应排放上限 {cap}",
        "title_run": "规划报告",
        "title_study": "多情景研究报告",
        "title_sim": "模拟报告",
        "horizon": "模拟时长 {hours} 小时；年度数据按全年折算。",
        "nothing_to_build": "无需新建：园区维持现状。",
        "targets_met": "{n} 项目标中 {met} 项达标",
        "written_by": "由 parkopt {version} 根据文件夹 {folder} 生成。",
        "answer": "结论",
        "build": "建设内容",
        "technology": "技术",
        "capacity": "容量",
        "unit": "单位",
        "investment": "投资",
        "investment_total": "初始投资",
        "annual_savings": "相对园区现状的年节省",
        "simple_payback": "静态投资回收期",
        "discounted_payback": "动态投资回收期",
        "npv": "净现值",
        "irr": "内部收益率",
        "years": "年",
        "never": "项目期内无法收回",
        "project_life": "项目期 {n} 年",
        "annual_cost": "年化总成本（含年化投资）",
        "ownership": "自建自有还是合同能源管理",
        "ownership_intro": "方案求解两次：园区自建并拥有全部设施；"
        "或由第三方投资建设并拥有以下设施，园区按实际供能电量付费：{prices}。",
        "self_owned": "自建自有",
        "under_contract": "第三方投资（按电量付费）",
        "contract_payments": "合同能源费用",
        "today": "现状",
        "avoided": "二氧化碳减排量",
        "carbon": "碳排放",
        "of_today": "占现状排放的 {pct}",
        "general": "通用",
        "sep": "；",
        "colon": "：",
        "emissions": "排放量",
        "avoided_market": "二氧化碳减排量（市场法）",
        "market_based": "计入绿电购买，与碳排放上限的核算口径一致",
        "abatement_avg": "平均减排成本",
        "abatement_marg": "边际减排成本",
        "avg_means": "平均每减排一吨二氧化碳的成本：方案相对园区现状增加的年化成本（含年化投资）"
        "除以每年减排的吨数。为负值表示方案在减排的同时还节省费用。",
        "marg_means": "最后一吨的成本：若碳排放上限再收紧一吨，年化成本将增加的金额（碳排放上限的"
        "影子价格）；上限未起约束作用时为 0。",
        "avg_none": "方案未减少排放，因此没有平均减排成本。",
        "marg_none": "本情景未设碳排放上限，因此没有边际减排成本。",
        "targets": "目标",
        "target": "目标值",
        "result": "结果",
        "met": "达标",
        "not_met": "未达标",
        "no_targets": "本情景未设目标。",
        "carbon_cap": "碳排放上限",
        "renewable_share": "可再生能源电量占用电负荷比例（本地光伏风电 + 绿电购买）",
        "hourly_matched_share": "本地光伏和风电逐时匹配的负荷比例",
        "tco2_per_tce": "零碳园区指标",
        "clean_energy_share": "清洁能源占比",
        "strategy_target": "模拟策略的目标",
        "indicator": "零碳园区指标（发改环资〔2025〕910号）",
        "indicator_line": "单位能耗碳排放：现状与方案",
        "energy_used": "能源消费量",
        "green_direct": "绿电直供比例",
        "clean_with_gas": "天然气计为清洁能源时的清洁能源占比",
        "turbines": "风电机组",
        "turbine_line": "{count} 台 {type}，单机 {rated} kW",
        "turbine_extra": "（共 {kw} kW；比连续最优方案每年多 {extra}）",
        "economics_missing": "本次运行的 summary.json 没有经济性数据（投资、现金流、回收期）："
        "它由较早版本的 parkopt 生成。",
        "cash_flow": "项目期现金流",
        "cash_flow_fig": "逐年净现金流及累计值",
        "cumulative": "累计",
        "cumulative_disc": "累计（折现）",
        "net_flow": "净现金流",
        "year": "年份",
        "million": "百万",
        "mega": "百万",
        "notes": "经济性计算说明",
        "notes_lang": "",
        "assumptions": "假设条件",
        "assumptions_intro": "情景文件（scenario.yaml）中的全部输入及其单位、含义和来源。"
        "来源取自情景文件中该字段或所在部分的注释（照录原文）；文件未给出的字段注明“parkopt "
        "默认值”。留空的字段不列出：表示无或不设限制。",
        "field": "字段",
        "value": "数值",
        "meaning": "含义",
        "meaning_source": "含义与来源",
        "source": "来源",
        "default_value": "parkopt 默认值",
        "as_above": "同上",
        "binding": "起约束作用的限制",
        "binding_intro": "最优解所触及的限制，以及每放宽一个单位可节省的费用（影子价格）。",
        "binding_none": "没有起约束作用的限制，或本次运行的 summary.json 未列出。",
        "limit": "限制",
        "shadow_price": "影子价格",
        "figures": "图表",
        "no_figures": "本文件夹中没有图表（运行时使用了 --no-plots）。",
        "sankey": "能流图见本文件夹中的 energy_flows_sankey.html。",
        "leaves_out": "模型未考虑的内容",
        "warnings": "运行警告",
        "study_intro": "基准情景共 {n} 次运行（{failed} 次失败），按供能平准化成本（LCOE）"
        "从低到高排序。",
        "ranking": "运行排名",
        "rank": "排名",
        "run": "运行",
        "best": "成本最低的运行",
        "shown_of": "仅列出 {n} 次运行中的前 {shown} 次；report.zh.xlsx 包含全部运行。",
        "same_in_all": "各次运行均相同",
        "failed_runs": "失败的运行",
        "varied": "研究中变化的参数",
        "study_figures": "研究图表",
        "base_assumptions": "成本最低运行的假设条件",
        "lcoe": "平准化成本",
        "renewable": "可再生能源比例（本地 + 绿电购买）",
        "status": "状态",
    },
}

TECHNOLOGY_ZH = {
    "pv_kw": "光伏",
    "wind_kw": "风电",
    "battery_kw": "储能电池功率",
    "battery_kwh": "储能电池容量",
    "heat_pump_kw": "空气源热泵",
    "waste_heat_pump_kw": "余热热泵",
    "electric_boiler_kw": "电锅炉",
    "gas_boiler_kw": "新建燃气锅炉",
    "existing_gas_boiler_kw": "现有燃气锅炉",
    "thermal_storage_kw": "储热功率",
    "thermal_storage_kwh": "储热容量",
}
"""Capacity names in Chinese (the English ones are the registry's labels)."""
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
    "profiles": "逐时曲线",
    "green_direct_connection": "绿电直连",
    "inventory": "能源清单",
    "ownership": "所有权",
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
