"""The report in two languages side by side: report.html and report.xlsx in the folder's own
language (English), report.zh.html and report.zh.xlsx beside them, the run's PNGs untouched,
and a Chinese report Chinese throughout (figures drawn again with Chinese words, units,
notes, warnings, the assumptions' meanings, the workbook's sheets and headers). Run: the
default example over one week."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
from html import unescape
from pathlib import Path

import openpyxl
import pytest
import yaml

from parkopt import plan, prepare, scenario_from_dict
from parkopt.optimizer.outputs.results import read_summary, write_run
from parkopt.optimizer.report import fonts, write_report
from parkopt.optimizer.report.excel import SHEETS_ZH
from parkopt.optimizer.report.i18n import BANDS, RULES, fmt_in, labels, pick
from parkopt.optimizer.report.i18n import PURCHASES as I18N_PURCHASES

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
    summary = read_summary(folder)  # the run's own compliance block, where parkopt writes one
    if summary.get("compliance"):
        for html in (english[0], chinese[0]):
            page = html.read_text(encoding="utf-8")
            assert page.index('id="compliance"') < page.index('id="answer"')
            keys = re.findall(r'data-rule="(\w+)"', page)
            assert keys == [r["key"] for r in summary["compliance"]["rules"]]
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
        book = openpyxl.load_workbook(xlsx, read_only=True)
        assert "compliance" not in book.sheetnames
        book.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_binding_reduction_shows_the_fraction_and_the_cap_apart(blocks_run, lang):
    text = visible(write_report(blocks_run, lang)[0].read_text(encoding="utf-8"))
    t = labels(lang)
    assert "0.2 (20.0%)" in text  # scenario.yaml's carbon.reduction, as the field says it
    assert t["cap_made"].format(cap=fmt_in(30028.0, "tCO2/year", t)) in text
    assert not re.search(r"carbon\.reduction\s*=\s*30,028", text)


# --- a Chinese report is Chinese -------------------------------------------------------------

ALLOWED = {
    # units and their parts, identifiers and names a Chinese page keeps as they are
    "kw", "kwh", "mwh", "kw_dc", "kw_th", "tco2", "tce", "cny", "co2", "cop", "lcoe",
    "parkopt", "html", "xlsx", "json", "yaml", "epw", "tmy3", "iana", "highs", "pvlib",
    "pvwatts", "sapm", "windpowerlib", "oemof", "tsam", "gb", "lfp", "epc", "iec", "bar",
    "asia", "shanghai", "n/a", "cold",
}  # fmt: skip
"""Words a Chinese report may show in Latin letters: units, names of tools and identifiers."""
WORD = re.compile(r"[A-Za-z][A-Za-z'/-]*[A-Za-z]|[A-Za-z]")
KEPT = re.compile(
    r'<(td|span|div)[^>]*(?:class="path"|translate="no")[^>]*>.*?</\1>', flags=re.S
)  # field paths and what the user wrote (values, the scenario file's comments)
CODE = re.compile(r"`[^`]*`")  # identifiers and option values quoted in a sentence


def english_words() -> set[str]:
    """Every word of the report's and the figures' English labels (3 letters or more)."""
    from parkopt.optimizer.accounts.economics import NOTES
    from parkopt.optimizer.plots.words import WORDS
    from parkopt.optimizer.report.i18n import FIGURES, KINDS, LABELS, STATUS
    from parkopt.optimizer.schema.flows import FLOWS

    texts = [*LABELS["en"].values(), *WORDS["en"].values(), *NOTES]
    texts += [f.label for f in FLOWS.values()] + [v[0] for v in FIGURES.values()]
    for table in (RULES, BANDS, STATUS, KINDS, I18N_PURCHASES):
        texts += [v[0] for v in table.values()]
    words = {w.lower() for text in texts for w in WORD.findall(text) if len(w) >= 3}
    return words - ALLOWED


def english_in(text: str, vocabulary: set[str]) -> list[str]:
    """The words of ``text`` from the English labels (identifiers with _ . or digits and the
    allowed words aside)."""
    tokens = re.findall(r"[A-Za-z0-9_.'/-]+", text)
    return [
        t
        for t in tokens
        if not re.search(r"[_.0-9]", t)
        and t.lower() not in ALLOWED
        and any(w.lower() in vocabulary for w in WORD.findall(t))
    ]


def png_texts(src: str) -> tuple[str, list[str]]:
    """The language and words a figure was drawn with (PNG text written by plots.style)."""
    from PIL import Image

    from parkopt.optimizer.plots.style import TEXTS_KEY

    image = Image.open(io.BytesIO(base64.b64decode(src)))
    return image.text.get("Language", ""), json.loads(image.text.get(TEXTS_KEY, "[]"))


def test_chinese_report_has_no_english_words(blocks_run):
    vocabulary = english_words()
    page = write_report(blocks_run, "zh")[0].read_text(encoding="utf-8")
    assert 'lang="en"' not in page.split("<html", 1)[1].split(">", 1)[1]  # nothing left English
    text = CODE.sub(" ", visible(KEPT.sub(" ", page)))
    found = english_in(text, vocabulary)
    assert not found, sorted(set(found))
    assert CJK.search(text)


needs_cjk = pytest.mark.skipif(
    fonts.cjk_font() is None, reason="no CJK font (Debian: apt-get install -y fonts-noto-cjk)"
)


@needs_cjk
def test_chinese_report_draws_its_figures_in_chinese(blocks_run):
    vocabulary = english_words()
    page = write_report(blocks_run, "zh")[0].read_text(encoding="utf-8")
    figures = re.findall(r'<img src="data:image/png;base64,([^"]+)"[^>]*data-file="([^"]+)"', page)
    run_pngs = sorted(p.name for p in blocks_run.glob("*.png"))
    drawn = {name: png_texts(src) for src, name in figures if name.endswith(".png")}
    assert sorted(drawn) == run_pngs and len(run_pngs) >= 7
    for name, (lang, texts) in drawn.items():
        assert lang == "zh", name
        assert texts and CJK.search(texts[0]), (name, texts[:1])  # the title
        found = english_in(" ".join(texts), vocabulary)
        assert not found, (name, found)
    for png in blocks_run.glob("*.png"):  # the folder's own stay English
        lang, texts = png_texts(base64.b64encode(png.read_bytes()).decode())
        assert lang == "en" and not CJK.search(" ".join(texts)), png.name


CJK = re.compile(r"[\u4e00-\u9fff]")


def used_fields() -> set[str]:
    """The registry path of every scenario field a run of the shipped inputs/*.yaml holds in
    its scenario.yaml (what the report's assumptions list), studies' runs included (a few
    samples of a sampled study), and of every study file's own fields."""
    from parkopt import load_scenario
    from parkopt.optimizer.report.assumptions import assumptions, field_key
    from parkopt.optimizer.study.expand import expand
    from parkopt.optimizer.study.spec import StudySpec, load_study

    keys: set[str] = set()
    shared = (ROOT.parent / "shared" / "data" / "weather").is_dir()
    for path in sorted((ROOT / "inputs").glob("*.yaml")):
        if not shared and "shared/data" in path.read_text(encoding="utf-8"):
            continue  # its weather is beside the repository, not here
        if "base" not in yaml.safe_load(path.read_text(encoding="utf-8")):
            scenarios = [load_scenario(path)]
        else:
            spec, base = load_study(path)
            if spec.samples:
                spec = spec.model_copy(update={"samples": spec.samples.model_copy(update={"n": 2})})
            scenarios = [r.scenario for r in expand(spec, base)]
            own = yaml.safe_load(path.read_text(encoding="utf-8"))
            for key in ("name", "base", "mode", "keep", "typical_days", "refine_best"):
                if key in own:
                    keys.add(f"study:{field_key(key, StudySpec)}")
            for key in own.get("samples") or {}:
                keys.add(f"study:{field_key(f'samples.{key}', StudySpec)}")
        for s in scenarios:
            keys |= {field_key(a.path) for a in assumptions(yaml.safe_load(s.to_yaml()))}
    return keys


def test_every_field_of_the_shipped_inputs_has_a_chinese_meaning():
    from parkopt.optimizer.report.fields_zh import FIELDS_ZH, STUDY_FIELDS_ZH

    keys = used_fields()
    assert None not in keys  # every path is a registry field
    missing_zh = sorted(
        k
        for k in keys
        if not (STUDY_FIELDS_ZH.get(k[6:]) if k.startswith("study:") else FIELDS_ZH.get(k))
    )
    assert not missing_zh, f"add a Chinese meaning to optimizer/report/fields_zh.py: {missing_zh}"
    shared = (ROOT.parent / "shared" / "data" / "weather").is_dir()
    assert len(keys) > (100 if shared else 80)  # the walk reached the inputs it could read


LATIN_KEPT = {
    # units, code values and names of tools, files, formats and documents a field's Chinese
    # meaning keeps in Latin letters (identifiers with _ . / or digits pass on their own)
    "kWh", "MWh", "cny", "COP", "III", "auto", "cold", "ipm", "false", "crossover", "CSV",
    "EPW", "NetCDF", "UTC", "EPC", "IEC", "PPA", "HiGHS", "PVWatts", "PVsyst", "SAPM",
    "parkopt", "pvlib", "tsam", "windpowerlib",
}  # fmt: skip
LATIN = re.compile(r"[A-Za-z0-9_./<>-]+")


def test_every_registry_field_has_a_chinese_meaning():
    """Every field and section of the scenario's registry, not only those the shipped inputs
    reach, has a Chinese meaning, and a meaning keeps Latin letters only for field names,
    units, code values and names (no English sentence left in it)."""
    from parkopt.optimizer.report.assumptions import registry
    from parkopt.optimizer.report.fields_zh import FIELDS_ZH

    reg = registry()
    missing = [k for k in reg if not FIELDS_ZH.get(k)]
    assert not missing, f"add a Chinese meaning to optimizer/report/fields_zh*.py: {missing}"
    assert not sorted(set(FIELDS_ZH) - set(reg))  # no meaning of a field that is gone
    assert len(reg) > 300
    names = {part for key in reg for part in re.split(r"[.\[\]]+", key) if part}
    english = {}
    for key, zh in FIELDS_ZH.items():
        assert CJK.search(zh), key
        words = [
            t
            for t in LATIN.findall(CODE.sub(" ", zh))
            if re.search(r"[A-Za-z]{3}", t)
            and not re.search(r"[_./0-9]", t)
            and t not in names | LATIN_KEPT
        ]
        if words:
            english[key] = words
    assert not english, english


def test_every_study_field_has_a_chinese_meaning():
    """A study's Chinese report never falls back to English for a study file's own field."""
    from parkopt.optimizer.report.assumptions import registry
    from parkopt.optimizer.report.fields_zh import STUDY_FIELDS_ZH
    from parkopt.optimizer.study.spec import StudySpec

    missing_zh = sorted(k for k in registry(StudySpec) if not STUDY_FIELDS_ZH.get(k))
    assert not missing_zh, f"add a Chinese meaning to STUDY_FIELDS_ZH: {missing_zh}"


def test_a_field_declares_its_own_chinese_meaning():
    """A new input schema carries its fields' Chinese meanings (``F(zh=...)``): the report
    reads them without an entry in report/fields_zh*.py."""
    from parkopt.optimizer.report.assumptions import declared_zh, registry
    from parkopt.optimizer.schema.fields import F, Spec

    class Electrolyser(Spec):
        efficiency_fraction: float = F(
            0.65, unit="fraction", doc="H2 out per power in.", zh="制氢效率。"
        )
        capex_cny_per_kw: float = F(3500.0, unit="CNY/kW", doc="Capital cost.")

    class Section(Spec):
        electrolyser: Electrolyser = F(Electrolyser(), doc="An electrolyser.", zh="电解槽。")

    assert declared_zh(Section) == {
        "electrolyser": "电解槽。",
        "electrolyser.efficiency_fraction": "制氢效率。",
    }
    assert registry(Section)["electrolyser.efficiency_fraction"] == (
        "fraction",
        "H2 out per power in.",
    )
