"""The words of a pathway's report in English and Chinese, beside the run report's
(``labels.LABELS``, which a pathway page reads too): headings, card labels, column heads,
the workbook's sheets and headers, and the technologies' names by section."""

from __future__ import annotations

from parkopt.optimizer.report.i18n import labels

PATHWAY_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title_pathway": "Pathway report",
        "pw_intro": "{n} periods from {first} to {last}: what to build each year until the "
        "zero-carbon park indicator holds at acceptance, at least present cost. Money in "
        "{currency} at constant prices, discounted to the start of {base} at {rate} a year.",
        "pw_investment": "Investment over the horizon",
        "pw_investment_note": "not discounted; {pv} in present value",
        "pw_npv_note": "against business as usual, {first}-{last}",
        "acceptance": "Indicator at acceptance ({year})",
        "acceptance_note": "the notice's value: ≤ {value}; business as usual {today}",
        "avoided_horizon": "CO2 avoided, {first}-{last}",
        "avoided_note": "market-based, against business as usual",
        "schedule": "What to build each year",
        "schedule_intro": "For each period (in its first year): the capacity built, in bold, and "
        "below it the capacity serving in the period; capacity bought serves in every later "
        "period of its life. Technologies never built or serving are left out.",
        "built": "built",
        "serving": "serving",
        "total": "Total",
        "period": "Period",
        "calendar_year": "Year",
        "built_serving": "+built / serving",
        "path": "The path to acceptance",
        "path_intro": "Each period's year as planned: the core indicator and the clean energy "
        "share against the period's own targets, Scope 1 and Scope 2 (location-based), and the "
        "emissions counting green purchases against business as usual.",
        "notice_intro": "The notice's rules as each period's compliance judged them (the "
        "thresholds of the notice for the park's energy use, whether or not they are targets "
        "of the period): acceptance is judged in the acceptance year.",
        "scope1": "Scope 1",
        "scope2": "Scope 2",
        "emissions_market": "Emissions, market-based",
        "bau": "Business as usual",
        "notice_rules": "The notice's rules",
        "no_target": "no target",
        "money": "Cash flow by calendar year",
        "money_intro": "Investment at the start of the year its period begins; fixed O&M, "
        "operation and the savings against business as usual (each period's load and prices "
        "met as today) at each year's end; the residual value (what capacity still serving "
        "after {end} is worth) in the last year; present values at {rate} to the start of "
        "{base}.",
        "fixed_om": "Fixed O&M",
        "operating_cost": "Operating cost",
        "baseline_cost": "Business as usual",
        "savings": "Savings",
        "residual_value": "Residual value",
        "net_cash_flow": "Net cash flow",
        "present_value": "Present value",
        "cumulative_pv": "Cumulative present value",
        "pv_parts": "Present values",
        "pv_investment": "Investment",
        "pv_residual_value": "Residual value",
        "pv_capital": "Capital, net of the residual value",
        "pv_fixed_om": "Fixed O&M",
        "pv_operating_cost": "Operation",
        "pv_total": "Total cost (the optimisation's objective)",
        "pv_business_as_usual": "Business as usual",
        "periods_binding": "Each period's binding limits and shadow prices",
        "periods_intro": "The prices are per year of the period: what one unit more of each "
        "target or limit would save in each of the period's years.",
        "target_prices": "Shadow prices of the period's targets",
        "pw_assumptions": "Assumptions of the pathway",
        "pw_differs": "A pathway plans each period's year with its own load, heat demand, grid "
        "emission factor, capital costs and targets, repeated over the years the period stands "
        "for; capacity bought in a period serves in every later period of its life. The "
        "statement below on load and prices staying the same holds within each period only.",
        "discount_rate": "Discount rate",
        "base_year": "Base year of discounting",
        "typical_days": "Each period's year as",
        "n_typical_days": "{n} typical days",
        "every_hour": "every hour of the year",
        "learning": "Yearly fall of capital costs",
        "retire": "Existing assets retired",
        "retire_from": "{name} from {year}",
        "none": "none",
        "list_sep": ", ",
        "period_settings": "Each period's settings",
        "years_for": "Years",
        "load_growth": "Electric load factor",
        "heat_growth": "Heat demand factor",
        "grid_factor": "Grid emission factor",
        "cost_multipliers": "Capital cost factors",
        "set_fields": "Other fields",
        "as_scenario": "as the scenario",
        "scenario_inputs": "Every input of the scenario",
        "reduction": "Emission reduction against today",
        "cap_t": "Carbon cap",
    },
    "zh": {
        "title_pathway": "分期规划报告",
        "pw_intro": "共 {n} 期，{first} 年至 {last} 年：以现值成本最低为目标，确定每年的建设"
        "内容，直至验收时零碳园区指标达标。金额为不变价（{currency}），按每年 {rate} 折现到 "
        "{base} 年初。",
        "pw_investment": "规划期总投资",
        "pw_investment_note": "未折现；现值 {pv}",
        "pw_npv_note": "相对照常情景，{first}-{last} 年",
        "acceptance": "验收年（{year} 年）核心指标",
        "acceptance_note": "通知要求：≤ {value}；照常情景 {today}",
        "avoided_horizon": "{first}-{last} 年二氧化碳减排量",
        "avoided_note": "市场法，相对照常情景",
        "schedule": "逐年建设计划",
        "schedule_intro": "每期（在该期第一年）新建的容量（粗体），其下为该期在役容量；"
        "某期购置的容量在寿命内服务以后各期。从未建设、也未在役的技术不列出。",
        "built": "新建",
        "serving": "在役",
        "total": "合计",
        "period": "时期",
        "calendar_year": "年份",
        "built_serving": "+新建 / 在役",
        "path": "达标路径",
        "path_intro": "各期代表年的规划结果：核心指标和清洁能源占比对照该期目标，范围一和范围二"
        "排放（基于位置），以及计入绿电购买的排放对照照常情景。",
        "notice_intro": "各期按通知要求的核对结果（按园区能耗适用的通知阈值，无论是否为该期目标）"
        "：验收以验收年为准。",
        "scope1": "范围一排放",
        "scope2": "范围二排放",
        "emissions_market": "排放量（市场法）",
        "bau": "照常情景",
        "notice_rules": "通知要求",
        "no_target": "未设目标",
        "money": "逐年现金流",
        "money_intro": "投资计在该期第一年年初；固定运维费、运行费用和相对照常情景（各期负荷和"
        "价格按现状方式满足）的节省计在每年年末；残值（{end} 年后仍在役容量的价值）计在最后"
        "一年；现值按 {rate} 折现到 {base} 年初。",
        "fixed_om": "固定运维费",
        "operating_cost": "运行费用",
        "baseline_cost": "照常情景费用",
        "savings": "节省",
        "residual_value": "残值",
        "net_cash_flow": "净现金流",
        "present_value": "现值",
        "cumulative_pv": "累计现值",
        "pv_parts": "现值构成",
        "pv_investment": "投资",
        "pv_residual_value": "残值",
        "pv_capital": "资本成本（扣除残值）",
        "pv_fixed_om": "固定运维费",
        "pv_operating_cost": "运行费用",
        "pv_total": "总成本（优化目标函数）",
        "pv_business_as_usual": "照常情景",
        "periods_binding": "各期起约束作用的限制与影子价格",
        "periods_intro": "影子价格按该期每年计：每放宽一个单位的目标或限制，该期每年可节省的费用。",
        "target_prices": "该期目标的影子价格",
        "pw_assumptions": "分期规划假设",
        "pw_differs": "分期规划按各期自己的负荷、热负荷、电网排放因子、投资成本和目标规划该期的"
        "代表年，并在该期代表的各年重复；某期购置的容量在寿命内服务以后各期。下文关于负荷和价格"
        "保持不变的说明仅适用于每一期之内。",
        "discount_rate": "折现率",
        "base_year": "折现基准年",
        "typical_days": "每期的一年表示为",
        "n_typical_days": "{n} 个典型日",
        "every_hour": "全年逐时",
        "learning": "投资成本年下降率",
        "retire": "现有设备退役",
        "retire_from": "{name}自 {year} 年起",
        "none": "无",
        "list_sep": "、",
        "period_settings": "各期设置",
        "years_for": "代表年数",
        "load_growth": "电负荷倍数",
        "heat_growth": "热负荷倍数",
        "grid_factor": "电网排放因子",
        "cost_multipliers": "投资成本倍数",
        "set_fields": "其他设置",
        "as_scenario": "同情景",
        "scenario_inputs": "情景的全部输入",
        "reduction": "相对现状减排比例",
        "cap_t": "碳排放上限",
    },
}
"""The pathway page's own words (``t.key`` in pathway.html.j2, over ``labels.LABELS``)."""

