"""The report: report.xlsx holds summary.json's figures and the hourly series exactly,
report.html the answer and nothing from the network, and headless Chromium renders it with
every image loaded, in English and Chinese. Runs: the default example over one week; the
blocks older runs lack (economics, binding_limits, wind_turbines) are added where missing."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from parkopt import plan, prepare, run_study, scenario_from_dict
from parkopt.optimizer.outputs.results import flatten, read_summary, write_run
from parkopt.optimizer.report import facts, fonts, write_report
from parkopt.optimizer.report.assumptions import read_assumptions
from parkopt.optimizer.report.atomic import write_atomically
from parkopt.optimizer.report.command import report
from parkopt.optimizer.report.excel import HEADS_ZH, SHEETS_ZH
from parkopt.optimizer.report.figures import cash_flow_png
from parkopt.optimizer.report.i18n import fmt, fmt_in, fmt_years, labels
from parkopt.optimizer.report.translate import unit_in
from parkopt.optimizer.report.units import name_of

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HORIZON_H = 168
REL_TOL = ABS_TOL = 1e-9
CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def week_scenario() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = HORIZON_H
    data["carbon"] = {"reduction": 0.2}
    return data


def economics_block(s: dict) -> dict:
    """An ``economics`` block shaped as summary.json's (figures made up but consistent)."""
    cap = s["capacity"]
    invest = {"pv": 3300 * cap["pv_kw"], "wind": 5800 * cap["wind_kw"]}
    invest["battery"] = 150 * cap["battery_kw"] + 400 * cap["battery_kwh"]
    total = sum(invest.values())
    savings = s["baseline_cost"] - (s["cost"]["total_annual"] - s["cost"]["capex_annual"])
    net = np.array([-total] + [savings] * 25)
    factor = 1.06 ** -np.arange(26.0)
    flows = pd.DataFrame({"year": range(26), "net_cash_flow_cny": net, "discount_factor": factor})
    flows["cumulative_cash_flow_cny"] = net.cumsum()
    flows["cumulative_discounted_cash_flow_cny"] = (net * factor).cumsum()
    return {
        "investment": {**invest, "total": total},
        "annual_savings": savings,
        "npv": float((net * factor).sum()),
        "irr": 0.1234,
        "simple_payback_years": total / savings,
        "discounted_payback_years": 8.71,
        "abatement_cost_average_per_t": -512.34,
        "abatement_cost_marginal_per_t": 87.65,
        "project_life_years": 25,
        "cash_flow": flows.to_dict("records"),
    }


BINDING = [
    {
        "name": "technologies.pv.max_kw",
        "value": 40000.0,
        "unit": "kW_DC",
        "shadow_price": 123.4,
        "shadow_price_unit": "CNY/kW_DC-year",
        "hours": None,
        "sentence": "PV is at its max_kw of 40,000 kW_DC: one more kW_DC would save 123.4 CNY",
    }
]
NEW_BLOCKS = ("economics", "binding_limits", "wind_turbines")
CHOSEN = {"turbines": 6, "kw": 25200.0, "feasible": True, "annual_cost": 7e7, "extra_cost": 0.0}
TURBINES = {"turbine": "E-141/4200", "rated_kw": 4200.0, "turbines": 6.0, "chosen": CHOSEN}


