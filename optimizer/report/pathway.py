"""The report of a pathway folder (``write_pathway``'s): report.html, self-contained, with
the year-by-year answer a park's board and a reviewing agency read (key figures, the build
schedule, the path against each period's targets and the notice's rules, the cash flow, the
figures, each period's binding limits, the assumptions), and report.xlsx (``pathway_excel``).

``write_pathway_report(folder, lang, name)`` writes both, each atomically, in English
(report.html, report.xlsx) or beside them in another language (report.zh.html ...);
``parkopt report`` routes a folder holding pathway.json here, and ``parkopt run`` calls it
on the folder before it appears. The figures are the folder's PNGs when drawn in the page's
language, else drawn from pathway.json into the page only (``pathway.figures``).
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.text_files import read_json
from parkopt.optimizer.common.writes import clean_stale
from parkopt.optimizer.outputs.results import SCENARIO_FILE
from parkopt.optimizer.pathway.figures import FILES, pathway_figure_files
from parkopt.optimizer.report.assumptions import read_assumptions
from parkopt.optimizer.report.atomic import write_atomically
from parkopt.optimizer.report.figures import FOLDER_LANG, data_uri
from parkopt.optimizer.report.fonts import figure_language, rc_params
from parkopt.optimizer.report.html import HTML_FILE, grouped, header, render, scenario_document
from parkopt.optimizer.report.i18n import LANGUAGES, fmt, fmt_in, missing, pct_in, report_file
from parkopt.optimizer.report.pathway_excel import write_pathway_xlsx
from parkopt.optimizer.report.pathway_facts import (
    cards,
    money,
    notice_table,
    path_rows,
    period_blocks,
    schedule_table,
    span,
    target_text,
)
from parkopt.optimizer.report.pathway_words import (
    CAPTIONS,
    TECHNOLOGY_NAMES,
    pathway_labels,
    pick_pair,
)
from parkopt.optimizer.report.translate import unit_in

PATHWAY_FILE = "pathway.json"
"""The file that makes a folder a pathway's (``pathway.write.SUMMARY_FILE``)."""


def is_pathway(folder: str | Path) -> bool:
    return (Path(folder) / PATHWAY_FILE).is_file()


def read_pathway(folder: Path) -> dict:
    return read_json(Path(folder) / PATHWAY_FILE, "a pathway's figures")


def figures(folder: Path, doc: dict, lang: str) -> list[dict]:
    """The three figures for a page in ``lang``: the folder's PNGs when drawn in it, else
    drawn from pathway.json (with the CJK font for Chinese) into the page only."""
    shown = figure_language(lang)
    drawn = {}
    if shown != FOLDER_LANG or not all((folder / f"{s}.png").is_file() for s in FILES):
        with matplotlib.rc_context(rc_params(shown)):
            for name, draw in pathway_figure_files(doc, shown).items():
                buffer = io.BytesIO()
                draw(buffer)
                drawn[name] = buffer.getvalue()
    out = []
    for stem in FILES:
        name = f"{stem}.png"
        png = drawn.get(name) or (folder / name).read_bytes()
        out.append({"caption": pick_pair(CAPTIONS, stem, lang), "name": name, "src": data_uri(png)})
    return out


def _technologies(values: dict, t: dict[str, str], show) -> str:
    """``{pv: 0.03, battery: 0.06}`` as ``PV 3.0%, Battery 6.0%`` (``none`` when empty)."""
    if not values:
        return t["none"]
    return t["list_sep"].join(
        f"{pick_pair(TECHNOLOGY_NAMES, k, t['lang'])} {show(v)}" for k, v in values.items()
    )


def pathway_facts(doc: dict, section: dict, t: dict[str, str]) -> list[dict]:
    """The pathway's own assumptions: discount rate, base year, typical days, learning
    rates and retirements (``section``: scenario.yaml's pathway section)."""
    days = doc.get("typical_days")
    retire = section.get("retire") or {}
    lang = t["lang"]
    return [
        {"label": t["discount_rate"], "value": pct_in(doc.get("discount_rate"), t)},
        {"label": t["base_year"], "value": str(doc.get("base_year"))},
        {
            "label": t["typical_days"],
            "value": t["every_hour"] if missing(days) else t["n_typical_days"].format(n=days),
        },
        {
            "label": t["learning"],
            "value": _technologies(
                section.get("learning_rate_per_year") or {}, t, lambda v: pct_in(v, t)
            ),
        },
        {
            "label": t["retire"],
            "value": t["sep"].join(
                t["retire_from"].format(name=pick_pair(TECHNOLOGY_NAMES, k, lang), year=y)
                for k, y in retire.items()
            )
            or t["none"],
        },
    ]


