"""More Chinese meanings of scenario fields: the sections themselves and the fields no shipped
input reaches, so that every field of the registry has one (``fields_zh.FIELDS_ZH`` takes
them in; same keys, same terms)."""

from __future__ import annotations

_NONE = "留空 = 不限。"
_LEVELS = "可供热的温位；留空 = 其能达到的所有温位。"
_PROFILE_PATH = (
    "每小时一行的 CSV 文件（全年 8760 行）；模拟时段较短时恰为 horizon_hours 行"
    "（仅该时段，如一天为 24 行）。"
)
_PROFILE_UNIT = (
    "该列的单位：负荷 kW 或 MW；电价 CNY/kWh 或 CNY/MWh；排放因子 tCO2/MWh 或 kgCO2/kWh；"
    "光伏和风电 kW/kW。默认：各项的第一个。"
)
_PROFILES = {
    "load_kw": "逐时负荷（实测数据）。",
    "pv_kw_per_kw_dc": "每 kW_DC 的逐时光伏交流出力（如 PVsyst）；替代 pvlib 模型。",
    "wind_kw_per_kw": "每千瓦装机的逐时风电出力；替代 windpowerlib 模型。",
    "price_cny_per_kwh": "逐时购电电价；替代分时电价表。",
    "emission_factor_t_per_mwh": "逐时电网排放因子；替代固定值。",
}
_GENERATORS = {
    "profile": "该实例自己的每千瓦容量逐时出力（如某一屋顶的 PVsyst 结果）；"
    "替代其气象模型和 profiles 中对应资源的曲线。",
    "energy_price_cny_per_kwh": "园区为该自有电站每千瓦时供电量（已使用、未弃掉的出力）支付的"
    "价格，如购电协议（PPA）价格或运营方按电量收取的费用；在其投资成本之外另计"
    "（仅按电量付费的电站设 capex_cny_per_kw: 0）。成本项 ppa_payments；留空 = 无。",
}
_HEAT_TECHS = ("heat_pump", "waste_heat_pump", "electric_boiler", "gas_boiler")
_INSTANCE_NAME = (
    "实例名称（多台设备时的列表，如分属蒸汽和热水温位的两台锅炉）：小写标识符，同一技术内唯一；"
    "其容量为 <技术>_<名称>_kw（如 existing_gas_boiler_steam_boiler_kw），与合计 <技术>_kw 并列；"
    "留空 = 技术名（单个映射）。"
)