CAPTIONS = {
    "pathway_capacity": (
        "Capacity serving each year by technology, what was built hatched",
        "各年在役容量（按技术；斜线为当年新建）",
    ),
    "pathway_indicator": (
        "The indicator and the clean energy share against each period's targets",
        "核心指标和清洁能源占比与各期目标",
    ),
    "pathway_cash": (
        "Investment and savings each year, cumulative discounted cash flow",
        "逐年投资与节省，及累计折现现金流",
    ),
}
"""Captions of the pathway's figures (file stem: English, Chinese)."""

TECHNOLOGY_NAMES = {
    "pv": ("PV", "光伏"),
    "wind": ("Wind", "风电"),
    "battery": ("Battery", "储能电池"),
    "heat_pump": ("Air-source heat pump", "空气源热泵"),
    "waste_heat_pump": ("Waste-heat pump", "余热热泵"),
    "electric_boiler": ("Electric boiler", "电锅炉"),
    "gas_boiler": ("New gas boiler", "新建燃气锅炉"),
    "existing_gas_boiler": ("Existing gas boilers", "现有燃气锅炉"),
    "thermal_storage": ("Thermal storage", "储热"),
}
"""Technologies by their section name (learning rates, retirements, cost factors)."""

RULES_SHORT = {
    "tco2_per_tce": ("Indicator", "核心指标"),
    "clean_energy_share": ("Clean share", "清洁能源占比"),
    "green_direct_share": ("Green direct", "绿电直供比例"),
}
"""Short names of the notice's rules for the path table (others: ``i18n.RULES``)."""