def _rewrite_summary(folder: Path, change) -> Path:
    s = read_summary(folder)
    change(s)
    (folder / "summary.json").write_text(json.dumps(s, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def week_run(tmp_path_factory) -> Path:
    """A week's plan of the default example, as `parkopt run` writes it (with figures)."""
    result = plan(prepare(scenario_from_dict(week_scenario(), base_dir=EXAMPLE.parent)))
    return write_run(result, tmp_path_factory.mktemp("runs") / "week")


@pytest.fixture(scope="module")
def plain_run(week_run, tmp_path_factory) -> Path:
    """The run as an older parkopt wrote it: without the blocks the report may lack."""
    folder = tmp_path_factory.mktemp("runs") / "plain"
    shutil.copytree(week_run, folder)
    return _rewrite_summary(folder, lambda s: [s.pop(k, None) for k in NEW_BLOCKS])


def _add_blocks(s: dict) -> None:
    """The run's own blocks where it has them (non-empty), made-up ones where not."""
    s["economics"] = s.get("economics") or economics_block(s)
    s["binding_limits"] = s.get("binding_limits") or BINDING
    s["wind_turbines"] = s.get("wind_turbines") or TURBINES
    s["warnings"] = [*s.get("warnings", []), "markup is text: <b>at</b>"]


@pytest.fixture(scope="module")
def run_dir(week_run, tmp_path_factory) -> Path:
    """The run with ``economics``, ``binding_limits`` and ``wind_turbines``."""
    folder = tmp_path_factory.mktemp("runs") / "full"
    shutil.copytree(week_run, folder)
    return _rewrite_summary(folder, _add_blocks)


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory) -> Path:
    """A two-run cap sweep over the week (run in this process)."""
    root = tmp_path_factory.mktemp("study")
    spec = {
        "name": "report_sweep",
        "base": str(EXAMPLE),
        "overrides": {"horizon_hours": HORIZON_H, "carbon": {"reduction": None}},
        "grid": {"carbon.cap_t": [32400, 34300]},
    }
    path = root / "sweep.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with ThreadPoolExecutor(max_workers=1) as executor:
        return run_study(path, root / "out", executor, echo=None)


def close(a, b) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL)


def sheet(xlsx: Path, name: str) -> pd.DataFrame:
    """A sheet by its English name, headers as names (a Chinese book's back in English)."""
    if ".zh." in xlsx.name:
        english = {zh: en for en, zh in HEADS_ZH.items()}
        frame = pd.read_excel(xlsx, sheet_name=SHEETS_ZH[name]).rename(columns=name_of)
        return frame.rename(columns=lambda c: english.get(c, c))
    return pd.read_excel(xlsx, sheet_name=name).rename(columns=name_of)


# --- report.xlsx -----------------------------------------------------------------------------


def test_xlsx_equals_summary_and_timeseries(run_dir):
    html, xlsx = write_report(run_dir)
    assert (html, xlsx) == (run_dir / "report.html", run_dir / "report.xlsx")
    summary = read_summary(run_dir)
    got = sheet(xlsx, "summary").set_index("figure")["value"]
    for key, want in flatten(summary).items():
        if isinstance(want, bool):  # a boolean cell; pandas < 3.1 reads it back as 0 or 1
            assert got[key] in (want, int(want)), key
        elif isinstance(want, str):
            assert str(got[key]) == str(want), key
        elif want is None:
            assert pd.isna(got[key]), key
        else:
            assert close(got[key], want), (key, got[key], want)
    caps = sheet(xlsx, "capacities").set_index("capacity_key")["capacity"]
    assert all(close(caps[k], v) for k, v in summary["capacity"].items())
    flows = sheet(xlsx, "cash_flow")
    want = pd.DataFrame(summary["economics"]["cash_flow"])
    assert list(flows.columns) == list(want.columns)
    assert np.allclose(flows.to_numpy(float), want.to_numpy(float), rtol=REL_TOL, atol=ABS_TOL)
    invest = sheet(xlsx, "investment").set_index("technology")["investment"]
    assert all(close(invest[k], v) for k, v in summary["economics"]["investment"].items())
    names = [b["name"] for b in summary["binding_limits"]]
    assert sheet(xlsx, "binding_limits")["name"].tolist() == names


def test_xlsx_hourly_and_monthly(run_dir):
    _, xlsx = write_report(run_dir, "zh")
    ts = pd.read_parquet(run_dir / "timeseries.parquet")
    hourly = sheet(xlsx, "hourly")
    assert (hourly["time"].to_numpy() == ts.index.tz_localize(None).to_numpy()).all()
    for col in ts.columns:
        assert np.allclose(hourly[col], ts[col], rtol=REL_TOL, atol=ABS_TOL), col
    monthly = sheet(xlsx, "monthly")
    want = pd.read_csv(run_dir / "monthly.csv")
    assert np.allclose(monthly.to_numpy(float), want.to_numpy(float), rtol=REL_TOL, atol=ABS_TOL)


