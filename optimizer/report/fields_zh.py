"""The meaning of each scenario field in Chinese, for a Chinese report's assumptions.

The field registry (the pydantic schema's descriptions, ``optimizer/schema/fields.py``) is in
English; ``FIELDS_ZH`` gives Chinese for every field and section of it (``fields_zh_more``
holds those no shipped inputs/*.yaml reach; a field may also declare its own, ``F(zh=...)``,
as a new technology's input schema does; tests check all), keyed as the registry is
(``tariff.seasons[].months``). A field without a Chinese meaning keeps its English one,
marked as such on the page.
"""

from __future__ import annotations

from parkopt.optimizer.report.assumptions import Assumption, declared_zh, field_key
from parkopt.optimizer.report.fields_zh_more import MORE_FIELDS_ZH
from parkopt.optimizer.report.translate import Text

_COMMON = {
    "fixed_om_fraction_per_year": "每年固定运维费占投资的比例。",
    "life_years": "经济寿命。",
    "min_kw": "最小建设容量。",
}
_TECHS = ("pv", "wind", "battery", "heat_pump", "waste_heat_pump", "electric_boiler")

FIELDS_ZH: dict[str, str] = {
    **{f"technologies.{t}.{f}": zh for t in _TECHS for f, zh in _COMMON.items()},
    "technologies.thermal_storage.fixed_om_fraction_per_year": _COMMON[
        "fixed_om_fraction_per_year"
    ],
    "technologies.thermal_storage.life_years": _COMMON["life_years"],
    # park, weather, horizon
    "park.name": "情景和园区名称；用于命名结果文件夹。",
    "park.timezone": "当地时区，如 Asia/Shanghai。默认：气象文件的 UTC 偏移。",
    "park.latitude_deg": "场址纬度，北纬为正。默认：取自气象文件。",
    "park.year": "逐时序列的日历年份（决定星期几）；典型年数据按此年份重新标注。",
    "weather.path": "EPW（.epw）或 TMY3（.csv）气象文件，路径相对于情景文件；'pvlib:名称' "
    "指 pvlib 数据文件夹中自带的文件。",
    "horizon_hours": "从年初起模拟的小时数（短时段运行、测试）。",
    "horizon_start_hour": "模拟的第一个小时（0 = 1 月 1 日 00:00）。",
    # load
    "load.industrial.base_kw": "每小时都存在的负荷（公用设施、待机）。",
    "load.industrial.shift_kw": "生产班次期间增加的负荷。",
    "load.industrial.shift_start_h": "第一个班次开始的时刻（当地时间）。",
    "load.industrial.shift_end_h": "最后一个班次结束的时刻（当地时间）；可跨过午夜。",
    "load.industrial.weekend_factor": "周六、周日运行的班次负荷比例。",
    "load.industrial.cooling_kw": "盛夏时增加的制冷负荷。",
    # tariff
    "tariff.currency": "所有价格和成本的货币（字段名中写作 cny）。",
    "tariff.prices_cny_per_kwh": "各分时时段的购电电价；只给出 {flat: p}（不分季节）时每小时均为 p"
    "。",
    "tariff.seasons[].months": "本时段划分适用的月份（1-12）。",
    "tariff.seasons[].peak": "高峰时段的 [起, 止) 小时区间。",
    "tariff.seasons[].flat": "平段的 [起, 止) 小时区间。",
    "tariff.seasons[].valley": "低谷时段的 [起, 止) 小时区间。",
    "tariff.seasons[].critical_peak": "尖峰时段的 [起, 止) 小时区间。",
    "tariff.seasons[].deep_valley": "深谷时段的 [起, 止) 小时区间。",
    "tariff.export_price_cny_per_kwh": "向电网送电（上网）的电价。",
    "tariff.demand_charge_cny_per_kw_month": "按每月最大购电功率收取的需量电费（两部制电价）。",
    # grid
    "grid.import_limit_kw": "任一小时的最大购电功率；留空 = 不限。",
    "grid.export_limit_kw": "最大上网功率；0 = 不向电网送电。",
    "grid.emission_factor_t_per_mwh": "电网排放因子（默认：全国碳市场核算报告用值，生态环境部 "
    "2023 年）。",
    # carbon targets
    "carbon.cap_t": "年排放量上限。",
    "carbon.reduction": "相对于全部从电网购电的基准情景的减排比例。",
    "carbon.renewable_share": "本地光伏和风电加绿电购买满足负荷的最低年度比例。",
    "carbon.green_direct_share": "绿电直供（园区自有光伏、风电在园区内消纳，上网电量、绿证不计）"
    "占用电量的最低比例；通知原则上要求 0.5。",
    "green_direct_connection.self_use_min_fraction": "绿电直连项目：新能源自发自用电量占"
    "总可用发电量（弃电前）的最低比例（发改能源〔2025〕650号：60%）。",
    "green_direct_connection.consumption_share_min_fraction": "绿电直连项目：自发自用电量占"
    "总用电量的最低比例；默认 30%，park.year 为 2030 年及以后为 35%。",
    "green_direct_connection.export_max_fraction": "绿电直连项目：上网电量占总可用发电量的"
    "最高比例（由各省确定，一般不超过 20%）。",
    "green_direct_connection.import_charge_cny_per_kwh": "绿电直连项目从公共电网取电时，在电价"
    "之外每千瓦时缴纳的费用（输配电费、系统运行费、政府性基金及附加等，按各省规定）。",
    "green_direct_connection.export_charge_cny_per_kwh": "绿电直连项目向公共电网送电时每千瓦时"
    "缴纳的费用。",
    "indicator.threshold_tco2_per_tce": "园区适用的单位能耗碳排放阈值（省级设定时填写）；"
    "为空则按通知依能耗规模取值（20万-100万吨标准煤 0.2，以上 0.3，20万以下未规定）。",
    "carbon.tco2_per_tce": "按零碳园区通知的核算方法（indicator 部分），单位能耗碳排放的上限："
    "年能耗 20 万至 100 万吨标准煤的园区为 0.2；可与其他目标同时设置。",
    "carbon.clean_energy_share": "所用能源中清洁能源（按吨标准煤计；见 indicator.gas_is_clean）"
    "的最低比例；通知的引导值为 0.9；可与其他目标同时设置。",
    # green purchase, finance
    "green_purchase.premium_cny_per_mwh": "绿证或绿电相对电网电量电价的溢价。",
    "finance.discount_rate": "实际折现率。",
    "finance.energy_price_escalation_per_year": "现金流中各能源价格（电网电量电费、需量电费、天然气"
    "、"
    "外购热力、绿电购买、上网电价）每年的实际涨幅，方案与基准情景相同。",
    "finance.ownership": "ownership_price_cny_per_kwh 所列技术的所有权。`self`：园区自建（线性规划"
    "按"
    "投资成本确定容量；summary.json 的 `economics.contracted` 对同样的容量按每 kWh 价格重新计价）。"
    "`contract`：线性规划按园区签订合同的方式确定容量：园区无投资和固定运维费，按供能电量 × "
    "价格付费（成本项 contract_payments）。`both`：先求自建方案，再按合同方式求解一次；summary.json"
    " 的 "
    "`ownership` 对两者进行比较。",
    "finance.project_life_years": "现金流的年数（summary.json 的 `economics`）：寿命更短的技术在期"
    "内重新"
    "购置；最后一次购置的剩余部分计为残值。",
    "finance.pv_degradation_per_year": "现金流中光伏出力每年的衰减（自第 1 年起复合计算）；减少的"
    "电量按方案的平均购电电价从电网购买。",
    # indicator
    "indicator.electricity_factor_t_per_mwh": "非绿电的电网电力排放因子（全国化石能源电力排放因子，"
    "2022 年；零碳园区通知 发改环资〔2025〕910号 附件 4）。",
    "indicator.electricity_kgce_per_kwh": "电力按等价值折算标准煤：供电所耗的煤（当年全国平均值，"
    "约 0.30，公开报道）。",
    "indicator.gas_is_clean": "在 clean_energy_share 中是否将天然气计为清洁能源（国内统计常如此；"
    "通知未作规定）。两种比例都会报告。",
    "indicator.process_emissions_t": "工业过程二氧化碳排放（水泥、石灰等），固定值。",
    # resource
    "resource.warn_margin_fraction": "模拟值与参考值相差超过此比例时给出警告。",
    "resource.reference_source": "参考值的来源。",
    "resource.wind_reference_full_load_hours": "本场址预期的风电年等效满发小时数（风资源图谱、测风"
    "塔、"
    "本省统计）；留空 = 全国平均水平。",
    # solver
    "solver.free_disposal": "光伏和风电的富余出力通过不等式平衡弃掉，而不是设出力变量（最优解相同，"
    "线性规划更小；存在负购电价格时自动关闭）。",
    "solver.method": "HiGHS 的线性规划算法。dual_simplex（默认）在全年规划的冷启动和热启动中实测"
    "最快（benchmarks/plan.py）；ipm 为带交叉（crossover）的内点法（给出顶点解及其对偶）。",
    "solver.start": "全部日期的求解如何起步。typical_days：先在 12 个典型日上规划全年，以其容量"
    "固定后求解完整线性规划，再放开容量由原始单纯形法从该基继续求解：最优解相同，默认示例的全年"
    "实测快 4.4 倍（benchmarks/typical_days.py）。auto：模拟时段至少 60 个整天且算法为单纯形法时"
    "如此；typical_days：13 个整天起即如此；cold：从不（部分天数或内点法时总是 cold）。",
    "solver.typical_days": "在这么多个典型日（用 tsam 聚类）上规划，而不是逐日计算：快速筛选"
    "（`parkopt run --typical-days N` 可覆盖）。",
    # heat
    "heat.cascade": "较高温位能否经换热器向较低温位供热？",
    "heat.gas.emission_factor_kg_per_m3": "燃烧 1 m³ 天然气的二氧化碳排放（15.3 tC/TJ，氧化率 99 %"
    "；"
    "国家核算指南）。",
    "heat.gas.kgce_per_m3": "1 m³ 天然气折标准煤（GB/T 2589）。",
    "heat.gas.lhv_mj_per_m3": "低位发热量（GB/T 2589）。",
    "heat.gas.price_cny_per_m3": "工业用天然气价格（江苏水平，未核实）。",
    "heat.levels[].name": "温位名称，如 steam 或 hot_water。",
    "heat.levels[].temperature_c": "供热温度：技术须达到此温度才能供给该温位。",
    "heat.levels[].steam.pressure_bar": "用户处的蒸汽压力。",
    "heat.levels[].steam.feedwater_c": "给水（或凝结水回水）温度。",
    "heat.levels[].demand.annual_mwh": "年用热量。",
    "heat.levels[].demand.annual_t": "年用汽量（吨，需给出该温位的 steam）。",
    "heat.levels[].demand.base_fraction": "每小时都运行的部分占班次时段用热速率的比例。",
    "heat.levels[].demand.share_of_inventory": "能源清单中的热需求在此温位所占的比例。",
    "heat.levels[].demand.shift_start_h": "第一个班次开始的时刻。",
    "heat.levels[].demand.shift_end_h": "最后一个班次结束的时刻；可跨过午夜。",
    "heat.levels[].demand.weekend_factor": "周末运行的班次用热比例。",
    # PV
    **{
        f"technologies.{t}.{f}": zh
        for t in ("pv", "wind")
        for f, zh in {
            "name": "实例名称（多个屋顶、多个风场时的列表）：小写标识符，同一技术内唯一；"
            "其容量为 <技术>_<名称>_kw（如 pv_roof_east_kw），与合计 <技术>_kw 并列；"
            "留空 = 技术名（单个映射）。",
            "profile.path": "该实例自己的逐时出力 CSV 文件（每千瓦出力）；"
            "替代其气象模型和 profiles 中的曲线。",
            "profile.column": "该实例逐时出力所在的列。",
            "profile.unit": "该实例逐时出力的单位（kW/kW）。",
        }.items()
    },
    "technologies.pv.capex_cny_per_kw": "单位投资（2024 年 EPC）。",
    "technologies.pv.max_kw": "最大光伏容量；留空 = 不限。",
    "technologies.pv.min_kw": "最小光伏建设容量。",
    "technologies.pv.tilt_deg": "组件相对水平面的倾角。",
    "technologies.pv.azimuth_deg": "组件方位角，180 = 正南。",
    "technologies.pv.dc_ac_ratio": "容配比（直流/交流）。",
    "technologies.pv.losses_pct": "PVWatts 系统损失。",
    "technologies.pv.temperature_model": "pvlib SAPM 电池温度模型的参数组。",
    # wind
    "technologies.wind.capex_cny_per_kw": "单位投资，整个项目。",
    "technologies.wind.max_kw": "最大容量（土地、屋顶）；留空 = 不限。",
    "technologies.wind.hub_height_m": "轮毂高度。",
    "technologies.wind.wind_class": "场址的 IEC 61400-1 风况等级；"
    "turbine_type 留空时据此选择替代机型"
    "（I：V112/3450，II：V126/3450，III：E-141/4200）。",
    "technologies.wind.terrain": "对数风廓线的地形类别（欧洲风图谱 0-3 类：粗糙度 0.0002、0.03、"
    "0.1、0.4 m）。",
    "technologies.wind.roughness_length_m": "地表粗糙度长度；留空 = 按地形类别取值。",
    "technologies.wind.turbine_type": "windpowerlib 自带机型库中的机型（`parkopt turbines`）；留空 "
    "= "
    "wind_class 的代表机型，否则为 E-141/4200。",
    "technologies.wind.losses.availability_fraction": "机组停机损失的电量比例。",
    "technologies.wind.losses.electrical_fraction": "电缆和变压器损失的电量比例。",
    "technologies.wind.losses.wake_fraction": "其他机组尾流造成的电量损失比例。",
    "technologies.wind.calibration.full_load_hours": "校准所对标的净等效满发小时数（实测或统计）。",
    "technologies.wind.calibration.source": "该数值的来源（在汇总中显示）。",
    # battery
    "technologies.battery.power_capex_cny_per_kw": "功率单位投资（变流器、并网）。",
    "technologies.battery.energy_capex_cny_per_kwh": "容量单位投资（磷酸铁锂，2025 年招标价）。",
    "technologies.battery.min_kw": "最小功率（最小值 = 最大值即固定该容量）。",
    "technologies.battery.min_kwh": "最小储能容量（最小值 = 最大值即固定该容量）。",
    "technologies.battery.round_trip_efficiency": "交流侧往返效率；单独给出时按平方根拆分为充电和"
    "放电效率；留空 = 充电效率 × 放电效率，两者都未给出时为 0.88。",
    "technologies.battery.charge_efficiency": "单位输入电能存入的电能；留空 = 往返效率的平方根。",
    "technologies.battery.discharge_efficiency": "单位取出电能输出的电能；留空 = 往返效率的平方根。"
    "",
    "technologies.battery.self_discharge_per_hour": "每小时损失的储存电能比例。",
    "technologies.battery.soc_min_fraction": "最低荷电状态。",
    "technologies.battery.soc_max_fraction": "最高荷电状态。",
    "technologies.battery.min_duration_h": "最小容量/功率比。",
    "technologies.battery.max_duration_h": "最大容量/功率比。",
    "technologies.battery.grid_charging": "储能电池能否从电网充电？false：每小时充电量不超过本地光"
    "伏"
    "和风电出力（绿电认定常用的规则；线性规划在该小时仍可为负荷购电，因此弱于“只用富余电量充电”，"
    "后者需要二进制变量）。",
    # heat pumps, boilers
    "technologies.heat_pump.capex_cny_per_kw": "单位投资，工业空气源热泵（未核实）。",
    "technologies.heat_pump.max_cop": "性能系数（COP）上限。",
    "technologies.heat_pump.max_lift_k": "最大温升（供热温度减热源温度）。",
    "technologies.heat_pump.max_sink_temperature_c": "能达到的最高供热温度。",
    "technologies.heat_pump.quality_grade": "达到卡诺 COP 的比例（oemof.thermal）。",
    "technologies.waste_heat_pump.capex_cny_per_kw": "单位投资，工业水源热泵（未核实）。",
    "technologies.waste_heat_pump.max_cop": "性能系数（COP）上限。",
    "technologies.waste_heat_pump.max_lift_k": "最大温升（供热温度减热源温度）。",
    "technologies.waste_heat_pump.max_sink_temperature_c": "最高供热温度（高温机组）。",
    "technologies.waste_heat_pump.quality_grade": "达到卡诺 COP 的比例（oemof.thermal）。",
    "technologies.waste_heat_pump.source_kw": "每小时可用的余热。",
    "technologies.waste_heat_pump.source_temperature_c": "余热温度（冷却水、排烟）。",
    "technologies.electric_boiler.capex_cny_per_kw": "单位投资，电极锅炉（未核实）。",
    "technologies.electric_boiler.efficiency_fraction": "单位输入电力的产热量。",
    "technologies.existing_gas_boiler.capacity_kw": "现有装机容量。",
    "technologies.existing_gas_boiler.efficiency_fraction": "单位输入燃气（低位发热量）的产热量。",
    "technologies.existing_gas_boiler.fixed_om_cny_per_kw_year": "每退役 1 kW 节省的运维费。",
    "technologies.existing_gas_boiler.may_retire": "方案能否让部分现有锅炉退役？",
    "technologies.heat_pump.defrost": "卡诺 COP 的除霜折减：气温低于 below_c 时乘以 factor；"
    "留空 = 不折减（给出 cop_curve 或 cop_profile 时按原值使用）。",
    "technologies.heat_pump.defrost.below_c": "低于此气温（严格低于）时机组除霜。",
    "technologies.heat_pump.defrost.factor": "这些小时 COP 所乘的系数（1 = 不折减）。",
    **{
        f"technologies.{t}.{f}": zh
        for t in ("heat_pump", "waste_heat_pump")
        for f, zh in {
            "cop_curve": "厂家给出的 COP 随气温变化表（点间线性插值，两端外取端值）；服务一个温位"
            "时给一张，服务多个温位时每个温位一张；取代卡诺模型。",
            "cop_curve.air_temperature_c": "表中的气温，严格递增。",
            "cop_curve.cop": "各气温下的 COP，均须大于 0。",
            "cop_profile": "逐时 COP（CSV 文件的一列）；服务一个温位时给一列，多个温位时每个温位"
            "一列；取代卡诺模型。",
            "cop_profile.path": "每小时一行的 CSV 文件（8760 行，或模拟时段的小时数）。",
            "cop_profile.column": "逐时 COP 所在的列。",
        }.items()
    },
    **{
        f"technologies.{t}.{f}": zh
        for t in ("electric_boiler", "gas_boiler", "existing_gas_boiler")
        for f, zh in {
            "efficiency_curve": "效率随气温变化表（点间线性插值，两端外取端值）；取代 "
            "efficiency_fraction。",
            "efficiency_curve.air_temperature_c": "表中的气温，严格递增。",
            "efficiency_curve.efficiency": "各气温下的效率，在 (0, 1.2] 之间。",
            "efficiency_profile": "逐时效率（CSV 文件的一列）；取代 efficiency_fraction。",
            "efficiency_profile.path": "每小时一行的 CSV 文件（8760 行，或模拟时段的小时数）。",
            "efficiency_profile.column": "逐时效率所在的列。",
        }.items()
    },
    # thermal storage
    "technologies.thermal_storage.level": "所储存的温位（热水罐、蒸汽蓄热器）。",
    "technologies.thermal_storage.power_capex_cny_per_kw": "充放热功率的单位投资。",
    "technologies.thermal_storage.energy_capex_cny_per_kwh": "储热容积的单位投资（未核实）。",
    "technologies.thermal_storage.min_kw": "最小充放热功率（最小值 = 最大值即固定该容量）。",
    "technologies.thermal_storage.min_kwh": "最小储热容量（最小值 = 最大值即固定该容量）。",
    "technologies.thermal_storage.round_trip_efficiency": "不计静置损失的往返效率（放出热量/存入"
    "热量）；单独给出时按平方根拆分；留空 = 充热效率 × 放热效率。",
    "technologies.thermal_storage.charge_efficiency": "单位输入热量存入的热量；留空 = 0.98，或往返"
    "效率除以放热效率。",
    "technologies.thermal_storage.discharge_efficiency": "单位取出热量输出的热量；留空 = 0.98，或往"
    "返"
    "效率除以充热效率。",
    "technologies.thermal_storage.loss_per_hour": "每小时损失的储存热量比例。",
    "technologies.thermal_storage.min_duration_h": "最小容量/功率比。",
    "technologies.thermal_storage.max_duration_h": "最大容量/功率比。",
}
FIELDS_ZH.update(
    {
        "pathway": "分期规划：按日历年分期（建什么、何时建，直到指标达标）；留空 = 一个代表年。",
        "pathway.periods": "按日历年顺序排列的各期（至少一期）；"
        "某期建设的容量在寿命内服务以后各期。",
        "pathway.periods[].year": "该期的第一个日历年。",
        "pathway.periods[].years": "该期代表的年数（每年运行相同）；留空 = "
        "到下一期为止（最后一期：与前一间隔相同）。",
        "pathway.periods[].load_growth": "该期电负荷（不含供热）相对情景的倍数。",
        "pathway.periods[].heat_growth": "该期各热等级热负荷相对情景的倍数。",
        "pathway.periods[].emission_factor_t_per_mwh": "该期电网排放因子（替换 "
        "grid.emission_factor_t_per_mwh；给出逐时因子时按此均值缩放）；留空 = 情景的值。",
        "pathway.periods[].cost_multipliers": "该期购置的各技术投资成本倍数（如 {pv: 0.85}），"
        "叠加在年下降率之上。",
        "pathway.periods[].carbon": "该期的目标（carbon 部分的字段，如 "
        "{tco2_per_tce: 0.2}）；留空 = 情景的 carbon 部分。",
        "pathway.periods[].set": "该期的其他任何情景字段，按点分路径给出（与研究的写法相同）。",
        "pathway.typical_days": "每期的一年用这么多个典型日表示（tsam）；"
        "留空 = 每期逐时全年（较慢）。",
        "pathway.learning_rate_per_year": "各技术投资成本自第一期起的年下降率"
        "（复利），如 {pv: 0.03}。",
        "pathway.installed": "园区已有的容量，按容量键给出（pv_kw、pv_roof_east_kw、battery_kw、"
        "battery_kwh、heat_pump_kw 等）：不计投资，按各期价格支付固定运维；该期的 max_kw 约束"
        "其与新建容量之和（如 {pv_kw: {capacity: 5000, retire_year: 2040}}）。",
        "pathway.installed.capacity": "园区现有的该容量。",
        "pathway.installed.retire_year": "停止服务的年份；只有整期都在役才服务该期；"
        "留空 = 超出规划期。",
        "pathway.retire": "现有设备停止服务的年份，按技术（如 {existing_gas_boiler: 2030}）"
        "或按命名实例（existing_gas_boiler_steam_boiler: 2030）给出。",
        "pathway.acceptance_year": "园区验收年份（某一期的年份）：报告在该年判断指标；留空 = "
        "第一个 tco2_per_tce 目标不高于 0.2 的期（否则最后一期）。",
        "pathway.base_year": "折现的基准年（按 finance.discount_rate，"
        "费用计在每年年末）；留空 = 第一期的年份。",
    }
)
FIELDS_ZH.update(MORE_FIELDS_ZH)
FIELDS_ZH.update(declared_zh())  # a field's own (``F(zh=...)``) wins over the tables
FIELDS_ZH.update(
    {f"pathway.periods[].{k}": v for k, v in FIELDS_ZH.items() if k.startswith("carbon.")}
)
"""Chinese meanings by registry path (``assumptions.field_key``)."""

