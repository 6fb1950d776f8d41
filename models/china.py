"""China's grid emission factors by region and year [tCO2/MWh], with their sources.

From ../shared/data/CHINA_INPUTS.md (official figures of the Ministry of Ecology and
Environment and the National Bureau of Statistics: announcement No. 12 of 2024 for 2021;
the 2022 and 2023 releases as reported by Beijing News and Guangming Daily). A year not
published yet takes the latest earlier one, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from parkopt.models.errors import input_error

GRID_FACTORS_T_PER_MWH: dict[str, dict[int, float]] = {
    "national": {2021: 0.5568, 2022: 0.5366, 2023: 0.5306},
    "national_fossil": {2021: 0.8426, 2022: 0.8325, 2023: 0.8273},
    "north_china": {2022: 0.6776, 2023: 0.6361},
    "northeast": {2022: 0.5564, 2023: 0.5122},
    "east_china": {2022: 0.5617, 2023: 0.5500},
    "central_china": {2022: 0.5395, 2023: 0.5271},
    "northwest": {2022: 0.5857, 2023: 0.5543},
    "southern": {2022: 0.3869, 2023: 0.4042},
}
"""Average emission factor of each regional grid's electricity, by year [tCO2/MWh]."""
SOURCE = (
    "MEE and NBS grid emission factors (announcement No. 12 of 2024 for 2021; 2022 and "
    "2023 releases), via ../shared/data/CHINA_INPUTS.md"
)


@dataclass(frozen=True)
class GridFactor:
    """A region's grid factor for a year, and where it comes from."""

    region: str
    year: int  # the year asked for
    factor_year: int  # the year the factor was published for
    t_per_mwh: float
    source: str = SOURCE

    @property
    def note(self) -> str:
        if self.factor_year == self.year:
            return f"{self.region} {self.year}: {self.t_per_mwh} tCO2/MWh"
        return (
            f"{self.region} {self.year}: no factor published yet; the {self.factor_year} "
            f"factor {self.t_per_mwh} tCO2/MWh is used"
        )


def grid_factor(region: str, year: int) -> GridFactor:
    """The grid factor of ``region`` for ``year`` (the latest published at or before it)."""
    table = GRID_FACTORS_T_PER_MWH.get(region)
    if table is None:
        raise input_error("--region", region, f"one of {', '.join(GRID_FACTORS_T_PER_MWH)}")
    years = [y for y in table if y <= year]
    if not years:
        raise input_error(
            "--year", year, f"a year from {min(table)} on (the first factor of {region})"
        )
    used = max(years)
    return GridFactor(region, year, used, table[used])