def test_xlsx_units_in_headers_and_numbers_as_numbers(run_dir):
    _, xlsx = write_report(run_dir)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    for name in ("hourly", "monthly", "cash_flow", "investment"):
        ws = book[name]
        heads = [c.value for c in next(ws.iter_rows(max_row=1))]
        assert all("[" in h for h in heads if h not in ("month", "year", "technology")), heads
        row = [c for c in next(ws.iter_rows(min_row=2, max_row=2))]
        assert all(c.data_type in ("n", "d") for c in row if c.column > 1), name
    summary = {r[0].value: r[1] for r in book["summary"].iter_rows(min_row=2)}
    cell = summary["cost.total_annual"]
    assert cell.data_type == "n" and cell.number_format == "#,##0"
    assert summary["renewable_share"].number_format == "0.00%"
    book.close()


def test_study_report_ranks_runs_and_equals_study_table(study_dir):
    _, xlsx = write_report(study_dir)
    table = pd.read_parquet(study_dir / "study.parquet")
    got = sheet(xlsx, "study")
    assert list(got.columns) == list(table.columns) and len(got) == len(table) == 2
    for col in table.columns:
        if pd.api.types.is_numeric_dtype(table[col]) and table[col].dtype != "boolean":
            a, b = got[col].to_numpy(float), table[col].to_numpy(float)
            assert np.allclose(a, b, rtol=REL_TOL, atol=ABS_TOL, equal_nan=True), col
    assert sheet(xlsx, "ranking")["rank"].tolist() == [1, 2]
    text = write_report(study_dir, "zh")[0].read_text(encoding="utf-8")
    assert labels("zh")["ranking"] in text and "34,300" in text and "32,400" in text
    assert 'data-file="frontier.png"' in text and not EXTERNAL.search(text)


# --- report.html -----------------------------------------------------------------------------


