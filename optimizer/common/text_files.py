"""Reading the user's files (scenario and study YAML, a run's summary.json, a results
folder's tables) so that anything wrong with the file itself is one ``Problem``: not
readable, not text (a NUL byte, a binary file), not UTF-8, not valid YAML or JSON, a YAML
mapping that gives one key twice (YAML would silently keep the later value), or a CSV or
Parquet table that cannot be read (cut short by a stopped write)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml
from yaml.constructor import ConstructorError

from parkopt.optimizer.common.errors import Problem, ScenarioError


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of byte ``offset`` in ``data``."""
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def read_text(path: str | Path, what: str) -> str:
    """The UTF-8 text of ``path`` (``what``: "a scenario YAML file", for messages);
    ScenarioError naming the file and the place if it cannot be read or is not text."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ScenarioError(
            [Problem(str(path), "(file)", None, f"{what} that can be read ({err.strerror})")]
        ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    f"line {line}, column {col}",
                    None,
                    f"{what} as text: it holds a NUL byte (a binary file, or saved as UTF-16?)",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, col = _line_col(data, err.start)
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    f"line {line}, column {col}",
                    None,
                    f"{what} in UTF-8: byte 0x{data[err.start]:02X} is not UTF-8 (save the "
                    "file as UTF-8)",
                )
            ]
        ) from None


class UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses a mapping giving the same key twice."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":  # "<<": later keys override it
                    continue
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    if key in seen:
                        raise DuplicateKeyError(key, seen[key], line)
                    seen[key] = line
                except TypeError:  # an unhashable key: PyYAML's own error follows
                    continue
        return super().construct_mapping(node, deep=deep)


class DuplicateKeyError(ConstructorError):
    """A YAML mapping gives ``key`` at ``first`` and again at ``again`` (1-based lines)."""

    def __init__(self, key: Any, first: int, again: int):
        super().__init__(problem=f"duplicate key {key!r}")
        self.key, self.first, self.again = key, first, again


def _yaml_error(path: Path, err: yaml.YAMLError) -> Problem:
    if isinstance(err, DuplicateKeyError):
        return Problem(
            str(path),
            f"{err.key} (line {err.again})",
            None,
            f"one value, but the key is given twice in its section (lines {err.first} and "
            f"{err.again}; YAML would silently keep the later): keep one",
        )
    mark = getattr(err, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark is not None else "(file)"
    reason = getattr(err, "problem", None) or " ".join(str(err).split())
    return Problem(str(path), where, None, f"valid YAML ({reason})")


def read_yaml(path: str | Path, what: str) -> Any:
    """The YAML document of ``path`` (None if empty); ScenarioError (one line) if the file
    is not readable UTF-8 text, not valid YAML, or gives a key twice in one mapping."""
    path = Path(path)
    text = read_text(path, what)
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as err:
        raise ScenarioError([_yaml_error(path, err)]) from None


def read_json(path: str | Path, what: str) -> Any:
    """The JSON document of ``path``; ScenarioError (one line) if it is not readable UTF-8
    text or not whole, valid JSON (e.g. a file cut short by a killed write)."""
    path = Path(path)
    text = read_text(path, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    f"line {err.lineno}, column {err.colno}",
                    None,
                    f"{what} as whole, valid JSON ({err.msg}; cut short by a stopped write?)",
                )
            ]
        ) from None


def read_frame(path: str | Path, what: str, **options: Any) -> pd.DataFrame:
    """A results folder's table (``.parquet``, else CSV read with ``options``); ScenarioError
    (one line naming the file) if it cannot be read whole."""
    path = Path(path)
    try:
        if path.suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, **options)
    except (OSError, ValueError, pa.ArrowException) as err:
        reason = " ".join(str(err).split())
        raise ScenarioError(
            [Problem(str(path), "(file)", None, f"{what} that can be read whole ({reason})")]
        ) from None