MORE_FIELDS_ZH: dict[str, str] = {
    # park, weather, load
    "park": "园区：名称、位置和日历年份。",
    "park.longitude_deg": "场址经度，东经为正。默认：取自气象文件。",
    "park.altitude_m": "场址海拔高度。默认：取自气象文件。",
    "weather": "气象文件；pvlib 和 windpowerlib 的模型需要。",
    "load": "内置负荷曲线（或 profiles.load_kw）。",
    "load.industrial": "内置的两班制工业负荷曲线。",
    "load.from_inventory": "能源清单文件夹（`parkopt inventory`）：按其实测逐时电负荷规划"
    "（park_profiles.parquet 的 electricity_kw 列）。",
    # tariff, grid
    "tariff": "购电电价、上网电价和需量电费。",
    "tariff.seasons": "按月份规定各小时所属的分时时段（12 个月的全部 24 小时）。",
    "tariff.seasons[].prices_cny_per_kwh": "这些月份中各时段的电价，取代 "
    "tariff.prices_cny_per_kwh 中的对应值。",
    "grid": "电网接入的功率限制和排放因子。",
    # technologies
    "technologies": "可以建设的技术。",
    "technologies.pv": "光伏：一个映射，或带名称的实例列表（各屋顶、地面电站），各有自己的"
    "字段；不写 = 不考虑光伏。",
    "technologies.wind": "风电：一个映射，或带名称的实例列表（各场址），各有自己的机型和字段；"
    "不写 = 不考虑风电。",
    **{f"technologies.{t}.{f}": zh for t in ("pv", "wind") for f, zh in _GENERATORS.items()},
    "technologies.wind.power_curve": "厂家给出的功率曲线（如国产机组）；取代机型。",
    "technologies.wind.power_curve.wind_speed_m_per_s": "轮毂高度处的风速，递增。",
    "technologies.wind.power_curve.power_kw": "各风速下的电功率输出。",
    "technologies.wind.power_curve.rated_kw": "额定功率；留空 = 曲线中的最大值。",
    "technologies.wind.power_curve.rotor_diameter_m": "风轮直径。",
    "technologies.wind.power_curve.name": "在汇总中显示的机型名称。",
    "technologies.wind.shear_exponent": "幂律风切变指数，代替对数风廓线（只有一个高度的风速时）。",
    "technologies.wind.wind_data": "实测或再分析风速数据，代替气象文件中的风速。",
    "technologies.wind.wind_data.path": "实测风速的 CSV 文件，或 ERA5 的 NetCDF 文件（.nc）。",
    "technologies.wind.wind_data.columns": "CSV：各测量高度对应的列，如 {100: ws100}。",
    "technologies.wind.wind_data.unit": "CSV：风速的单位。",
    "technologies.wind.calibration": "将轮毂高度风速按参考值缩放（每个场址单独校准）。",
    "technologies.wind.calibration.mean_speed_hub_m_per_s": "校准所对标的轮毂高度年平均风速"
    "（风资源图谱、测风塔）。",
    "technologies.wind.losses": "风电场损失（净发电量 = 毛发电量 × ...）。",
    "technologies.battery": "储能电池：一个映射，或带名称的实例列表（如 2 小时和 4 小时的两组"
    "电池，各有成本和效率）；不写 = 不建。",
    "technologies.battery.max_kw": "最大功率；" + _NONE,
    "technologies.battery.max_kwh": "最大储能容量；" + _NONE,
    "technologies.heat_pump": "空气源热泵（COP 由气象文件的气温确定）；不写 = 不建。",
    "technologies.waste_heat_pump": "利用余热热源的热泵（热源温度、可用余热千瓦数）；不写 = 不建。",
    "technologies.electric_boiler": "电（电极）锅炉，供热水或蒸汽；不写 = 不建。",
    "technologies.gas_boiler": "新建燃气锅炉；不写 = 不建。",
    **{f"technologies.{t}.max_kw": "最大容量；" + _NONE for t in _HEAT_TECHS},
    **{f"technologies.{t}.levels": _LEVELS for t in _HEAT_TECHS},
    "technologies.gas_boiler.min_kw": "最小建设容量。",
    "technologies.gas_boiler.capex_cny_per_kw": "新建锅炉的单位投资（未核实）。",
    "technologies.gas_boiler.fixed_om_fraction_per_year": "每年固定运维费占投资的比例。",
    "technologies.gas_boiler.life_years": "经济寿命。",
    "technologies.gas_boiler.efficiency_fraction": "单位输入燃气（低位发热量）的产热量。",
    "technologies.existing_gas_boiler": "园区现有的燃气锅炉（容量固定，保留或退役）：一个映射，"
    "或带名称的实例列表（各台锅炉，各有温位、效率和容量）；不写 = 无。",
    **{
        f"technologies.{t}.name": _INSTANCE_NAME
        for t in (*_HEAT_TECHS, "existing_gas_boiler", "chp", "chiller", "absorption_chiller")
    },
    "technologies.existing_gas_boiler.levels": "其供热的温位；留空 = 所有温位。",
    "technologies.thermal_storage": "某一温位上的储热（热水罐、蒸汽蓄热器）：一个映射，或带名称"
    "的实例列表（各在其温位）；不写 = 不建。",
    "technologies.thermal_storage.max_kw": "最大充放热功率；" + _NONE,
    "technologies.thermal_storage.max_kwh": "最大储热容量；" + _NONE,
    # finance, targets, purchases
    "finance": "投资成本的年化。",
    "finance.ownership_price_cny_per_kwh": "可由第三方建设并拥有的技术（合同能源管理、购电协议"
    " PPA），以及园区为其每千瓦时供能支付的价格（光伏、风电：已使用的出力；储能电池、储热："
    "放电量、放热量），如 {pv: 0.4}。其作用见 finance.ownership。",
    "carbon": "碳排放或绿电目标（至多一个）。",
    "carbon.hourly_matched_share": "负荷中由本地光伏和风电在同一小时直接或经储能电池满足的最低"
    "比例（24/7 逐时匹配）；可与一个年度目标同时设置。",
    "green_purchase": "绿证或绿电交易：对年度目标计为零碳，对逐时匹配目标不计。",
    "green_purchase.max_mwh_per_year": "最多可购买的绿电量；留空 = 以购电量为限。",
    "green_purchase.emission_factor_t_per_mwh": "每购买 1 MWh 绿电从基于市场的排放中扣减的排放"
    "因子；留空 = 按负荷加权的电网平均排放因子。",
    "green_direct_connection": "绿电直连项目（发改能源〔2025〕650号）：其自发自用、消纳和上网"
    "比例作为规划的约束；留空 = 无。",
    # profiles
    "profiles": "替代模型的逐时 CSV 输入。",
    **{f"profiles.{p}": zh for p, zh in _PROFILES.items()},
    **{f"profiles.{p}.path": _PROFILE_PATH for p in _PROFILES},
    **{f"profiles.{p}.column": "数值所在的列。" for p in _PROFILES},
    **{f"profiles.{p}.unit": _PROFILE_UNIT for p in _PROFILES},
    # heat
    "heat": "各温位及其热需求、天然气和外购热力；留空 = 无供热。",
    "heat.levels": "各温位，每个温位带有其热需求。",
    "heat.levels[].steam": "该温位为蒸汽：压力和给水。",
    "heat.levels[].steam.temperature_c": "蒸汽温度；留空 = 该压力下的饱和温度。",
    "heat.levels[].demand": "该温位的热需求。",
    "heat.levels[].demand.monthly_mwh": "各月用热量，自 1 月起（12 个值）。",
    "heat.levels[].demand.profile": "逐时实测热需求（取代按规则生成的曲线）。",
    "heat.levels[].demand.profile.path": "每小时一行的 CSV 文件（8760 行）。",
    "heat.levels[].demand.profile.column": "数值所在的列。",
    "heat.levels[].demand.profile.unit": "该列的单位：热功率 kW 或 MW，或蒸汽 t/h（需给出该温位的"
    " steam）。",
    "heat.levels[].demand.from_inventory": "能源清单文件夹（`parkopt inventory`）：该温位承担园区"
    "实测热需求（外购热力 + 天然气 × 锅炉效率）的 share_of_inventory 比例。",
    "heat.gas": "锅炉用天然气。",
    "heat.purchased": "从供热企业购买的热力（蒸汽或热水）；留空 = 无。",
    "heat.purchased.price_cny_per_gj": "外购热力的价格。",
    "heat.purchased.temperature_c": "外购热力的供热温度。",
    "heat.purchased.max_kw": "最大供热功率；" + _NONE,
    "heat.purchased.emission_factor_t_per_gj": "外购热力的二氧化碳排放因子（化石能源"
    "供热为 0.11：国家核算指南）。",
    "heat.purchased.fossil": "是否由化石燃料生产（false：计为清洁能源）。",
    # indicator, resource, solver
    "indicator": "零碳园区指标（单位能耗碳排放，tCO2/tce）的核算系数。",
    "resource": "每次运行都与之核对的参考资源量（年等效满发小时数）。",
    "resource.pv_reference_full_load_hours": "本场址预期的光伏年等效满发小时数；留空 = 全国"
    "平均水平。",
    "resource.reference_year": "参考数值的年份。",
    "solver": "HiGHS 求解器的选项。",
    "solver.time_limit_s": "求解达到此时长即停止。",
    "solver.threads": "求解器线程数（默认：由 HiGHS 决定）。",
    "solver.highs_options": "其他 HiGHS 选项，按名称原样传给求解器（供专家使用；如 "
    "`{presolve: 'off'}`）；覆盖 parkopt 的设置。",
}
"""Chinese meanings by registry path, beside ``fields_zh.FIELDS_ZH``'s own."""