def key_figures(summary: dict, lang: str) -> list[str]:
    """The figures the answer must show: capacities, investment, payback, both abatement
    costs (formatted as the report formats them)."""
    t, e = labels(lang), summary["economics"]
    caps = [fmt(summary["capacity"][k]) for k in ("pv_kw", "wind_kw", "battery_kw", "battery_kwh")]
    return [
        *caps,
        fmt_in(e["investment"]["total"], "CNY", t),
        fmt_years(e["simple_payback_years"], t),
        fmt_in(facts.average_abatement_per_t(summary), "CNY/tCO2", t),
        fmt_in(facts.marginal_abatement_per_t(summary), "CNY/tCO2", t),
        t["abatement_avg"],
        t["abatement_marg"],
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_holds_the_answer_and_nothing_external(run_dir, lang):
    html, _ = write_report(run_dir, lang)
    text = html.read_text(encoding="utf-8")
    summary = read_summary(run_dir)
    for figure in key_figures(summary, lang):
        assert figure in text, figure
    assert facts.turbine_line(summary, labels(lang)) in unescape(text)
    assert all(b["name"] in text for b in summary["binding_limits"])
    assert unit_in("CNY/kW_DC", lang) in text  # an assumption's unit
    assert not EXTERNAL.search(text), EXTERNAL.search(text)
    assert "<script" not in text
    pngs = sorted(p.name for p in run_dir.glob("*.png"))
    embedded = re.findall(r'<img src="data:image/png;base64,[^"]+"[^>]*data-file="([^"]+)"', text)
    assert sorted(embedded) == sorted([*pngs, "cash_flow"])
    assert "&lt;b&gt;at&lt;/b&gt;" in text  # autoescaped
    assert f'lang="{labels(lang)["html_lang"]}"' in text


def test_html_without_the_new_blocks(plain_run):
    html, xlsx = write_report(plain_run)
    text = unescape(html.read_text(encoding="utf-8"))
    t = labels("en")
    assert t["economics_missing"] in text and t["binding_none"] in text
    assert fmt(read_summary(plain_run)["capacity"]["pv_kw"]) in text
    with pd.ExcelFile(xlsx) as book:
        assert "cash_flow" not in book.sheet_names


# --- the command, atomic writes, fonts, assumptions ------------------------------------------


def test_command(run_dir, tmp_path):
    app = typer.Typer()
    app.command()(report)
    runner = CliRunner()
    ok = runner.invoke(app, [str(run_dir), "--lang", "zh"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.split() == [str(run_dir / "report.zh.html"), str(run_dir / "report.zh.xlsx")]
    assert runner.invoke(app, [str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, [str(run_dir), "--lang", "fr"]).exit_code == 2


def test_write_is_atomic(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def broken(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_chinese_figures_fall_back_to_english_with_one_warning(monkeypatch):
    rows = [{"year": y, "net_cash_flow_cny": v} for y, v in enumerate([-9e6, 4e6, 4e6, 4e6])]
    fonts.reset()
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    with pytest.warns(UserWarning, match="fonts-noto-cjk") as caught:
        assert cash_flow_png(rows, "CNY", "zh")[:4] == b"\x89PNG"
        assert cash_flow_png(rows, "CNY", "zh")[:4] == b"\x89PNG"
    ours = [w for w in caught if "fonts-noto-cjk" in str(w.message)]
    assert len(ours) == 1  # once, however many figures (other warnings may pass by)
    fonts.reset()


def test_assumptions_carry_units_and_meanings(run_dir):
    rows = {a.path: a for a in read_assumptions(run_dir / "scenario.yaml")}
    assert rows["technologies.pv.capex_cny_per_kw"].unit == "CNY/kW_DC"
    assert rows["tariff.prices_cny_per_kwh.peak"].unit == "CNY/kWh"
    assert rows["tariff.seasons[0].months"].unit == "month"
    assert rows["carbon.reduction"].value == 0.2
    assert all(a.meaning for a in rows.values()), [p for p, a in rows.items() if not a.meaning]


# --- headless Chromium -----------------------------------------------------------------------

MARK_IMAGES = (
    "<script>addEventListener('load', () => { const imgs = [...document.images]; "
    "document.body.dataset.images = imgs.length; document.body.dataset.broken = imgs"
    ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.dataset.file || i.alt)"
    ".join(','); });</script>"
)


def chromium(*args: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout


def dumped_dom(html: Path, tmp_path: Path) -> str:
    """The DOM after load of a copy of ``html`` with the image check added; the copy keeps
    the report's content policy (images from data: only) and allows that one inline script."""
    text = html.read_text(encoding="utf-8")
    text = text.replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';")
    copy = tmp_path / f"check-{html.parent.name}.html"
    copy.write_text(text.replace("</body>", MARK_IMAGES + "</body>"), encoding="utf-8")
    return chromium("--virtual-time-budget=10000", "--dump-dom", copy.as_uri())


def body_marks(dom: str) -> tuple[int, str]:
    body = re.search(r"<body[^>]*>", dom).group(0)
    images = re.search(r'data-images="(\d+)"', body)
    broken = re.search(r'data-broken="([^"]*)"', body)
    assert images and broken, body
    return int(images.group(1)), broken.group(1)


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (Debian: apt-get install -y chromium fonts-noto-cjk)",
)


@needs_chromium
def test_image_check_sees_a_broken_image(tmp_path):
    page = tmp_path / "page" / "report.html"
    page.parent.mkdir()
    page.write_text(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        ' img-src data:"></head><body><img src="data:image/png;base64,AAAA" alt="bad">'
        '<img src="https://example.com/x.png" alt="remote"></body></html>',
        encoding="utf-8",
    )
    assert body_marks(dumped_dom(page, tmp_path)) == (2, "bad,remote")


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_renders_run_report(run_dir, tmp_path, lang):
    html, _ = write_report(run_dir, lang)
    shot = tmp_path / f"report-run-{lang}.png"
    chromium(f"--screenshot={shot}", "--window-size=1280,3000", html.as_uri())
    assert shot.stat().st_size > 10_000
    dom = dumped_dom(html, tmp_path)
    images, broken = body_marks(dom)
    assert images == len(list(run_dir.glob("*.png"))) + 1 and broken == ""
    for figure in key_figures(read_summary(run_dir), lang):
        assert figure in dom, figure
    print(f"screenshot: {shot}")


@needs_chromium
def test_chromium_renders_study_report(study_dir, tmp_path):
    html, _ = write_report(study_dir, "en")
    shot = tmp_path / "report-study-en.png"
    chromium(f"--screenshot={shot}", "--window-size=1280,3000", html.as_uri())
    images, broken = body_marks(dumped_dom(html, tmp_path))
    assert images == len(list(study_dir.glob("*.png"))) and broken == ""
    assert labels("en")["ranking"] in html.read_text(encoding="utf-8")
    print(f"screenshot: {shot}")


def ownership_block(s: dict) -> dict:
    """An ``ownership`` block shaped as summary.json's (``finance.ownership: both``)."""
    own = {
        "capacities": dict(s["capacity"]),
        "total_annual": s["cost"]["total_annual"],
        "investment_total": 1.5e8,
        "npv": 4.2e7,
        "irr": 0.11,
        "simple_payback_years": 7.5,
    }
    contract = {
        **own,
        "capacities": {**s["capacity"], "pv_kw": 12345.0},
        "total_annual": own["total_annual"] * 1.05,
        "investment_total": 2.0e7,
        "npv": 3.9e7,
        "irr": None,
        "simple_payback_years": None,
        "contract_payments": 6.54321e6,
        "price_cny_per_kwh": {"pv": 0.4},
    }
    return {"self": own, "contract": contract, "sentence": "Contracting (pv at 0.4 CNY/kWh)."}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ownership_table_in_both_languages(run_dir, tmp_path, lang):
    folder = tmp_path / "owned"
    shutil.copytree(run_dir, folder)
    _rewrite_summary(folder, lambda s: s.update(ownership=ownership_block(s)))
    html, xlsx = write_report(folder, lang)
    text = unescape(html.read_text(encoding="utf-8"))
    t = labels(lang)
    for word in (t["ownership"], t["self_owned"], t["under_contract"], t["contract_payments"]):
        assert word in text, word
    assert fmt(12345.0) in text and fmt_in(6.54321e6, "CNY/year", t) in text
    assert "Contracting (pv at 0.4 CNY/kWh)." in text
    got = sheet(xlsx, "summary").set_index("figure")
    assert close(got.loc["ownership.contract.contract_payments", "value"], 6.54321e6)
    assert got.loc["ownership.contract.npv", "unit"] == unit_in("CNY", lang)


def test_each_list_item_keeps_its_own_comment():
    """A comment on a list item's key belongs to that item only (the assumptions table of a
    pathway showed the last period's comment on every period's year)."""
    from parkopt.optimizer.report.sources import read_comments

    text = (
        "pathway:\n"
        "  periods:\n"
        "    - year: 2026\n"
        "    - year: 2028      # stands for 2028 and 2029\n"
        "      load_growth: 1.1\n"
        "    - year: 2035      # stands for 2035-2039\n"
        "tariff:               # Jiangsu 2025\n"
        "  seasons:\n"
        "    - months: [6, 7]\n"
    )
    s = read_comments(text)
    assert s.of("pathway.periods[0].year") == ("", True)
    assert s.of("pathway.periods[1].year")[0] == "stands for 2028 and 2029"
    assert s.of("pathway.periods[2].year")[0] == "stands for 2035-2039"
    assert s.of("pathway.periods[1].load_growth") == ("", True)
    assert s.of("tariff.seasons[0].months")[0] == "Jiangsu 2025"  # the section's comment


@pytest.mark.parametrize(
    ("threshold", "own", "value", "met"),
    [
        (None, 0.2, 0.2, True),  # a park below the notice's bands: its own target, no threshold
        (0.2, 0.15, 0.17, False),  # a target stricter than the notice's: held to its own
        (0.2, None, 0.19, True),  # no own value on record: the rule's threshold
    ],
)
def test_a_ratio_target_row_shows_the_parks_own_target(threshold, own, value, met):
    """The report's target row of the indicator is the scenario's own target
    (carbon.tco2_per_tce), not the notice's threshold, which may be none (the zero-carbon
    example, 82,000 tce a year, failed to write its report on abs(None))."""
    rule = {"key": "tco2_per_tce", "sense": "max", "threshold": threshold, "value": value}
    summary = {"compliance": {"rules": [{**rule, "target": True}]}}
    carbon = {} if own is None else {"tco2_per_tce": own}
    (row,) = facts.ratio_target_rows(summary, carbon, labels("en"))
    assert row["met"] is met
    assert (
        row["target"]
        == f"≤ {fmt_in(own if own is not None else threshold, 'tCO2/tce', labels('en'), sig=3)}"
    )
