"""The report of a park with a gas CHP and cooling, in English and Chinese: the Chinese page,
its figures and its workbook name the CHP, the chillers, the cold store and the cooling in
Chinese (no Latin technology names), with the cooling's own units. Run: inputs/cchp_park.yaml
over a July week (a 20 % cut, the absorption chiller held at 1 MW_c so every technology has a
row)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from test_report_zh import CODE, KEPT, english_in, english_words, needs_cjk, png_texts, visible

from parkopt import plan, prepare, scenario_from_dict
from parkopt.optimizer.outputs.results import write_run
from parkopt.optimizer.report import write_report
from parkopt.optimizer.report.excel import SHEETS_ZH
from parkopt.optimizer.report.i18n import TECHNOLOGY_ZH
from parkopt.optimizer.schema.technologies import COLD_STORAGE, TECHNOLOGIES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "cchp_park.yaml"
CCHP_CAPACITIES = ("chp_kw", "chiller_kw", "absorption_chiller_kw", "cold_storage_kw")


def cchp_week() -> dict:
    """inputs/cchp_park.yaml over a week of July, a 20 % cut (a week cannot reach 48 %)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(horizon_start_hour=4344, horizon_hours=168, carbon={"reduction": 0.2})
    data["technologies"]["absorption_chiller"]["min_kw"] = 1000
    return data


@pytest.fixture(scope="module")
def cchp_run(tmp_path_factory) -> Path:
    """The week's plan as `parkopt run` writes it (figures included)."""
    scenario = scenario_from_dict(cchp_week(), base_dir=EXAMPLE.parent)
    result = plan(prepare(scenario))
    assert result.summary["status"] == "optimal"
    return write_run(result, tmp_path_factory.mktemp("cchp") / "cchp_week")


def vocabulary() -> set[str]:
    """The English labels' words, every technology's label's words among them."""
    words = {w.lower() for t in TECHNOLOGIES for w in re.findall(r"[A-Za-z]{3,}", t.label)}
    return english_words() | words | {"cooling", "chiller", "chp"}


def test_chinese_report_names_chp_and_cooling_in_chinese(cchp_run):
    cap = yaml.safe_load((cchp_run / "summary.json").read_text(encoding="utf-8"))["capacity"]
    assert all(cap[k] > 1 for k in CCHP_CAPACITIES), cap  # each has its row
    page = write_report(cchp_run, "zh")[0].read_text(encoding="utf-8")
    assert 'lang="en"' not in page.split("<html", 1)[1].split(">", 1)[1]
    text = CODE.sub(" ", visible(KEPT.sub(" ", page)))
    found = english_in(text, vocabulary())
    assert not found, sorted(set(found))
    for key in (*CCHP_CAPACITIES, "cold_storage_kwh"):
        assert TECHNOLOGY_ZH[key] in text, key
    assert "燃气热电联产机组" in text and "供冷" in text  # the CHP, the cooling section
    assert "夏季典型周供冷调度" in text  # the cooling figure's caption


def test_english_report_keeps_the_registry_labels(cchp_run):
    text = visible(write_report(cchp_run, "en")[0].read_text(encoding="utf-8"))
    for tech in ("Gas CHP", "Electric chiller", "Absorption chiller", "Cold storage energy"):
        assert tech in text, tech


def test_chinese_workbook_names_and_units(cchp_run):
    book = openpyxl.load_workbook(write_report(cchp_run, "zh")[1], read_only=True)
    rows = list(book[SHEETS_ZH["capacities"]].iter_rows(min_row=2, values_only=True))
    labels = {r[1]: r[0] for r in rows}
    for key in (*CCHP_CAPACITIES, "cold_storage_kwh"):
        assert labels[key] == TECHNOLOGY_ZH[key], key
    units = {r[1]: r[3] for r in rows}
    assert units["chp_kw"] == "kW_e" and units["cold_storage_kwh"] == "kWh_c"
    heads = next(book[SHEETS_ZH["hourly"]].iter_rows(max_row=1, values_only=True))
    for column, unit in (
        ("chiller_cooling_kw", "kW_c"),
        ("cooling_demand_kw", "kW_c"),
        (f"{COLD_STORAGE[0].name}_soc_kwh", "kWh_c"),
        ("chp_electricity_kw", "kW"),
        ("chp_heat_kw", "kW_th"),
        ("absorption_chiller_heat_kw", "kW_th"),
    ):
        assert f"{column} [{unit}]" in heads, column
    summary = {r[0]: r[2] for r in book[SHEETS_ZH["summary"]].iter_rows(values_only=True)}
    assert summary["energy_mwh.cooling_demand"] == "MWh_c/年"
    assert summary["carriers.cooling.demand_mwh"] == "MWh_c/年"
    assert summary["carriers.heat_steam.temperature_c"] == "°C"
    assert summary["carriers.gas.total_m3"] == "m3/年"
    book.close()


@needs_cjk
def test_chinese_figures_have_no_english_words(cchp_run):
    page = write_report(cchp_run, "zh")[0].read_text(encoding="utf-8")
    figures = re.findall(r'<img src="data:image/png;base64,([^"]+)"[^>]*data-file="([^"]+)"', page)
    drawn = {name: png_texts(src) for src, name in figures if name.endswith(".png")}
    assert sorted(drawn) == sorted(p.name for p in cchp_run.glob("*.png"))
    words, legends = vocabulary(), set()
    for name, (lang, texts) in drawn.items():
        assert lang == "zh", name
        found = english_in(" ".join(texts), words)
        assert not found, (name, found)
        legends |= set(texts)
    assert {"燃气热电联产机组", "电制冷机"} <= legends  # the electricity and heat weeks show them
