"""Every summary.json a test writes is checked against summary.json's types.

``results.write_run`` validates each summary before writing it; this hook reads back what
landed on disk (run folders, study runs kept as a summary only, runs under a study) after
each test and validates it again, so no writer can bypass the types. An inventory folder's
summary.json (``kind: inventory``) is another document and is left alone, and so are the
summaries a test writes by hand on purpose (an older parkopt's, a broken one): parkopt's
writers indent (``WRITTEN_BY_PARKOPT``), the tests' hand-made ones are one line.
"""

from __future__ import annotations

import json

import pytest

from parkopt.optimizer.outputs.result_schema import SummaryError, validate_summary

RUN_KINDS = ("plan", "simulation")
WRITTEN_BY_PARKOPT = '{\n  "parkopt_version"'
"""How every summary.json parkopt writes begins (``json.dumps(doc, indent=2)``)."""
_seen: set = set()


@pytest.fixture(autouse=True)
def _summaries_match_their_types(tmp_path_factory):
    yield
    base = tmp_path_factory.getbasetemp()
    bad = []
    for path in base.rglob("summary.json"):
        if path in _seen or any(part.startswith(".") for part in path.parts[-3:-1]):
            continue  # checked already, or a temporary folder being assembled
        _seen.add(path)
        text = path.read_text(encoding="utf-8")
        if not text.startswith(WRITTEN_BY_PARKOPT):
            continue
        doc = json.loads(text)
        if doc.get("kind") not in RUN_KINDS:
            continue
        try:
            validate_summary(doc)
        except SummaryError as err:
            bad.append(f"{path}: {err}")
    if bad:
        pytest.fail("\n".join(bad), pytrace=False)