_SIZED = {
    "min_kw": "最小建设容量（最小值 = 最大值即固定该容量）。",
    "max_kw": "最大建设容量；" + _NONE,
    "fixed_om_fraction_per_year": "每年固定运维费占投资的比例。",
    "life_years": "经济寿命。",
}
_COLD_STORE = {
    "": "蓄冷装置（水蓄冷罐或冰蓄冷），接在供冷平衡上；不设温位：园区只有一个供冷节点。一个映射，"
    "或带名称的实例列表。不填 = 无。",
    ".energy_capex_cny_per_kwh": "蓄冷容积的单位投资（未核实）。",
    ".power_capex_cny_per_kw": "充放冷功率的单位投资。",
    ".fixed_om_fraction_per_year": "每年固定运维费占投资的比例。",
    ".life_years": "经济寿命。",
    ".loss_per_hour": "每小时损失的储存冷量比例。",
    ".charge_efficiency": "单位输入冷量存入的冷量；留空 = 0.98，或往返效率除以放冷效率。",
    ".discharge_efficiency": "单位取出冷量输出的冷量；留空 = 0.98，或往返效率除以蓄冷效率。",
    ".round_trip_efficiency": "不计静置损失的往返效率（放出冷量/存入冷量）；单独给出时按平方根"
    "拆分；留空 = 蓄冷效率 × 放冷效率。",
    ".min_duration_h": "最小容量/功率比。",
    ".max_duration_h": "最大容量/功率比。",
    ".min_kw": "最小充放冷功率（最小值 = 最大值即固定该容量）。",
    ".max_kw": "最大充放冷功率；" + _NONE,
    ".min_kwh": "最小蓄冷容量（最小值 = 最大值即固定该容量）。",
    ".max_kwh": "最大蓄冷容量；" + _NONE,
}
_COOLING = {
    "cooling": "园区的供冷需求（一个冷量平衡）；留空 = 无。",
    "cooling.demand": "供冷需求：年或逐月用冷量（MWh_c）按班次分布，或逐时实测曲线。",
    "cooling.demand.annual_mwh": "年用冷量。",
    "cooling.demand.monthly_mwh": "各月用冷量，自 1 月起（12 个值）。",
    "cooling.demand.profile": "逐时实测供冷需求（取代按规则生成的曲线）。",
    "cooling.demand.profile.path": "每小时一行的 CSV 文件（8760 行）。",
    "cooling.demand.profile.column": "数值所在的列。",
    "cooling.demand.profile.unit": "该列的单位：冷功率 kW 或 MW。",
    "cooling.demand.base_fraction": "每小时都运行的部分占班次时段用冷速率的比例。",
    "cooling.demand.shift_start_h": "第一个班次开始的时刻。",
    "cooling.demand.shift_end_h": "最后一个班次结束的时刻；可跨过午夜。",
    "cooling.demand.weekend_factor": "周末运行的班次用冷比例。",
}
_CCHP = {
    "chp": "燃气热电联产机组（内燃机或燃气轮机），按电功率 kW_e 计容量：耗气，发电并向一个温位"
    "供热。不填 = 无。",
    "chp.level": "其余热所供的温位。",
    "chp.capex_cny_per_kw": "每千瓦发电容量的单位投资（未核实）。",
    "chp.electrical_efficiency": "单位输入燃气（低位发热量）的发电量。",
    "chp.thermal_efficiency": "单位输入燃气（低位发热量）的供热量（固定热电比时）。",
    "chp.min_heat_to_power": "最小热电比（热/电）；留空 = 固定热电比（热效率/发电效率）。",
    "chp.max_heat_to_power": "最大热电比（热/电）；留空 = 固定热电比。",
    "chiller": "电制冷机（蒸气压缩式），按冷量 kW_c 计容量；COP 随气温变化；需有 cooling 部分。"
    "不填 = 无。",
    "chiller.capex_cny_per_kw": "每千瓦制冷量的单位投资（未核实）。",
    "chiller.supply_temperature_c": "冷冻水供水温度。",
    "chiller.approach_k": "冷凝温度高出气温的温差。",
    "chiller.quality_grade": "达到卡诺 COP 的比例。",
    "chiller.max_cop": "性能系数（COP）上限。",
    "chiller.cop_curve": "厂家给出的 COP 随气温变化表（点间线性插值，两端外取端值）；取代卡诺"
    "模型；留空 = 用模型。",
    "chiller.cop_curve.air_temperature_c": "表中的气温，严格递增。",
    "chiller.cop_curve.cop": "各气温下的 COP，均须大于 0。",
    "absorption_chiller": "吸收式制冷机，由一个温位的热量驱动，按冷量 kW_c 计容量。不填 = 无。",
    "absorption_chiller.level": "驱动它的温位（蒸汽或热水）。",
    "absorption_chiller.capex_cny_per_kw": "每千瓦制冷量的单位投资（未核实）。",
    "absorption_chiller.cop": "单位输入热量的制冷量（单效约 0.7，双效约 1.2）。",
    "absorption_chiller.min_drive_temperature_c": "可驱动它的最低热源温度；所接温位低于此值时"
    "不能运行。",
}
MORE_FIELDS_ZH.update(_COOLING)
MORE_FIELDS_ZH.update({f"technologies.{k}": zh for k, zh in _CCHP.items()})
MORE_FIELDS_ZH.update(
    {
        f"technologies.{t}.{f}": zh
        for t in ("chp", "chiller", "absorption_chiller")
        for f, zh in _SIZED.items()
    }
)
MORE_FIELDS_ZH.update({f"technologies.cold_storage{k}": zh for k, zh in _COLD_STORE.items()})
