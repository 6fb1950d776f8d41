"""The words of a run's figures in English and Chinese: titles, axis labels, legends, month
and day ticks, the flows' names and the usual heat level names.

A figure function takes ``lang`` ("en" by default, what ``parkopt run`` draws) and reads
its words here; the report draws the Chinese ones (``parkopt report RUN --lang zh``) with a
CJK font set by its caller (``report/fonts.py``), so this module loads no font.
"""

from __future__ import annotations

import calendar

from parkopt.optimizer.schema.flows import FLOWS

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "load": "Load",
        "demand": "Demand",
        "power_mw": "Power [MW]",
        "energy_mwh": "Energy [MWh]",
        "heat_mw": "Heat [MW_th]",
        "summer_week": "Summer week (July)",
        "winter_week": "Winter week (January)",
        "monthly_balance": "Monthly energy balance",
        "soc_title": "Battery state of charge ({kwh} kWh)",
        "soc_axis": "SOC [%]",
        "day_of_year": "Day of year",
        "hour_of_day": "Hour of day",
        "green_title": "Hourly green share: load met by local PV and wind in the same hour",
        "green_axis": "Green share [%]",
        "taken_off": "Taken off the grid by local supply",
        "grid_import": "Grid import",
        "duration_x": "Hours of the horizon, each curve sorted from its largest hour",
        "duration_title": "Duration curves of load and grid import ({hours} h without import)",
        "renewable_share": "Renewable share",
        "hourly_matched": "Hourly matched share",
        "share_of_load": "Share of load [%]",
        "monthly_green": "Monthly green shares",
        "cascade_from": "From {level} (cascade)",
        "cascade_to": "To {level} (cascade)",
        "level_week": "{level}: winter week (January)",
        "from_grid": "Electricity from grid",
        "from_pv": "Electricity from own PV",
        "from_wind": "Electricity from own wind",
        "electric_load": "Electric load (not for heat)",
        "served": "{level} served",
        "by_carrier": "Monthly energy by carrier: bought or made (left), served (right)",
        "energy_all_mwh": "Energy [MWh]",
        "cooling_mw": "Cooling [MW_c]",
        "cooling_week": "Cooling: summer week (July)",
    },
    "zh": {
        "load": "负荷",
        "demand": "热负荷",
        "power_mw": "功率 [MW]",
        "energy_mwh": "电量 [MWh]",
        "heat_mw": "热功率 [MW_th]",
        "summer_week": "夏季典型周（7月）",
        "winter_week": "冬季典型周（1月）",
        "monthly_balance": "月度电量平衡",
        "soc_title": "储能电池荷电状态（容量 {kwh} kWh）",
        "soc_axis": "荷电状态 [%]",
        "day_of_year": "一年中的第几天",
        "hour_of_day": "一天中的小时",
        "green_title": "逐时绿电比例：同一小时内由本地光伏和风电满足的负荷",
        "green_axis": "绿电比例 [%]",
        "taken_off": "本地供能替代的电网购电",
        "grid_import": "电网购电",
        "duration_x": "模拟时段内的小时数（每条曲线按从大到小排序）",
        "duration_title": "负荷与电网购电持续曲线（{hours} 小时无需购电）",
        "renewable_share": "可再生能源比例",
        "hourly_matched": "逐时匹配比例",
        "share_of_load": "占负荷比例 [%]",
        "monthly_green": "月度绿电比例",
        "cascade_from": "来自{level}（梯级利用）",
        "cascade_to": "送往{level}（梯级利用）",
        "level_week": "{level}：冬季典型周（1月）",
        "from_grid": "电网购电",
        "from_pv": "自有光伏发电",
        "from_wind": "自有风电发电",
        "electric_load": "电负荷（不含供热用电）",
        "served": "供给{level}",
        "by_carrier": "分能源品种月度用能：外购或自产（左），供给（右）",
        "energy_all_mwh": "能量 [MWh]",
        "cooling_mw": "冷功率 [MW_c]",
        "cooling_week": "供冷：夏季典型周（7月）",
    },
}
"""Every word of a run's figures by language and key."""

FLOW_ZH = {c: f.zh for c, f in FLOWS.items() if f.zh}
"""The flows' names in Chinese: the registry's (``flows.FLOWS``), as the English ones."""

LEVEL_ZH = {
    "steam": "蒸汽",
    "hot_water": "热水",
    "warm_water": "温水",
    "space_heating": "供暖",
    "heating": "供暖",
    "process_heat": "工艺热",
    "low_temperature": "低温热",
    "medium_temperature": "中温热",
    "high_temperature": "高温热",
}
"""Usual heat level names in Chinese; another level keeps the name the scenario gives it."""

MONTHS_ZH = tuple(f"{m}月" for m in range(1, 13))
MONTHS_EN = tuple(calendar.month_abbr[m] for m in range(1, 13))


def words(lang: str) -> dict[str, str]:
    """The figure words of ``lang``; English for any language without its own."""
    return WORDS.get(lang, WORDS["en"])


def flow_label(column: str, lang: str = "en") -> str:
    if lang == "zh" and column in FLOW_ZH:
        return FLOW_ZH[column]
    return FLOWS[column].label


def month_names(lang: str = "en") -> tuple[str, ...]:
    return MONTHS_ZH if lang == "zh" else MONTHS_EN


def tick_label(time, lang: str = "en") -> str:
    """A day tick of an hourly axis: 'Mon 01 Jan' or 1月1日 over the clock time."""
    if lang == "zh":
        return f"{time.month}月{time.day}日\n{time:%H:%M}"
    return time.strftime("%a %d %b\n%H:%M")


def level_name(level: str, lang: str = "en") -> str:
    """A heat level as a figure names it: 'hot_water' -> 'Hot water' or 热水."""
    if lang == "zh":
        return LEVEL_ZH.get(level, level)
    return level.replace("_", " ").capitalize()
