"""The planning LP by stage: ``build`` (Pyomo model, one function per constraint family),
``solve`` (HiGHS), ``extract`` (kW, kWh, currency), ``diagnose`` (infeasibility explained),
``run`` (build or warm update, solve, extract), ``start`` (a cold solve started from
typical days) and ``binding`` (the limits that bind, with
their shadow prices)."""

from parkopt.optimizer.lp.binding import binding_limits
from parkopt.optimizer.lp.build import build_model, update_parameters
from parkopt.optimizer.lp.diagnose import describe_limits, diagnose_infeasible
from parkopt.optimizer.lp.extract import LPResult, extract
from parkopt.optimizer.lp.run import ModelCache, solve_plan
from parkopt.optimizer.lp.solve import HIGHS_OPTIONS, Status, new_solver, solve_model
from parkopt.optimizer.lp.start import solve_pinned

__all__ = [
    "HIGHS_OPTIONS",
    "LPResult",
    "ModelCache",
    "Status",
    "binding_limits",
    "build_model",
    "describe_limits",
    "diagnose_infeasible",
    "extract",
    "new_solver",
    "solve_model",
    "solve_pinned",
    "solve_plan",
    "update_parameters",
]