def period_settings(doc: dict, scenario: dict, t: dict[str, str]) -> list[list[str]]:
    """Each period's changes to the scenario: years, load and heat factors, the grid's
    emission factor, capital cost factors, targets and other fields set."""
    grid = (scenario.get("grid") or {}).get("emission_factor_t_per_mwh")
    periods = (scenario.get("pathway") or {}).get("periods") or []
    rows = []
    for p, r in zip(periods, doc["path"], strict=False):
        factor = p.get("emission_factor_t_per_mwh")
        targets = [target_text(k, v, t) for k, v in (r.get("targets") or {}).items()]
        rows.append(
            [
                span(r["year"], r["years"]),
                fmt(r["years"]),
                f"{p.get('load_growth', 1.0):g}",
                f"{p.get('heat_growth', 1.0):g}",
                fmt_in(factor if factor is not None else grid, "tCO2/MWh", t),
                _technologies(p.get("cost_multipliers") or {}, t, lambda v: f"x {v:g}"),
                t["sep"].join(targets) or t["no_target"],
                t["sep"].join(f"{k} = {v}" for k, v in (p.get("set") or {}).items()) or t["none"],
            ]
        )
    return rows


def pathway_context(folder: Path, lang: str, name: str | None = None) -> dict:
    """Everything pathway.html.j2 prints for the pathway folder ``folder`` (``name``: the
    folder's name to print, when ``folder`` is the temporary one it is written in)."""
    folder = Path(folder)
    t = pathway_labels(lang)
    doc = read_pathway(folder)
    scenario = scenario_document(folder)
    cur = doc.get("currency") or "CNY"
    base = {"rate": pct_in(doc.get("discount_rate"), t), "base": doc.get("base_year")}
    park = doc.get("park") or name or folder.name
    return {
        **header(folder, {}, t, f"{t['title_pathway']}{t['colon']}{park}", name),
        "lang": lang,
        "intro": t["pw_intro"].format(
            n=len(doc["path"]),
            first=doc["first_year"],
            last=doc["end_year"] - 1,
            currency=unit_in(cur, lang),
            **base,
        ),
        "units": {"currency": unit_in(cur, lang), "emissions": unit_in("tCO2/year", lang)},
        "cards": cards(doc, t),
        "schedule": schedule_table(doc, t),
        "path": path_rows(doc, t),
        "notice": notice_table(doc, t),
        "money": money(doc, t),
        "money_intro": t["money_intro"].format(end=doc["end_year"] - 1, **base),
        "figures": figures(folder, doc, lang),
        "periods": period_blocks(doc, t),
        "pathway_facts": pathway_facts(doc, scenario.get("pathway") or {}, t),
        "period_settings": period_settings(doc, scenario, t),
        "assumptions": grouped(read_assumptions(folder / SCENARIO_FILE), t),
    }


def write_pathway_report(folder: Path, lang: str = "en", name: str | None = None) -> list[Path]:
    """Write report.html and report.xlsx (report.<lang>.html and .xlsx in another language)
    into the pathway ``folder`` (holding pathway.json); return their paths. ScenarioError
    when ``folder`` is not a pathway's or ``lang`` not one of ``LANGUAGES``; an OSError
    naming the file when it cannot be written. ``name``: the folder's name in the report,
    when it is written into a temporary folder before that is renamed."""
    folder = Path(folder)
    problems = []
    if lang not in LANGUAGES:
        problems.append(Problem("parkopt report", "--lang", lang, " or ".join(LANGUAGES)))
    if not is_pathway(folder):
        problems.append(
            Problem(str(folder), "FOLDER", str(folder), f"a pathway folder (with {PATHWAY_FILE})")
        )
    if problems:
        raise ScenarioError(problems)
    clean_stale(folder)
    text = render("pathway.html.j2", pathway_context(folder, lang, name))
    html = write_atomically(
        folder / report_file(HTML_FILE, lang), lambda tmp: tmp.write_text(text, encoding="utf-8")
    )
    return [html, write_pathway_xlsx(folder, lang)]
