"""The matrix handed to HiGHS (``optimizer/lp/highs.py``).

A warm update reads again only the objective, the column bounds and the scalar
constraints' rows (``refresh``); it must give exactly the matrix a full compile gives after
any change of the LP parameters a study varies, and no hourly (indexed) constraint may hold
a mutable parameter, or ``refresh`` would miss its change.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.core.expr.visitor import identify_mutable_parameters
from test_heat_study import park

from parkopt.optimizer.inputs.plan_inputs import with_scenario
from parkopt.optimizer.lp import build_model, update_parameters
from parkopt.optimizer.lp.highs import MatrixHighs, compile_model, refresh


def _same(a, b):
    assert np.array_equal(a.cost, b.cost)
    assert a.offset == pytest.approx(b.offset, abs=1e-12)
    for f in ("col_lower", "col_upper", "row_lower", "row_upper"):
        assert np.allclose(getattr(a, f), getattr(b, f), rtol=0, atol=1e-12), f
    assert abs(a.matrix - b.matrix).max() < 1e-12


def test_refresh_equals_a_full_compile_after_parameter_changes():
    first = park(1.2)
    m = build_model(first)
    solver = MatrixHighs(m)
    second = park(0.6, heat_price=90.0, boiler_kw=2500.0)
    s = second.scenario
    tech = s.technologies.model_copy(
        update={
            "pv": s.technologies.pv.model_copy(update={"capex_cny_per_kw": 2000, "max_kw": 2500})
        }
    )
    green = s.green_purchase.model_copy(
        update={"premium_cny_per_mwh": 55, "max_mwh_per_year": 9000}
    )
    changed = with_scenario(
        first, s.model_copy(update={"technologies": tech, "green_purchase": green})
    )
    update_parameters(m, changed)
    fast = refresh(m, solver.compiled, solver._index)
    assert fast is not None
    _same(fast, compile_model(m))
    assert not np.array_equal(fast.cost, solver.compiled.cost)  # the change did arrive
    # the indicator's ratio moves the constant of its row (now ``r energy - emissions >=
    # 0``: its lower bound)
    assert not np.array_equal(fast.row_lower, solver.compiled.row_lower)


def test_no_hourly_constraint_holds_a_mutable_parameter():
    m = build_model(park(1.2))
    for con in m.component_objects(pyo.Constraint, active=True):
        if con.is_indexed():
            for data in con.values():
                assert not list(identify_mutable_parameters(data.expr)), data.name


def test_a_fixed_variable_falls_back_to_a_full_compile():
    inputs = park(1.2)
    m = build_model(inputs)
    solver = MatrixHighs(m)
    m.cap["pv_kw"].fix(1.0)
    assert refresh(m, solver.compiled, solver._index) is None


def test_an_unknown_highs_option_is_a_bad_input_naming_the_field():
    from parkopt.optimizer.common.errors import ScenarioError
    from parkopt.optimizer.inputs.synthetic import make_inputs

    with pytest.raises(ScenarioError) as err:
        make_inputs([100.0] * 24, 1.0, solver={"highs_options": {"nonsense": 1}})
    first = str(err.value).splitlines()[0]  # one line per problem; this one first
    assert "solver.highs_options.nonsense = 1" in first and "HiGHS option names" in first
    ok = make_inputs([100.0] * 24, 1.0, solver={"highs_options": {"presolve": "off"}})
    assert ok.scenario.solver.highs_options == {"presolve": "off"}
