"""The report in two languages side by side: report.html and report.xlsx in the folder's own
language (English), report.zh.html and report.zh.xlsx beside them, the run's PNGs untouched,
and a Chinese report Chinese throughout (figures drawn again with Chinese words, units,
notes, warnings, the assumptions' meanings, the workbook's sheets and headers). Run: the
default example over one week."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html import unescape
from pathlib import Path

import openpyxl
import pytest
import yaml

from parkopt import plan, prepare, scenario_from_dict
from parkopt.optimizer.report import write_report
from parkopt.optimizer.report.excel import SHEETS_ZH
from parkopt.optimizer.report.i18n import BANDS, RULES, fmt_in, labels, pick
from parkopt.optimizer.report.i18n import PURCHASES as I18N_PURCHASES
from parkopt.optimizer.results import read_summary, write_run

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


# --- the compliance and purchases blocks -----------------------------------------------------

COMPLIANCE = {
    "energy_tce": 345678.9,
    "band": "200k_to_1m",
    "rules": [
        {
            "key": "tco2_per_tce",
            "value": 0.2,
            "threshold": 0.2,
            "sense": "max",
            "unit": "tCO2/tce",
            "status": "pass",
            "kind": "required",
            "target": True,
            "shadow_price": 456.7,
            "shadow_price_unit": "CNY/tCO2",
            "source": "发改环资〔2025〕910号",
            "note": "the park uses 345,679 tce/year: 0.2 applies at 200,000-1,000,000 tce/year",
        },
        {
            "key": "clean_energy_share",
            "value": 0.8875,
            "threshold": 0.9,
            "sense": "min",
            "unit": "fraction",
            "status": "fail",
            "kind": "guiding",
            "target": False,
            "shadow_price": None,
            "shadow_price_unit": "CNY/tce",
            "source": "发改环资〔2025〕910号",
            "note": "natural gas not counted as clean (indicator.gas_is_clean); with gas 98.5%, "
            "without 88.8%",
        },
        {
            "key": "gdc_export_of_available",
            "value": 0.12,
            "threshold": None,
            "sense": "max",
            "unit": "fraction",
            "status": "no_threshold",
            "kind": "required",
            "target": False,
            "shadow_price": None,
            "shadow_price_unit": "CNY/MWh",
            "source": "发改能源〔2025〕650号",
            "note": "no export limit set (green_direct_connection.export_max_fraction)",
        },
    ],
    "green_purchase": {
        "mwh": 181326.0,
        "cost_cny_per_year": 5.4e6,
        "share_of_grid_import": 0.9999,
        "tco2_per_tce_without": 1.07,
    },
}
PURCHASES = [
    {"key": "grid_electricity", "mwh": 181340.0, "cost_cny_per_year": 9.9e7},
    {"key": "green_purchase", "mwh": 181326.0, "cost_cny_per_year": 5.4e6},
    {
        "key": "gas",
        "mwh": 51717.4,
        "cost_cny_per_year": 1.67e7,
        "quantity": 4782377.6,
        "quantity_unit": "m3",
    },
]
REDUCTION_LIMIT = {
    "name": "carbon.reduction",
    "value": 30028.0,
    "unit": "tCO2/year",
    "shadow_price": 87.65,
    "shadow_price_unit": "CNY/tCO2",
    "hours": None,
    "sentence": "The carbon cap of 30,028 tCO2/year (a 20% reduction) binds: one more tCO2 "
    "of allowance would save 87.65 CNY a year",
}


def with_summary(week_run: Path, folder: Path, change) -> Path:
    shutil.copytree(week_run, folder)
    s = read_summary(folder)
    change(s)
    (folder / "summary.json").write_text(json.dumps(s, ensure_ascii=False), encoding="utf-8")
    return folder


def _blocks(s: dict) -> None:
    s["compliance"], s["purchases"] = COMPLIANCE, PURCHASES
    s["binding_limits"] = [REDUCTION_LIMIT]


@pytest.fixture(scope="module")
def blocks_run(week_run, tmp_path_factory) -> Path:
    """The week's run with hand-made ``compliance``, ``purchases`` and a binding reduction."""
    return with_summary(week_run, tmp_path_factory.mktemp("runs") / "blocks", _blocks)


def visible(html: str) -> str:
    """The page's text as a reader sees it: no style, no tags, entities resolved."""
    text = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compliance_table_on_top_and_purchases_beside_the_build(blocks_run, lang):
    html, xlsx = write_report(blocks_run, lang)
    page = html.read_text(encoding="utf-8")
    text, t = visible(page), labels(lang)
    assert page.index('id="compliance"') < page.index('id="answer"')  # at the top
    for key in ("tco2_per_tce", "clean_energy_share", "gdc_export_of_available"):
        assert pick(RULES, key, lang) in text, key
    rows = re.findall(r'<tr class="rule-(\w+)" data-rule="(\w+)"', page)
    assert rows == [
        ("pass", "tco2_per_tce"),
        ("fail", "clean_energy_share"),
        ("no_threshold", "gdc_export_of_available"),
    ]
    assert "≤ 0.2 tCO2/tce" in text and "≥ 90.0%" in text and t["no_threshold"] in text
    assert '<span class="notmet">' in page and '<span class="met">' in page  # coloured
    assert fmt_in(456.7, "CNY/tCO2", t) in text  # the target's shadow price
    assert "发改能源〔2025〕650号" in text and pick(BANDS, "200k_to_1m", lang) in text
    assert fmt_in(181326.0, "MWh/year", t) in text and fmt_in(5.4e6, "CNY/year", t) in text
    for p in PURCHASES:
        assert f'data-purchase="{p["key"]}"' in page
        assert pick(I18N_PURCHASES, p["key"], lang) in text
    assert fmt_in(4782377.6, "m3/year", t) in text or "4,782,378 m³/年" in text
    assert page.index('data-purchase="gas"') < page.index(f"<h3>{t['investment']}</h3>")
    book = openpyxl.load_workbook(xlsx)
    ws = book[SHEETS_ZH["compliance"] if lang == "zh" else "compliance"]
    cells = list(ws.iter_rows(min_row=2, values_only=False))
    assert [r[0].value for r in cells] == [r["key"] for r in COMPLIANCE["rules"]]
    assert cells[1][2].value == 0.8875 and cells[1][2].number_format == "0.00%"
    assert cells[0][9].value == 456.7 and cells[2][5].value is None
    ws = book[SHEETS_ZH["purchases"] if lang == "zh" else "purchases"]
    assert [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))][2:4] == [181340.0, 9.9e7]
    book.close()


def test_reports_without_the_blocks_skip_them(week_run, tmp_path):
    def drop(s: dict) -> None:
        s.pop("compliance", None)
        s.pop("purchases", None)

    folder = with_summary(week_run, tmp_path / "old", drop)
    for lang in ("en", "zh"):
        html, xlsx = write_report(folder, lang)
        page = html.read_text(encoding="utf-8")
        assert 'id="compliance"' not in page and "data-purchase" not in page
        assert "compliance" not in openpyxl.load_workbook(xlsx, read_only=True).sheetnames


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_binding_reduction_shows_the_fraction_and_the_cap_apart(blocks_run, lang):
    text = visible(write_report(blocks_run, lang)[0].read_text(encoding="utf-8"))
    t = labels(lang)
    assert "0.2 (20.0%)" in text  # scenario.yaml's carbon.reduction, as the field says it
    assert t["cap_made"].format(cap=fmt_in(30028.0, "tCO2/year", t)) in text
    assert not re.search(r"carbon\.reduction\s*=\s*30,028", text)
