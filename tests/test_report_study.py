"""The study report on larger studies, each over one week: a 20-run Latin-hypercube
sensitivity study (inputs/sensitivity.yaml reduced), a cap sweep with caps that cannot be
reached (inputs/cap_sweep.yaml reduced) and, when the weather files of ../shared are there,
the siting study over three sites. Each report ranks its runs (the first MAX_SHOWN, with a
note when runs are left out), lists the failed runs with their errors, embeds every study
figure (all load in headless Chromium) and writes the study table to report.xlsx with units
in the headers and numbers as numbers. Also: where each assumption comes from."""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from test_report import CHROMIUM, EXTERNAL, body_marks, chromium, dumped_dom

from parkopt import run_study
from parkopt.optimizer.report import study as report_study
from parkopt.optimizer.report import write_report
from parkopt.optimizer.report.assumptions import read_assumptions
from parkopt.optimizer.report.i18n import labels

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
HORIZON_H = 168
SAMPLED_RUNS = 20
SITES = 3
SHOT_WIDTH_PX = 1280
PAGE_WIDTH_PX = 1120  # main's max-width in base.html.j2


def reduced(name: str, change) -> dict:
    spec = yaml.safe_load((INPUTS / name).read_text(encoding="utf-8"))
    spec["base"] = str(INPUTS / spec["base"])
    spec.setdefault("overrides", {})["horizon_hours"] = HORIZON_H
    change(spec)
    return spec


def run(spec: dict, root: Path) -> Path:
    path = root / f"{spec['name']}.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with ThreadPoolExecutor(max_workers=1) as executor:
        return run_study(path, root / "out", executor, echo=None)


def _sensitivity(spec: dict) -> None:
    spec["samples"]["n"] = SAMPLED_RUNS
    spec["overrides"]["carbon"] = {"reduction": 0.2}  # a week cannot cut 60 %


def _sweep(spec: dict) -> None:
    spec["grid"]["carbon.cap_t"] = [31000, 32800, 33600, 34400, 35200]  # 31,000: infeasible


@pytest.fixture(scope="module")
def sensitivity(tmp_path_factory) -> Path:
    return run(reduced("sensitivity.yaml", _sensitivity), tmp_path_factory.mktemp("lhs"))


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    return run(reduced("cap_sweep.yaml", _sweep), tmp_path_factory.mktemp("sweep"))


def ranking_rows(text: str) -> int:
    table = re.search(r'<table class="ranking">(.*?)</table>', text, re.DOTALL).group(1)
    return table.count("<tr>") - 1


def check_xlsx(xlsx: Path, n: int) -> None:
    """The study sheet: all ``n`` runs, a unit in each figure's header, numbers as numbers."""
    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(book["study"].iter_rows())
    heads = [c.value for c in rows[0]]
    assert len(rows) == n + 1
    for name in ("cost.total_annual [CNY/year]", "lcoe_per_kwh [CNY/kWh]", "emissions_t"):
        assert any(str(h).startswith(name) for h in heads), (name, heads)
    cost = next(i for i, h in enumerate(heads) if str(h).startswith("cost.total_annual"))
    assert all(r[cost].data_type == "n" for r in rows[1:] if r[cost].value is not None)
    book.close()


def check_page(html: Path, tmp_path: Path) -> None:
    """Every image loaded in headless Chromium; a screenshot is kept."""
    if CHROMIUM is None:
        return
    shot = tmp_path / f"{html.parent.parent.name}-{html.stem}.png"
    chromium(f"--screenshot={shot}", f"--window-size={SHOT_WIDTH_PX},4000", html.as_uri())
    images, broken = body_marks(dumped_dom(html, tmp_path))
    assert images == len(list(html.parent.glob("*.png"))) and broken == ""
    print(f"screenshot: {shot}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sensitivity_report(sensitivity, tmp_path, monkeypatch, lang):
    table = pd.read_parquet(sensitivity / "study.parquet")
    assert len(table) == SAMPLED_RUNS
    monkeypatch.setattr(report_study, "MAX_SHOWN", 12)  # more runs than the table shows
    html, xlsx = write_report(sensitivity, lang)
    text = unescape(html.read_text(encoding="utf-8"))
    t = labels(lang)
    assert ranking_rows(text) == 12
    assert t["shown_of"].format(shown=12, n=SAMPLED_RUNS) in text
    assert 'data-file="tornado.png"' in text and not EXTERNAL.search(text)
    assert "[CNY/kW_DC]" in text and f"[{t['mega']} CNY/year]" in text
    check_xlsx(xlsx, SAMPLED_RUNS)
    check_page(html, tmp_path)


def test_tornado_fits_the_page(sensitivity):
    from PIL import Image

    with Image.open(sensitivity / "tornado.png") as image:
        assert image.width <= PAGE_WIDTH_PX, image.size


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sweep_report_lists_failed_runs(sweep, tmp_path, lang):
    html, xlsx = write_report(sweep, lang)
    text = unescape(html.read_text(encoding="utf-8"))
    t = labels(lang)
    assert t["failed_runs"] in text
    assert "carbon.cap_t=31000: InfeasibleError" in text
    assert ranking_rows(text) == 4 and "35,200" in text
    for figure in ("frontier.png", "abatement_curve.png"):
        assert f'data-file="{figure}"' in text
    check_xlsx(xlsx, 5)
    check_page(html, tmp_path)


def test_siting_report(tmp_path):
    spec = reduced("siting_study.yaml", lambda s: None)
    spec["overrides"]["carbon"] = {"reduction": 0.2}
    spec["sites"] = spec["sites"][:SITES]
    for site in spec["sites"]:
        site["weather_path"] = str((INPUTS / site["weather_path"]).resolve())
        if not Path(site["weather_path"]).is_file():
            pytest.skip(f"no weather file {site['weather_path']} (../shared not here)")
    folder = run(spec, tmp_path)
    html, xlsx = write_report(folder, "zh")
    text = unescape(html.read_text(encoding="utf-8"))
    assert ranking_rows(text) == SITES
    assert all(s["name"] in text for s in spec["sites"])
    assert 'data-file="siting_map.png"' in text and 'data-file="siting_resource.png"' in text
    check_xlsx(xlsx, SITES)
    check_page(html, tmp_path)


def test_assumptions_name_their_sources(sweep, tmp_path):
    """A run read from a file: its comments are the sources, a field it leaves out is a
    default, a field the study sets is said to be varied by it."""
    run_dir = next(p for p in (sweep / "runs").iterdir() if (p / "summary.json").is_file())
    rows = {a.path: a for a in read_assumptions(run_dir / "scenario.yaml")}
    assert rows["technologies.pv.capex_cny_per_kw"].source == "2024 average EPC (reported)"
    assert "MEE, official" in rows["grid.emission_factor_t_per_mwh"].source
    assert rows["carbon.cap_t"].source.startswith("varied by the study")
    assert rows["technologies.pv.min_kw"].default and not rows["technologies.pv.max_kw"].default
    html, _ = write_report(run_dir, "zh")
    text = html.read_text(encoding="utf-8")
    assert "2024 average EPC (reported)" in text and labels("zh")["default_value"] in text
    moved = tmp_path / "moved"
    shutil.copytree(run_dir, moved)
    scenario = moved / "scenario.yaml"
    document = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    document["source"] = "gone.yaml [run carbon.cap_t=35200]"  # a file no longer there
    scenario.write_text(yaml.safe_dump(document), encoding="utf-8")
    rows = read_assumptions(scenario)
    assert rows and not any(a.source or a.default for a in rows)
