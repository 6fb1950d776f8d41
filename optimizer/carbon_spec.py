"""The scenario's carbon targets (``carbon``) and green purchases (``green_purchase``)."""

from __future__ import annotations

from pydantic import model_validator

from parkopt.optimizer.fields import F, Spec


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
