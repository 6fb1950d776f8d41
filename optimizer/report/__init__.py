"""The report of a run or study folder: report.html (self-contained, for people) and
report.xlsx (every table, for spreadsheets), in English or Chinese.

``write_report(folder, lang)`` writes both into the folder, each atomically (a temporary
file renamed into place); ``parkopt report FOLDER`` is the command. The languages sit side
by side: report.html and report.xlsx are in the folder's own language (``DEFAULT_LANG``,
English: what ``parkopt run`` writes), any other beside them as report.<lang>.html and
report.<lang>.xlsx (``report_file``); a Chinese report's figures are drawn in Chinese into
its page only, so the folder's PNGs stay as the run drew them.
"""

from __future__ import annotations

from pathlib import Path

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.writes import clean_stale
from parkopt.optimizer.outputs.results import SUMMARY_FILE
from parkopt.optimizer.report.excel import XLSX_FILE, write_xlsx
from parkopt.optimizer.report.html import HTML_FILE, write_html
from parkopt.optimizer.report.i18n import DEFAULT_LANG, LANGUAGES, report_file
from parkopt.optimizer.report.study import is_study

__all__ = ["DEFAULT_LANG", "HTML_FILE", "LANGUAGES", "XLSX_FILE", "report_file", "write_report"]


def write_report(
    folder: str | Path, lang: str = "en", name: str | None = None
) -> tuple[Path, Path]:
    """Write report.html and report.xlsx (``DEFAULT_LANG``) or report.<lang>.html and
    report.<lang>.xlsx into the run or study ``folder`` (a study folder holds
    study.parquet, a run folder summary.json); return their paths. ScenarioError when
    ``folder`` is neither or ``lang`` is not one of ``LANGUAGES``; an OSError naming the
    file when it cannot be written. ``name``: the folder's name in the report, when it is
    written into a temporary folder before that is renamed (``results.write_run``).
    Temporary files a killed report left in ``folder`` are removed first."""
    folder = Path(folder)
    problems = []
    if lang not in LANGUAGES:
        problems.append(Problem("parkopt report", "--lang", lang, " or ".join(LANGUAGES)))
    study = is_study(folder)
    if not study and not (folder / SUMMARY_FILE).is_file():
        problems.append(
            Problem(
                str(folder),
                "RUN_OR_STUDY",
                str(folder),
                f"a run folder (with {SUMMARY_FILE}) or a study folder (with study.parquet)",
            )
        )
    if problems:
        raise ScenarioError(problems)
    clean_stale(folder)
    html = write_html(folder, lang, study, name)
    xlsx = write_xlsx(folder, lang, study)
    return html, xlsx
