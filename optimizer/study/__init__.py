"""Studies by job: ``spec`` (the study file and its runs), ``keys`` (content hash and
structure key), ``expand`` (sites, grid, samples, variants into runs), ``worker`` (one run,
warm re-solves), ``executors`` (process pool or Dask), ``table`` (study.parquet) and
``loop`` (``run_study``: run or resume, write as runs finish, then the study's figures)."""

from parkopt.optimizer.common import lazy
from parkopt.optimizer.study.expand import expand  # named like its module: not lazy (*)

_HOME = {
    "close_executor": "parkopt.optimizer.study.executors",
    "make_executor": "parkopt.optimizer.study.executors",
    "run_hash": "parkopt.optimizer.study.keys",
    "structure_key": "parkopt.optimizer.study.keys",
    "RUNS_DIR": "parkopt.optimizer.study.loop",
    "STUDY_FILE": "parkopt.optimizer.study.loop",
    "run_study": "parkopt.optimizer.study.loop",
    "study_dir_for": "parkopt.optimizer.study.loop",
    "Run": "parkopt.optimizer.study.spec",
    "StudySpec": "parkopt.optimizer.study.spec",
    "load_study": "parkopt.optimizer.study.spec",
    "TABLE_FILE": "parkopt.optimizer.study.table",
    "failed_runs": "parkopt.optimizer.study.table",
    "ERROR_FILE": "parkopt.optimizer.study.worker",
    "execute_run": "parkopt.optimizer.study.worker",
}
"""Where each public name lives; imported when first used (``optimizer/common/lazy.py``): a
worker process needs ``worker`` only, not Dask or the study's plots. (*) Importing the
submodule ``expand`` would set the package's ``expand`` to the module, so the function is
imported here at once."""

__getattr__, __dir__ = lazy.exports(globals(), _HOME)

__all__ = [
    "ERROR_FILE",
    "RUNS_DIR",
    "STUDY_FILE",
    "TABLE_FILE",
    "Run",
    "StudySpec",
    "close_executor",
    "execute_run",
    "expand",
    "failed_runs",
    "load_study",
    "make_executor",
    "run_hash",
    "run_study",
    "structure_key",
    "study_dir_for",
]
