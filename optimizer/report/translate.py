"""Chinese renderings of what summary.json says in English: units, the economics notes, the
warnings, the binding limits' and the compliance rules' sentences.

summary.json keeps one language (English sentences, units as ``CNY/year``); a Chinese
report translates them here. A sentence with no Chinese rendering is shown as it is, marked
as the English original (``Text.original``), never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNIT_RULES = (
    (re.compile(r"\bCNY\b"), "元"),
    (re.compile(r"/year per point\b"), "/年（每百分点）"),
    (re.compile(r"/year per 0\.01 tCO2/tce\b"), "/年（每 0.01 tCO2/tce）"),
    (re.compile(r"-year\b"), "·年"),
    (re.compile(r"-month\b"), "·月"),
    (re.compile(r"^path$"), "路径"),
    (re.compile(r"^IANA name$"), "IANA 时区名"),
    (re.compile(r"^bar \(absolute\)$"), "bar（绝对压力）"),
    (re.compile(r"^degC$"), "°C"),
    (re.compile(r"^IEC class$"), "IEC 等级"),
    (re.compile(r"/year\b"), "/年"),
    (re.compile(r"^1/年$"), "1/年"),
    (re.compile(r"^years$"), "年"),
    (re.compile(r"^year$"), "年"),
    (re.compile(r"^turbines$"), "台"),
    (re.compile(r"^days$"), "天"),
    (re.compile(r"^month$"), "月"),
    (re.compile(r"^fraction$"), "比例"),
    (re.compile(r"\bcycles/"), "次/"),
    (re.compile(r"^deg$"), "°"),
    (re.compile(r"^m3$"), "m³"),
)
"""How a unit is written in Chinese, in order (currency CNY as 元, per year as /年)."""


def unit_in(unit: str, lang: str) -> str:
    """``unit`` as a ``lang`` report writes it: ``CNY/year`` -> ``元/年`` in Chinese."""
    if lang != "zh" or not unit:
        return unit
    for pattern, zh in UNIT_RULES:
        unit = pattern.sub(zh, unit)
    return unit


@dataclass(frozen=True)
class Text:
    """A sentence for the page: its words, and whether they are the English original
    (no Chinese rendering known; the page marks it ``lang="en"``)."""

    text: str
    original: bool = False


NOTES_ZH = {
    "investment:": "`investment`（投资）：各技术的初始投资 = 单位容量投资（每 kW 或每 kWh）× 容量，"
    "计入第 0 年；寿命在项目期内结束的技术按相同的实际成本重新购置（purchases.years），"
    "最后一次购置尚未按直线法折旧的部分计为最后一年的残值（purchases.residual_share）。",
    "cash_flow:": "`cash_flow`（现金流）：每年一行，第 0 年为投资；各列均为园区的现金（支出为负，"
    "收入或避免的支出为正），按不变价计；baseline_bills_cny 为园区现状的能源费用（电力全部来自"
    "电网、现状供热），方案可避免这部分费用；savings_cny 为各运营列之和；net_cash_flow_cny "
    "另计投资、重置和残值。",
    "annual_savings:": "`annual_savings`（年节省）：第 1 年的 savings_cny，即现状能源费用减去方案的"
    "运维费、能源费和绿电购买费，再加上售电收入（不计价格上涨和光伏衰减，等于 baseline_cost - "
    "(cost.total_annual - cost.capex_annual)）。",
    "npv:": "`npv`（净现值）：按 finance.discount_rate 折现（年末计）的净现金流之和；`irr`（内部收"
    "益率"
    "）："
    "使净现值为 0 的折现率（净现值始终不变号时为空；有多个时取最接近折现率的一个）；回收期："
    "累计（折现）现金流最终转正所需的年数，年内线性插值（无法收回时为空）。",
    "Escalation:": "价格上涨：能源价格（电网电量电费、需量电费、天然气、外购热力、绿电购买、"
    "上网电价、现状能源费用）自第 2 年起按 finance.energy_price_escalation_per_year 上涨；"
    "运维费、投资和合同价格保持当前实际水平。",
    "PV degradation (simplification):": "光伏衰减（简化处理）：第 y 年光伏发电量为第 1 年的 "
    "(1 - finance.pv_degradation_per_year)^(y-1)，减少的电量按方案的平均购电电量电价从电网购买"
    "（不计需量电费和减少的上网电量，不重新调度；排放按第 1 年计）。",
    "abatement_cost_average_per_t:": "`abatement_cost_average_per_t`（平均减排成本）：(方案年化成本"
    " -"
    " "
    "现状年化成本) / (现状排放 - 方案排放) [元/tCO2]：平均每减排一吨的成本，含年化投资；方案节省"
    "费用时为负；没有减排时为空。方案排放按市场法计（计入绿电购买），与碳排放上限的口径一致。",
    "abatement_cost_marginal_per_t:": "`abatement_cost_marginal_per_t`（边际减排成本）：碳排放上限"
    "的"
    "对偶价格 [元/tCO2]：在边际上多减排一吨的成本；上限未起约束作用时为 0，未设上限时为空。",
    "contracted:": "`contracted`（合同能源）：由第三方投资、拥有并运营 "
    "finance.ownership_price_cny_per_kwh 所列技术、园区按每 kWh 供能付费时园区的现金流（光伏、"
    "风电按被使用的发电量计，光伏计衰减；储能电池、储热按放电量计），代替这些技术的投资和运维费；"
    "按自建方案的容量和调度重新计价（线性规划按投资成本确定容量；finance.ownership=contract 或 "
    "finance.ownership=both 时按合同价格确定容量）。",
    "ownership contract:": "合同能源管理：由第三方投资、拥有并运营 price_cny_per_kwh 所列技术，"
    "线性规划按每 kWh 供能的合同价格确定其容量；这些技术不计入投资和运维费，园区的付费为 "
    "contracted_energy_cny（成本项 contract_payments）。",
    "The baseline's bills include the existing gas boilers' O&M": "现状能源费用包括现有燃气锅炉的"
    "运维费（园区目前已在支付，与能源费用一样逐年上涨）；方案的运维费计入其保留的锅炉。",
}
"""The economics notes (``economics.notes``) in Chinese, by how each begins."""


def note_zh(note: str) -> Text:
    """An economics note in Chinese, or the English original when none is known."""
    for start, zh in NOTES_ZH.items():
        if note.startswith(start):
            return Text(zh)
    return Text(note, original=True)


GENERATOR_ZH = {"wind": "风电", "pv": "光伏"}
SOURCES_ZH = {
    "national fleet average 2022": "全国风电平均水平（2022 年，中国风能协会，据国际能源署风能技术"
    "合作计划 2022 年中国风电报告；2021 年为 2,246 h，国家能源局）",
    "national fleet average, about 1,300 h in 2023": "全国光伏平均水平，2023 年约 1,300 h（媒体报道"
    "，"
    "未核实；国家能源局公布 2023 年 1-8 月为 907 h）",
    "given in the scenario (no source stated)": "情景文件给出（未注明来源）",
}
HINTS_ZH = {
    " (calibrate technologies.wind.calibration": "（用风资源图谱或测风塔数据校准 "
    "technologies.wind.calibration，或在 technologies.wind.wind_data 中给出轮毂高度的风速数据）",
}
RESOURCE = re.compile(
    r"^(?P<file>.+): modelled (?P<name>\w+) full-load hours (?P<hours>[\d,.]+) h/year are "
    r"(?P<ratio>[\d.]+) x the reference (?P<ref>[\d,.]+) h/year \((?P<source>.*)\); more than "
    r"(?P<margin>[\d.]+%) apart: check the resource(?P<hint>.*)$"
)


def _by_start(text: str, table: dict[str, str]) -> str:
    return next((zh for start, zh in table.items() if text.startswith(start)), text)


WIND_SITES = re.compile(
    r"^wind in whole turbines: not done for the (?P<n>\d+) wind sites of technologies\.wind "
    r"\((?P<names>[^)]*)\); each site's size is the LP's continuous one$"
)


def warning_zh(warning: str) -> Text:
    """A run's warning in Chinese (the resource check's, the wind sites' rounding), or the
    English original."""
    if m := WIND_SITES.match(warning):
        return Text(
            f"风电未按整台机组取整：technologies.wind 有 {m['n']} 个风电场址（{m['names']}），"
            "各场址容量取线性规划的连续解"
        )
    m = RESOURCE.match(warning)
    if m is None:
        return Text(warning, original=True)
    name = GENERATOR_ZH.get(m["name"], m["name"])
    hint = _by_start(m["hint"], HINTS_ZH) if m["hint"] else ""
    return Text(
        f"{m['file']}：模拟的{name}年等效满发小时数为 {m['hours']} h/年，是参考值 {m['ref']} h/年"
        f"（{_by_start(m['source'], SOURCES_ZH)}）的 {m['ratio']} 倍，偏差超过 {m['margin']}："
        f"请检查资源数据{hint}"
    )
