"""One import name: the package installs as ``parkopt`` only, with every subpackage listed
(a folder missing from pyproject's list imports in an editable checkout and fails after
``pip install .``), and the stage API is reachable from ``import parkopt``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomllib

import parkopt

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("load_scenario", "prepare", "plan", "write_run", "simulate", "run_study", "compare")


def test_every_package_folder_is_installed_under_parkopt():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {
        "parkopt." + ".".join(p.parent.relative_to(ROOT).parts)
        for top in ("optimizer", "models")
        for p in (ROOT / top).rglob("__init__.py")
    }
    assert folders <= listed, sorted(folders - listed)
    assert all(name == "parkopt" or name.startswith("parkopt.") for name in listed)


def test_stage_api_from_one_import():
    for name in STAGES:
        assert callable(getattr(parkopt, name)), name
    assert set(STAGES) <= set(parkopt.__all__)


def test_generic_names_are_not_importable_outside_the_checkout(tmp_path):
    code = "import importlib.util as u; print(u.find_spec('models'), u.find_spec('optimizer'))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "None None"
