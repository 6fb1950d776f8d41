"""A pathway folder's figures and report (issue 24): the three figures with units on every
axis, report.html with the schedule's, the path's and the cash flow's numbers and the
notice's verdicts of each period, a Chinese report Chinese throughout (its figures drawn in
Chinese into the page only), report.xlsx whose tables are the folder's CSV tables, and
``parkopt report`` routing a pathway folder. Case: a 48-hour park over two periods (2026,
2028-2030) with PV and a battery, both indicator targets binding."""

from __future__ import annotations

import base64
import json
import math
import re
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from test_report import CHROMIUM, EXTERNAL, body_marks, chromium, dumped_dom
from test_report_zh import CJK, CODE, KEPT, WORD, english_in, english_words, png_texts, visible
from typer.testing import CliRunner

from parkopt import ScenarioError, scenario_from_dict
from parkopt.optimizer.cli.main import app
from parkopt.optimizer.pathway import figures as pathway_figures
from parkopt.optimizer.pathway import plan_pathway
from parkopt.optimizer.pathway.write import SUMMARY_FILE, TABLES, write_pathway
from parkopt.optimizer.report import fonts
from parkopt.optimizer.report.i18n import STATUS, fmt, fmt_in, labels, pct_in, pick
from parkopt.optimizer.report.pathway import PATHWAY_FILE, write_pathway_report
from parkopt.optimizer.report.pathway_words import CAPTIONS, PATHWAY_LABELS, SHEETS
from parkopt.optimizer.report.units import name_of

TEMPLATE = Path(__file__).resolve().parents[1] / "optimizer/report/templates/pathway.html.j2"
HOURS = 48
XLSX_REL = 1e-15
PROFILE_ROWS = re.compile(r'<tr><td class="path">profiles\.[^<]*</td>.*?</tr>', flags=re.S)
"""The assumptions' rows of the CSV profiles' path and column: fields_zh.py has no Chinese
meaning for them yet, so a Chinese page shows them as the English originals (marked)."""


def tiny_pathway(folder: Path) -> dict:
    """Two days of a park (load 800 kW, 1,200 kW from 8 to 20 h; PV at most 0.5 kW/kW at
    noon; 0.35 and 0.25 CNY/kWh) in CSV profiles, PV and a battery to build, two periods
    whose indicator targets bind (PV does not pay on its own at 5,500 CNY/kW)."""
    day = np.arange(HOURS) % 24
    shift = (day >= 8) & (day < 20)
    sun = 0.5 * np.clip(np.sin((day - 6) / 12 * np.pi), 0.0, None)
    hours = {"load_kw": 800 + 400 * shift, "pv": sun, "price": np.where(shift, 0.35, 0.25)}
    pd.DataFrame(hours).to_csv(folder / "hours.csv", index=False)
    return {
        "park": {"name": "tiny_pathway", "timezone": "Asia/Shanghai"},
        "horizon_hours": HOURS,
        "profiles": {
            "load_kw": {"path": "hours.csv", "column": "load_kw"},
            "pv_kw_per_kw_dc": {"path": "hours.csv", "column": "pv"},
            "price_cny_per_kwh": {"path": "hours.csv", "column": "price"},
        },
        "technologies": {
            "pv": {"capex_cny_per_kw": 5500, "max_kw": 4000},
            "battery": {"power_capex_cny_per_kw": 150, "energy_capex_cny_per_kwh": 400},
        },
        "grid": {"emission_factor_t_per_mwh": 0.55},
        "pathway": {
            "typical_days": None,
            "learning_rate_per_year": {"pv": 0.03, "battery": 0.06},
            "periods": [
                {"year": 2026, "carbon": {"tco2_per_tce": 2.0}},
                {
                    "year": 2028,
                    "years": 3,
                    "load_growth": 1.1,
                    "emission_factor_t_per_mwh": 0.5,
                    "carbon": {"tco2_per_tce": 1.2, "clean_energy_share": 0.5},
                },
            ],
        },
    }


@pytest.fixture(scope="module")
def pathway_dir(tmp_path_factory) -> Path:
    """The pathway written as ``parkopt run`` writes it: figures, and the report made in
    the temporary folder before it appears."""
    folder = tmp_path_factory.mktemp("pathway")
    pw = plan_pathway(scenario_from_dict(tiny_pathway(folder), "tiny.yaml", folder))
    return write_pathway(
        pw,
        folder / "tiny_pathway",
        True,
        lambda tmp, target: write_pathway_report(tmp, name=target.name),
    )


