"""Where each input of a run comes from: the comments its scenario file writes beside a field
(``capex_cny_per_kw: 3300  # 2024 average EPC (reported)``) or in the lines just above a
section, and which fields the file leaves to parkopt's defaults.

A run's scenario.yaml names the file it was read from (``source``); a study's run names the
study file, whose ``base`` scenario is read too, the study's ``overrides`` over it. When the
file cannot be found (moved, or a relative path read from elsewhere) no source is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w.]*)\s*:(?P<rest>.*)$")
COMMENT = re.compile(r"\s+#\s?(?P<text>.*)$")
RUN_SUFFIX = re.compile(r"\s*\[run .*\]\s*$", re.DOTALL)


@dataclass
class Sources:
    """Comments by dotted field path (list indices dropped), the paths the file gives and
    those it gives a value on the same line (``leaves``: a flow mapping or list)."""

    comments: dict[str, str] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)
    leaves: set[str] = field(default_factory=set)
    found: bool = False

    def of(self, path: str) -> tuple[str, bool]:
        """(comment of ``path`` or of its nearest commented section, whether the file gives
        ``path``); ("", True) when no file was found."""
        if not self.found:
            return "", True
        raw = path.split(".")  # a list item's own comment first (``periods[3].year``)
        exact = [".".join(raw[:i]) for i in range(len(raw), 0, -1)]
        parts = re.sub(r"\[\d+\]", "", path).split(".")
        keys = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
        comment = next((self.comments[k] for k in (*exact, *keys) if k in self.comments), "")
        given = keys[0] in self.given or exact[0] in self.given
        return comment, given or any(k in self.leaves for k in (*exact[1:], *keys[1:]))


def _hash_column(line: str) -> int | None:
    """Where a comment-only line's ``#`` stands (None for other lines)."""
    text = line.lstrip()
    return len(line) - len(text) if text.startswith("#") else None


def _block_comment(lines: list[str], index: int, indent: int) -> str:
    """The full-line comments right above line ``index`` (no blank line between); none when
    they reach the top of the file (that is the file's header, not the field's)."""
    out = []
    for line in reversed(lines[:index]):
        column = _hash_column(line)
        if column is None:
            return " ".join(reversed([t for t in out if t]))
        if column <= indent:  # deeper: the line above's inline comment going on
            out.append(line.strip().lstrip("#").strip())
    return ""


def _continued(lines: list[str], index: int, indent: int) -> str:
    """Comment-only lines after line ``index`` indented deeper than its key: its inline
    comment going on."""
    out = []
    for line in lines[index + 1 :]:
        column = _hash_column(line)
        if column is None or column <= indent:
            break
        out.append(line.strip().lstrip("#").strip())
    return " ".join(out)


def _item(stack: list[tuple[int, str]], dash_at: int, counters: dict) -> None:
    """A ``- key:`` line begins the next item of the list above it: its index joins the
    path (``periods[3]``), so each item keeps its own comments."""
    while stack and stack[-1][0] >= dash_at:
        stack.pop()
    parent = _joined(stack)
    counters[parent] = counters.get(parent, -1) + 1
    stack.append((dash_at, f"[{counters[parent]}]"))


def _joined(stack: list[tuple[int, str]], key: str | None = None) -> str:
    """The dotted path of ``stack`` (and ``key``), list indices attached: ``a.b[2].c``."""
    parts = [k for _, k in stack] + ([key] if key is not None else [])
    return ".".join(parts).replace(".[", "[")


def read_comments(text: str, prefix: str = "") -> Sources:
    """The comments and given paths of a YAML mapping's text; a list item's keys under the
    list's path with the item's index (``pathway.periods[3].year``)."""
    lines = text.splitlines()
    out = Sources(found=True)
    stack: list[tuple[int, str]] = []
    counters: dict[str, int] = {}
    for i, line in enumerate(lines):
        match = KEY.match(line)
        if not match:
            continue
        indent = len(match["indent"]) + len(match["dash"] or "")
        if match["dash"]:
            _item(stack, len(match["indent"]), counters)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = _joined(stack, match["key"])
        out.given.add(prefix + path)
        inline = COMMENT.search(match["rest"])
        if COMMENT.sub("", match["rest"]).strip():
            out.leaves.add(prefix + path)
        more = _continued(lines, i, indent) if inline else ""
        parts = (_block_comment(lines, i, indent), inline and inline["text"], more)
        text_ = " ".join(t for t in parts if t)
        if text_:
            out.comments[prefix + path] = text_.strip()
        stack.append((indent, match["key"]))
    return out


def _merge(base: Sources, top: Sources) -> Sources:
    """``top`` over ``base``: a field ``top`` sets drops ``base``'s comments on it and below."""
    kept = {k: v for k, v in base.comments.items() if not any(_under(k, t) for t in top.given)}
    comments = {**kept, **top.comments}
    return Sources(comments, base.given | top.given, base.leaves | top.leaves, True)


def file_sources(path: Path) -> Sources:
    """The sources a scenario file gives; a study file's are its base's under its overrides."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    if not (isinstance(data, dict) and "base" in data):
        return read_comments(text)
    base = (path.parent / str(data["base"])).resolve()
    under = read_comments(text)
    overrides = Sources(found=True)
    for key, comment in under.comments.items():
        if key.startswith("overrides."):
            overrides.comments[key.removeprefix("overrides.")] = comment
    for kind in ("given", "leaves"):
        keys = {k.removeprefix("overrides.") for k in getattr(under, kind) if "overrides." in k}
        setattr(overrides, kind, keys)
    merged = _merge(file_sources(base), overrides) if base.is_file() else overrides
    keys = varied(data)
    merged.comments = {
        k: v for k, v in merged.comments.items() if not any(_under(k, t) for t in keys)
    }
    merged.comments.update({key: f"varied by the study ({path.name})" for key in keys})
    merged.given |= keys
    return merged


def _under(key: str, top: str) -> bool:
    return key == top or key.startswith(top + ".")


def _dotted(mapping, prefix: str = "") -> list[str]:
    if not isinstance(mapping, dict):
        return [prefix] if prefix else []
    return [k for key, v in mapping.items() for k in _dotted(v, f"{prefix}{key}.")] or [prefix]


def varied(study: dict) -> set[str]:
    """The fields a study file sets per run (grid, samples, sites, variants), dotted."""
    keys = set(study.get("grid") or {}) | set((study.get("samples") or {}).get("ranges") or {})
    for site in study.get("sites") or []:
        keys |= {"weather.path", *(k.rstrip(".") for k in _dotted(site.get("overrides") or {}))}
    for variant in (study.get("variants") or {}).values():
        keys |= {k.rstrip(".") for k in _dotted(variant or {})}
    return {k for k in keys if k}


def scenario_sources(source: str, folder: Path) -> Sources:
    """The sources of the scenario file a run names (``source``), looked for as given and
    beside the run folder; empty when not found."""
    name = RUN_SUFFIX.sub("", str(source or ""))
    if not name or name.startswith("<"):
        return Sources()
    folder = Path(folder).resolve()
    for candidate in (Path(name), *(parent / name for parent in folder.parents[:3])):
        if candidate.is_file():
            try:
                return file_sources(candidate.resolve())
            except (OSError, yaml.YAMLError):
                return Sources()
    return Sources()
