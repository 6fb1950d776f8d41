"""Studies by job: ``spec`` (the study file and its runs), ``keys`` (content hash and
structure key), ``expand`` (sites, grid, samples, variants into runs), ``worker`` (one run,
warm re-solves), ``executors`` (process pool or Dask), ``table`` (study.parquet) and
``loop`` (``run_study``: run or resume, write as runs finish, then the study's figures)."""

from parkopt.optimizer.study.executors import close_executor, make_executor
from parkopt.optimizer.study.expand import expand
from parkopt.optimizer.study.keys import run_hash, structure_key
from parkopt.optimizer.study.loop import RUNS_DIR, STUDY_FILE, run_study, study_dir_for
from parkopt.optimizer.study.spec import Run, StudySpec, load_study
from parkopt.optimizer.study.table import TABLE_FILE, failed_runs
from parkopt.optimizer.study.worker import ERROR_FILE, execute_run

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