STUDY_FIELDS_ZH: dict[str, str] = {
    "name": "研究名称；用于命名研究文件夹。",
    "base": "基准情景：文件路径或内嵌的情景。",
    "strategy": "模拟策略（模式为 simulate 时）。",
    "capacities": "模拟的容量（模式为 simulate 时）：pv_kw、wind_kw 等。",
    "overrides": "每次运行都设置的值，按点分路径或嵌套部分给出。",
    "sites": "选址研究的各个站址。",
    "sites[].name": "站址名称（选址表中的一行）。",
    "sites[].weather_path": "该站址的 EPW 或 TMY3 气象文件，相对于研究文件。",
    "sites[].overrides": "该站址的情景取值，按点分路径或嵌套部分给出。",
    "grid": "各输入的取值，按点分路径给出（网格组合）。",
    "samples": "对输入做拉丁超立方抽样。",
    "variants": "命名的部分情景（并列比较的各配置方案）。",
    "fast_resolve": "每个工作进程保留已建模型，可能时热启动重新求解。",
    "max_runs": "研究最多可展开的运行次数（站址 × 网格 × samples.n × 方案）；超过则在展开前拒绝，"
    "并给出次数及时间、磁盘和内存估计（`parkopt study --max-runs N` 可覆盖）。",
    "mode": "规划（确定容量）或模拟。",
    "keep": "每次运行的文件夹保留哪些内容：`all`（时间序列、月度数据、容量、情景、汇总；全年每次运"
    "行"
    "约 250 kB）、`summary`（仅 summary.json，约 35 kB）或 `auto`（1,000 次运行以内为 `all`，"
    "超过则为 `summary`）。",
    "typical_days": "每次运行都在这么多个典型日上筛选（设置各运行的 `solver.typical_days`；"
    "`parkopt study --typical-days N` 可覆盖）。",
    "refine_best": "典型日筛选之后，对最优的这么多次运行（最优解中 `cost.total_annual` 最低者）逐日"
    "重新求解；研究表增加其 `full_year.*` 数据。",
    "samples.n": "拉丁超立方抽样的次数。",
    "samples.seed": "随机种子（相同种子得到相同的抽样）。",
    "samples.ranges": "各抽样输入的 [下限, 上限]，按点分路径给出。",
}
"""Chinese meanings of a study file's own fields (``StudySpec``)."""


def meaning_zh(key: str | None) -> str | None:
    """The Chinese meaning of a registry path, or None when there is none."""
    return FIELDS_ZH.get(key) if key else None


def meaning_in(a: Assumption, lang: str) -> Text:
    """An assumption's meaning in ``lang``: the registry's (English), or the Chinese of
    ``FIELDS_ZH`` (the English, marked as such, where it has none)."""
    if lang != "zh":
        return Text(a.meaning)
    zh = meaning_zh(field_key(a.path))
    return Text(zh) if zh else Text(a.meaning, original=bool(a.meaning))