SHEETS = {
    "summary": "汇总",
    "schedule": "建设计划",
    "path": "达标路径",
    "cash_flow": "现金流",
    "periods": "各期汇总",
    "assumptions": "假设条件",
}
"""Sheet names of a Chinese pathway workbook."""
HEADS = {
    "figure": "项目",
    "value": "数值",
    "unit": "单位",
    "year": "年份",
    "years": "代表年数",
    "capacity": "容量键",
    "technology": "技术",
    "instance": "实例",
    "installed": "已有容量",
    "built": "新建容量",
    "serving": "在役容量",
    "capex_per_unit": "单位投资",
    "investment": "投资",
    "discount_weight": "折现权重",
    "tco2_per_tce": "核心指标",
    "clean_energy_share": "清洁能源占比",
    "green_direct_share": "绿电直供比例",
    "energy_tce": "能源消费量",
    "scope1_t": "范围一排放",
    "scope2_t": "范围二排放",
    "emissions_t": "排放量（市场法）",
    "baseline_emissions_t": "照常情景排放",
    "renewable_share": "可再生能源比例",
    "operating_cost": "运行费用",
    "fixed_om": "固定运维费",
    "baseline_cost": "照常情景费用",
    "savings": "节省",
    "residual_value": "残值",
    "net_cash_flow": "净现金流",
    "present_value": "现值",
    "targets": "目标",
    "shadow_prices": "影子价格",
    "compliance": "通知要求",
    "field": "字段",
    "meaning": "含义",
    "source": "来源",
    "cap_t": "碳排放上限",
    "carbon_cap": "碳排放上限",
    "reduction": "减排比例",
    "hourly_matched_share": "逐时匹配比例",
}
"""Headers of a Chinese pathway workbook; ``targets.tco2_per_tce`` as ``目标：核心指标``."""


def pathway_labels(lang: str) -> dict[str, str]:
    """The pathway page's words in ``lang`` over the run report's (``i18n.labels``)."""
    return {**labels(lang), **PATHWAY_LABELS[lang]}


def pick_pair(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table.get(key)
    return key if pair is None else pair[1 if lang == "zh" else 0]


def head_zh(column: str) -> str:
    """A table column in Chinese: ``targets.tco2_per_tce`` -> ``目标：核心指标``."""
    parts = column.split(".")
    return "：".join(HEADS.get(p, p) for p in parts)
