"""report.html: one self-contained file (figures as data URIs, no script, no network),
rendered from the jinja2 templates in ``templates/`` with autoescaping on."""

from __future__ import annotations

from functools import cache
from itertools import groupby
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from parkopt.optimizer.common.text_files import read_yaml
from parkopt.optimizer.outputs.results import SCENARIO_FILE, parkopt_version, read_summary
from parkopt.optimizer.report import binding, facts, rules
from parkopt.optimizer.report.assumptions import read_assumptions, show_value
from parkopt.optimizer.report.atomic import write_atomically
from parkopt.optimizer.report.fields_zh import meaning_in
from parkopt.optimizer.report.figures import cash_flow_png, data_uri, folder_figures, run_figures
from parkopt.optimizer.report.i18n import SECTIONS_ZH, fmt, labels, report_file
from parkopt.optimizer.report.study import best_run_dir, read_table, study_context
from parkopt.optimizer.report.translate import Text, note_zh, unit_in, warning_zh

TEMPLATES = Path(__file__).parent / "templates"
HTML_FILE = "report.html"
SANKEY_FILE = "energy_flows_sankey.html"
FULL_YEAR_H = 8760


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def scenario_document(folder: Path) -> dict:
    path = Path(folder) / SCENARIO_FILE
    if not path.is_file():
        return {}
    return read_yaml(path, "a run's scenario") or {}


def answer(summary: dict, carbon: dict, lang: str) -> dict:
    """The answer of a run: what to build, the money, the tonnes, both abatement costs, the
    targets, the indicator and the binding limits (rows of text), and its key-figure cards."""
    t = labels(lang)
    out = {
        "build": facts.build_rows(summary, lang),
        "turbines": facts.turbine_line(summary, t),
        "money": facts.money_rows(summary, t),
        "ownership": facts.ownership_rows(summary, lang),
        "carbon": facts.carbon_rows(summary, t),
        "abatement": facts.abatement_rows(summary, t),
        "targets": facts.target_rows(summary, carbon, t),
        "indicator": facts.indicator_rows(summary, t),
        "binding": binding.binding_rows(summary, lang, carbon),
        "compliance": rules.compliance(summary, lang),
        "purchases": rules.purchase_rows(summary, lang),
        "has_economics": bool(summary.get("economics")),
    }
    out["cards"] = cards(out, t)
    return out


def cards(a: dict, t: dict[str, str]) -> list[dict]:
    """Key figures at a glance: investment, savings and payback (or the annual cost),
    tonnes avoided, both abatement costs and the targets met."""
    wanted = (t["investment_total"], t["annual_savings"], t["simple_payback"])
    out = [r for r in a["money"] if r["label"] in wanted]
    if not out:
        out = a["money"][-1:]
    out += a["carbon"][1:2]
    out += [{"label": r["label"], "value": r["value"]} for r in a["abatement"]]
    known = [r["met"] for r in a["targets"] if r["met"] is not None]
    if known:
        text = t["targets_met"].format(met=sum(known), n=len(known))
        out.append({"label": t["targets"], "value": text})
    return [{"note": "", **c} for c in out]


def _row(a, previous_source: str, lang: str) -> dict:
    return {
        "path": a.path,
        "value": show_value(a.value, a.path),
        "unit": unit_in(a.unit, lang),
        "meaning": meaning_in(a, lang),
        "source": a.source,
        "same_source": bool(a.source) and a.source == previous_source,
        "default": a.default,
    }


def grouped(rows, t: dict[str, str]) -> list[dict]:
    """Assumptions by top-level section (top-level fields under 'general'), each value shown
    as given; a source the row above has too (a section's comment) is marked 'as above'."""
    out = []
    for section, items in groupby(rows, key=lambda a: a.section if "." in a.path else ""):
        shown, previous = [], ""
        for a in items:
            shown.append(_row(a, previous, t["lang"]))
            previous = a.source
        title = SECTIONS_ZH.get(section, "") if t["lang"] == "zh" else ""
        out.append({"section": section or t["general"], "title": title, "rows": shown})
    return out


def header(
    folder: Path, summary: dict, t: dict[str, str], title: str, name: str | None = None
) -> dict:
    hours = summary.get("horizon_hours")
    short = isinstance(hours, int | float) and hours < FULL_YEAR_H
    return {
        "t": t,
        "title": title,
        "written_by": t["written_by"].format(
            version=parkopt_version(), folder=name or Path(folder).name
        ),
        "horizon": t["horizon"].format(hours=fmt(hours)) if short else "",
    }


def run_context(folder: Path, lang: str, name: str | None = None) -> dict:
    """Everything run.html.j2 prints for the run folder ``folder`` (``name``: the folder's
    name to print, when ``folder`` is the temporary one it is written in)."""
    folder = Path(folder)
    t = labels(lang)
    summary = read_summary(folder)
    document = scenario_document(folder)
    title_key = "title_sim" if summary.get("kind") == "simulation" else "title_run"
    economics = summary.get("economics") or {}
    png = cash_flow_png(economics.get("cash_flow") or [], summary.get("currency") or "CNY", lang)
    return {
        **header(
            folder,
            summary,
            t,
            f"{t[title_key]}{t['colon']}{summary.get('scenario', name or folder.name)}",
            name,
        ),
        "lang": lang,
        **answer(summary, document.get("carbon") or {}, lang),
        "cash_flow": data_uri(png) if png else None,
        "notes": [note_zh(n) if lang == "zh" else Text(n) for n in economics.get("notes") or []],
        "assumptions": grouped(read_assumptions(folder / SCENARIO_FILE), t),
        "figures": run_figures(folder, lang),
        "sankey": (folder / SANKEY_FILE).is_file(),
        "warnings": [
            warning_zh(w) if lang == "zh" else Text(w) for w in summary.get("warnings") or []
        ],
    }


def study_page_context(folder: Path, lang: str) -> dict:
    """Everything study.html.j2 prints for the study folder ``folder``."""
    folder = Path(folder)
    t = labels(lang)
    study = study_context(folder, lang, t)
    best_dir = best_run_dir(folder, read_table(folder))
    best, assumptions, summary = None, [], {}
    if best_dir is not None:
        summary = read_summary(best_dir)
        carbon = scenario_document(best_dir).get("carbon") or {}
        name = (summary.get("study") or {}).get("name") or best_dir.name
        best = {"name": name, **answer(summary, carbon, lang)}
        assumptions = grouped(read_assumptions(best_dir / SCENARIO_FILE), t)
    return {
        **header(folder, summary, t, f"{t['title_study']}{t['colon']}{study['name']}"),
        "lang": lang,
        "study": study,
        "best": best,
        "figures": folder_figures(folder, lang),
        "assumptions": assumptions,
    }


def render(template: str, context: dict) -> str:
    return environment().get_template(template).render(**context)


def write_html(folder: Path, lang: str, study: bool, name: str | None = None) -> Path:
    """Render report.html (report.<lang>.html) for the run or study ``folder`` and write it
    atomically (``name``: the run folder's name to print, see ``run_context``)."""
    folder = Path(folder)
    if study:
        text = render("study.html.j2", study_page_context(folder, lang))
    else:
        text = render("run.html.j2", run_context(folder, lang, name))
    return write_atomically(
        folder / report_file(HTML_FILE, lang), lambda tmp: tmp.write_text(text, encoding="utf-8")
    )
