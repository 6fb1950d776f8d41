from __future__ import annotations

import numpy as np
import pytest

from parkopt.models.errors import InputDataError
from parkopt.models.finance import annualised_cost_per_unit, capital_recovery_factor


def test_crf_hand_values():
    assert capital_recovery_factor(0.06, 25) == pytest.approx(0.078227, abs=5e-7)
    assert capital_recovery_factor(0.08, 20) == pytest.approx(0.101852, abs=5e-7)
    assert capital_recovery_factor(0.0, 20) == pytest.approx(0.05)
    assert isinstance(capital_recovery_factor(0.06, 25), float)


def test_crf_arrays():
    out = capital_recovery_factor(np.array([0.0, 0.06, 0.08]), np.array([20, 25, 20]))
    np.testing.assert_allclose(out, [0.05, 0.0782267, 0.1018522], atol=5e-7)
    broadcast = capital_recovery_factor(0.06, np.array([10.0, 25.0]))
    np.testing.assert_allclose(broadcast, [0.1358680, 0.0782267], atol=5e-7)


def test_crf_near_zero_rate_is_continuous():
    assert capital_recovery_factor(1e-9, 20) == pytest.approx(0.05, rel=1e-6)


def test_annualised_cost():
    # 1000 per kW, 6 %, 25 years, 2 % fixed O&M: 1000 * (0.0782267 + 0.02)
    assert annualised_cost_per_unit(1000.0, 0.06, 25, 0.02) == pytest.approx(98.2267, abs=1e-4)
    out = annualised_cost_per_unit(np.array([1000.0, 300.0]), 0.0, 10, 0.0)
    np.testing.assert_allclose(out, [100.0, 30.0])


@pytest.mark.parametrize(("rate", "life"), [(0.06, 0), (-1.0, 20), (0.06, -5)])
def test_bad_inputs(rate, life):
    with pytest.raises(InputDataError, match=r"finance\.(life_years|discount_rate) = "):
        capital_recovery_factor(rate, life)


def test_bad_capex():
    with pytest.raises(InputDataError, match=r"finance.capex_per_unit = -1"):
        annualised_cost_per_unit(-1.0, 0.06, 25, 0.02)
