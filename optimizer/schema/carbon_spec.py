"""The scenario's carbon targets (``carbon``) and green purchases (``green_purchase``)."""

from __future__ import annotations

from pydantic import model_validator

from parkopt.optimizer.schema.fields import F, Spec


class Carbon(Spec):
    cap_t: float | None = F(None, unit="tCO2/year", doc="Largest annual emissions.", ge=0)
    reduction: float | None = F(
        None, unit="fraction", doc="Cut against the grid-only baseline.", ge=0, le=1
    )
    renewable_share: float | None = F(
        None,
        unit="fraction",
        doc="Least annual share of the load met by local PV and wind plus green purchases.",
        ge=0,
        le=1,
    )
    hourly_matched_share: float | None = F(
        None,
        unit="fraction",
        doc="Least share of the load met in the same hour by local PV and wind, directly or "
        "through the battery (24/7); may be combined with one annual target.",
        ge=0,
        le=1,
    )

    tco2_per_tce: float | None = F(
        None,
        unit="tCO2/tce",
        doc="Largest carbon per unit of energy used, by the zero-carbon park notice's "
        "accounting (section indicator): 0.2 for parks of 200,000-1,000,000 tce a year; "
        "may be combined with the other targets.",
        gt=0,
    )
    clean_energy_share: float | None = F(
        None,
        unit="fraction",
        doc="Least share of clean energy in the energy used (tce; see indicator.gas_is_clean); "
        "the notice's guiding figure is 0.9; may be combined with the other targets.",
        ge=0,
        le=1,
    )
    green_direct_share: float | None = F(
        None,
        unit="fraction",
        doc="Least share of the electricity used that is green power supplied directly (own "
        "PV and wind consumed in the park, exports not counted; certificates do not count); "
        "the notice's principle is 0.5; may be combined with the other targets.",
        ge=0,
        le=1,
    )

    @model_validator(mode="after")
    def _one_target(self):
        given = [
            k for k in ("cap_t", "reduction", "renewable_share") if getattr(self, k) is not None
        ]
        if len(given) > 1:
            raise ValueError(f"give one carbon target, not {', '.join(given)}")
        return self

    @property
    def kind(self) -> str | None:
        for k in ("cap_t", "reduction", "renewable_share"):
            if getattr(self, k) is not None:
                return k
        return None


class GreenPurchase(Spec):
    premium_cny_per_mwh: float = F(
        unit="CNY/MWh", doc="Price of green certificates or green power above grid energy.", ge=0
    )
    max_mwh_per_year: float | None = F(
        None,
        unit="MWh/year",
        doc="Most green energy that may be bought; null = up to imports.",
        ge=0,
    )
    emission_factor_t_per_mwh: float | None = F(
        None,
        unit="tCO2/MWh",
        doc="Factor a purchased MWh removes from the market-based emissions; null = the "
        "load-weighted average grid factor.",
        ge=0,
    )


GDC_CONSUMPTION_SHARE_FROM_2030 = 0.35
"""Least self-consumed share of total consumption from 2030 (发改能源〔2025〕650号) [-]."""
GDC_CONSUMPTION_SHARE_BEFORE_2030 = 0.30
"""Least self-consumed share of total consumption before 2030 (发改能源〔2025〕650号) [-]."""


class GreenDirectConnection(Spec):
    """A grid-connected green-power direct-connection project (绿电直连, 发改能源〔2025〕650号):
    the park's own PV and wind feed its load directly and the project exchanges power with the
    public grid. Present = on: its three ratios become rows of the LP."""

    self_use_min_fraction: float = F(
        0.6,
        unit="fraction",
        doc="Least self-consumed renewable electricity (own PV and wind used in the park, not "
        "exported) as a share of the project's available generation (before curtailment).",
        ge=0,
        le=1,
    )
    consumption_share_min_fraction: float | None = F(
        None,
        unit="fraction",
        doc="Least self-consumed renewable electricity as a share of the park's total "
        "electricity consumption; null = 0.30, or 0.35 where park.year is 2030 or later.",
        ge=0,
        le=1,
    )
    export_max_fraction: float = F(
        0.2,
        unit="fraction",
        doc="Most electricity exported to the grid as a share of the available generation "
        "(provinces set it; 650号: generally at most 0.2).",
        ge=0,
        le=1,
    )
    import_charge_cny_per_kwh: float = F(
        0.0,
        unit="CNY/kWh",
        doc="Charges paid per kWh taken from the public grid on top of the tariff "
        "(transmission and distribution, system operation, government funds, as the "
        "province sets them).",
        ge=0,
    )
    export_charge_cny_per_kwh: float = F(
        0.0,
        unit="CNY/kWh",
        doc="Charges paid per kWh fed into the public grid.",
        ge=0,
    )

    def consumption_share(self, year: int) -> float:
        """The least self-consumed share of consumption in force in ``year`` [-]."""
        if self.consumption_share_min_fraction is not None:
            return self.consumption_share_min_fraction
        if year >= 2030:
            return GDC_CONSUMPTION_SHARE_FROM_2030
        return GDC_CONSUMPTION_SHARE_BEFORE_2030