@pytest.fixture(scope="module")
def doc(pathway_dir) -> dict:
    return json.loads((pathway_dir / SUMMARY_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zh_report(pathway_dir) -> list[Path]:
    return write_pathway_report(pathway_dir, "zh")


def test_the_case_builds_in_both_periods_against_binding_targets(doc):
    assert PATHWAY_FILE == SUMMARY_FILE
    built = {(r["year"], r["capacity"]) for r in doc["schedule"] if r["built"] > 1.0}
    assert {(2026, "pv_kw"), (2028, "pv_kw"), (2028, "battery_kwh")} <= built
    assert all(r["shadow_prices"].get("tco2_per_tce", 0) > 0 for r in doc["path"])


def test_figures_are_drawn_with_units_on_every_axis(pathway_dir):
    names = sorted(p.name for p in pathway_dir.glob("*.png"))
    assert names == sorted(f"{stem}.png" for stem in pathway_figures.FILES)
    for name in names:
        data = base64.b64encode((pathway_dir / name).read_bytes()).decode()
        lang, texts = png_texts(data)
        assert lang == "en" and not CJK.search(" ".join(texts)), name
    texts = {
        n: png_texts(base64.b64encode((pathway_dir / n).read_bytes()).decode())[1] for n in names
    }
    capacity = texts["pathway_capacity.png"]
    assert "Capacity [MW; PV MW_DC, heat MW_th]" in capacity
    assert "Energy capacity [MWh; heat MWh_th]" in capacity  # the battery's second panel
    assert {"PV", "Battery power", "Battery energy", "built that year"} <= set(capacity)
    assert {"Indicator [tCO2/tce]", "Clean energy share [%]"} <= set(texts["pathway_indicator.png"])
    assert "Money [million CNY]" in texts["pathway_cash.png"]


def test_report_written_before_the_folder_appears(pathway_dir):
    page = (pathway_dir / "report.html").read_text(encoding="utf-8")
    assert "from the folder tiny_pathway." in visible(
        page
    )  # the folder's name, not the temporary one
    assert (pathway_dir / "report.xlsx").is_file()
    assert not EXTERNAL.search(page)  # nothing from the network
    figures = re.findall(r'<img src="data:image/png;base64,[^"]+"[^>]*data-file="([^"]+)"', page)
    assert figures == [f"{stem}.png" for stem in pathway_figures.FILES]


def test_html_shows_the_schedule_the_path_and_the_money(pathway_dir, doc):
    page = (pathway_dir / "report.html").read_text(encoding="utf-8")
    text, t = visible(page), labels("en")
    for r in doc["schedule"]:
        if r["built"] > 1.0:
            assert f"+{fmt(r['built'])}" in text, r
        if r["serving"] > 0:
            assert fmt(r["serving"]) in text, r
    for year in (2026, 2028):
        spent = sum(r["investment"] for r in doc["schedule"] if r["year"] == year)
        assert fmt(spent) in text
    assert fmt(doc["investment_total"]) in text
    assert fmt_in(doc["npv"], "CNY", t) in text and pct_in(doc["irr"], t) in text
    assert "2028-2030" in text  # the second period's years
    for r in doc["path"]:
        for key in ("scope1_t", "scope2_t", "emissions_t", "baseline_emissions_t"):
            assert fmt(r[key]) in text, key
        assert pct_in(r["clean_energy_share"], t) in text
        row = re.search(rf'<tr data-period="{r["year"]}"><td>[^<]*</td>(.*?)</tr>', page)
        assert row and row.group(1).count("&#10003;") >= 1  # its indicator target met
    verdicts = re.findall(r'<td data-rule="(\w+)"><span class="(\w+)">', page)
    expected = [
        (k, {"pass": "met", "fail": "notmet"}.get(s, "nothreshold"))
        for r in doc["path"]
        for k, s in r["compliance"].items()
    ]
    assert verdicts == expected
    total = 0.0
    for r in doc["cash_flow"]:
        total += r["present_value"]
        assert fmt(r["present_value"]) in text and fmt(total) in text
    assert math.isclose(total, doc["npv"], rel_tol=1e-9)
    for key in ("title_pathway", "schedule", "path", "money", "periods_binding"):
        assert PATHWAY_LABELS["en"][key] in text
    for value in ("6.0%", "2026", "PV 3.0%, Battery 6.0%", "0.5 tCO2/MWh"):
        assert value in text  # the assumptions: discount rate, base year, learning, factors
    order = [page.index(f'id="{s}"') for s in ("answer", "schedule", "path", "money", "figures")]
    assert order == sorted(order)


def test_chinese_report_is_chinese(pathway_dir, zh_report):
    html, xlsx = zh_report
    assert (html.name, xlsx.name) == ("report.zh.html", "report.zh.xlsx")
    page = PROFILE_ROWS.sub(" ", html.read_text(encoding="utf-8"))
    assert 'lang="zh-CN"' in page and 'lang="en"' not in page.split("<html", 1)[1]
    vocabulary = english_words() | pathway_words()
    # the page's own words; the scenario's inputs below them are the run report's table
    # (fields_zh.py's meaning of carbon.tco2_per_tce names its section `indicator` unquoted)
    own = page.split(PATHWAY_LABELS["zh"]["scenario_inputs"])[0]
    text = CODE.sub(" ", visible(KEPT.sub(" ", own)))
    found = english_in(text, vocabulary)
    assert not found, sorted(set(found))
    for key in ("title_pathway", "schedule", "path", "money", "pw_assumptions"):
        assert PATHWAY_LABELS["zh"][key] in text and CJK.search(PATHWAY_LABELS["zh"][key])
    assert pick(STATUS, "fail", "zh") in text and "元" in text
    assert sorted(p.name for p in pathway_dir.glob("*.zh.png")) == []  # drawn into the page


def pathway_words() -> set[str]:
    """The words of the pathway page's and figures' English labels (3 letters or more)."""
    texts = [*PATHWAY_LABELS["en"].values(), *pathway_figures.WORDS["en"].values()]
    texts += [v[0] for v in CAPTIONS.values()]
    return {w.lower() for x in texts for w in WORD.findall(x) if len(w) >= 3} - {"n/a"}


@pytest.mark.skipif(fonts.cjk_font() is None, reason="no CJK font (fonts-noto-cjk)")
def test_chinese_report_draws_its_figures_in_chinese(zh_report):
    page = zh_report[0].read_text(encoding="utf-8")
    figures = re.findall(r'<img src="data:image/png;base64,([^"]+)"[^>]*data-file="([^"]+)"', page)
    assert [name for _, name in figures] == [f"{s}.png" for s in pathway_figures.FILES]
    vocabulary = english_words() | pathway_words()
    for src, name in figures:
        lang, texts = png_texts(src)
        assert lang == "zh" and texts and CJK.search(" ".join(texts)), name
        assert not english_in(" ".join(texts), vocabulary), name


def test_every_label_in_both_languages():
    assert PATHWAY_LABELS["en"].keys() == PATHWAY_LABELS["zh"].keys()
    assert pathway_figures.WORDS["en"].keys() == pathway_figures.WORDS["zh"].keys()
    assert all(en and zh for en, zh in CAPTIONS.values())
    used = set(re.findall(r"\bt\.(\w+)", TEMPLATE.read_text(encoding="utf-8")))
    for lang in ("en", "zh"):
        known = {**labels(lang), **PATHWAY_LABELS[lang]}
        assert used <= known.keys(), sorted(used - known.keys())


def _cells(ws) -> tuple[list[str], list[list]]:
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), [list(r) for r in rows[1:]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_tables_are_the_csv_tables(pathway_dir, doc, zh_report, lang):
    xlsx = pathway_dir / "report.xlsx" if lang == "en" else zh_report[1]
    book = openpyxl.load_workbook(xlsx, read_only=True)
    names = ["summary", *TABLES, "periods", "assumptions"]
    assert book.sheetnames == [SHEETS[n] if lang == "zh" else n for n in names]
    for name in TABLES:
        frame = pd.read_csv(pathway_dir / f"{name}.csv")
        heads, rows = _cells(book[SHEETS[name] if lang == "zh" else name])
        assert len(heads) == len(frame.columns) and len(rows) == len(frame)
        if lang == "en":
            assert [name_of(h) for h in heads] == list(frame.columns)
        else:
            assert all(CJK.search(h) for h in heads), heads
        for c, column in enumerate(frame.columns):
            if not pd.api.types.is_numeric_dtype(frame[column]):
                continue
            for row, value in zip(rows, frame[column], strict=True):
                if pd.isna(value):
                    assert row[c] is None, (name, column)
                else:  # XlsxWriter writes 16 significant digits
                    assert math.isclose(row[c], value, rel_tol=XLSX_REL, abs_tol=0), (name, column)
    heads, rows = _cells(book[SHEETS["periods"] if lang == "zh" else "periods"])
    assert heads[2:] == [str(r["year"]) for r in doc["path"]]
    total = next(r for r in rows if r[0] == "cost.total_annual")
    assert total[2:] == [doc["periods"][y]["cost"]["total_annual"] for y in heads[2:]]
    book.close()


def test_report_command_routes_a_pathway_folder(pathway_dir, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(pathway_dir, folder)
    for p in folder.glob("report*"):
        p.unlink()
    result = CliRunner().invoke(app, ["report", str(folder), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == [str(folder / "report.zh.html"), str(folder / "report.zh.xlsx")]
    assert PATHWAY_LABELS["zh"]["title_pathway"] in (folder / "report.zh.html").read_text("utf-8")
    with pytest.raises(ScenarioError, match="pathway folder"):
        write_pathway_report(folder / "periods" / "2026")  # a period's run folder
    with pytest.raises(ScenarioError, match="--lang"):
        write_pathway_report(folder, "fr")


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed")


@needs_chromium
def test_chromium_renders_the_pathway_reports(pathway_dir, zh_report, tmp_path):
    for html in (pathway_dir / "report.html", zh_report[0]):
        shot = tmp_path / f"{html.stem}.png"
        chromium(f"--screenshot={shot}", "--window-size=1280,3000", html.as_uri())
        assert shot.stat().st_size > 10_000
        assert body_marks(dumped_dom(html, tmp_path)) == (3, "")  # every figure loaded
