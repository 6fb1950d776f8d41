"""The report in two languages side by side: report.html and report.xlsx in the folder's own
language (English), report.zh.html and report.zh.xlsx beside them, the run's PNGs untouched,
and a Chinese report Chinese throughout (figures drawn again with Chinese words, units,
notes, warnings, the assumptions' meanings, the workbook's sheets and headers). Run: the
default example over one week."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from parkopt import plan, prepare, scenario_from_dict
from parkopt.optimizer.report import write_report
from parkopt.optimizer.results import write_run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HORIZON_H = 168


def week_scenario() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = HORIZON_H
    data["carbon"] = {"reduction": 0.2}
    return data


@pytest.fixture(scope="module")
def week_run(tmp_path_factory) -> Path:
    """A week's plan of the default example, as `parkopt run` writes it (with figures)."""
    result = plan(prepare(scenario_from_dict(week_scenario(), base_dir=EXAMPLE.parent)))
    return write_run(result, tmp_path_factory.mktemp("runs") / "week")


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_languages_sit_side_by_side(week_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(week_run, folder)
    english = write_report(folder)
    assert english == (folder / "report.html", folder / "report.xlsx")
    before = digests(folder)
    chinese = write_report(folder, "zh")
    assert chinese == (folder / "report.zh.html", folder / "report.zh.xlsx")
    after = digests(folder)
    assert {k: v for k, v in after.items() if ".zh." not in k} == before  # nothing overwritten
    assert set(after) - set(before) == {"report.zh.html", "report.zh.xlsx"}  # no *.zh.png
    assert 'lang="zh-CN"' in chinese[0].read_text(encoding="utf-8")
    assert 'lang="en"' in english[0].read_text(encoding="utf-8")
    write_report(folder, "en")  # again: report.zh.* stay as they were
    assert digests(folder)["report.zh.xlsx"] == after["report.zh.xlsx"]
