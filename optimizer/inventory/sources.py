"""Meter files opened for reading: CSV or Parquet, long or wide, streamed in Arrow batches.

CSV files: comma, semicolon or tab separated (a semicolon file's decimal commas are read as
decimal points), UTF-8 with or without BOM, or GB18030 (GBK) when the first 64 KiB are not
UTF-8. Parquet files (``.parquet``, ``.pq``) with the same columns, any Arrow types.

Long files have the columns of ``vocab.COLUMNS`` (others are ignored). A wide file has one
timestamp column and one column per meter named ``firm/meter/carrier/unit`` or
``firm/meter/carrier/unit/kind`` (e.g. ``F01/main/electricity/kWh``,
``F01/boiler/蒸汽/t/register``; names in it cannot contain ``/``), each cell one reading.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from parkopt.models.csvtext import csv_separator, decimal_mark
from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.inventory.vocab import COLUMNS, REQUIRED, has_offset, header_name

PARQUET = (".parquet", ".pq")
CSV = (".csv", ".txt")
BLOCK_BYTES = 1 << 20
"""CSV bytes per Arrow batch (Arrow's default: larger blocks read ahead more memory)."""
TIME_PARSERS = [pcsv.ISO8601, "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d"]
"""Timestamp formats Arrow parses itself; other texts take the slower way (vocab.parse_times)."""
PARQUET_ROWS = 1 << 20
WIDE_HELP = (
    "a long file with columns firm, meter, carrier, timestamp, value, unit[, kind] "
    "(企业, 表计, 能源品种, 时间, 读数, 单位, 类型), or a wide file: a timestamp column and "
    "columns named firm/meter/carrier/unit[/kind]"
)
WIDE_COLUMN = "a meter column named firm/meter/carrier/unit[/kind], e.g. F01/main/electricity/kWh"
_TEXT = pa.dictionary(pa.int32(), pa.string())


class SourceError(Exception):
    """A file that cannot be read at all: ``problems`` say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


@dataclass
class WideColumn:
    """One meter column of a wide file, its header split into its parts."""

    header: str
    firm: str
    meter: str
    carrier: str
    unit: str
    kind: str = "interval"


@dataclass
class Source:
    """A meter file as sniffed: its format, layout and the headers of the columns used."""

    path: Path
    parquet: bool
    columns: dict[str, str]  # canonical name -> header in the file
    wide: list[WideColumn] = field(default_factory=list)
    sep: str = ","
    encoding: str = "utf8"
    offsets: bool = False  # the first timestamp has an offset (Arrow parses them to UTC)

    @property
    def name(self) -> str:
        return str(self.path)


def _encoding(path: Path) -> str:
    """utf8 when the first 64 KiB decode as UTF-8, else gb18030 (GBK exports)."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf8"


def _csv_head(path: Path, sep: str, encoding: str) -> tuple[list[str], list[str]]:
    """The header and the first data row."""
    with path.open(encoding="utf-8-sig" if encoding == "utf8" else encoding) as f:
        lines = [f.readline(), f.readline()]
    header, first = (list(csv.reader([line], delimiter=sep)) for line in lines)
    return (header[0] if header else []), (first[0] if first else [])


def _wide_column(header: str) -> WideColumn | None:
    parts = [p.strip() for p in str(header).split("/")]
    if len(parts) not in (4, 5) or not all(parts):
        return None
    return WideColumn(str(header), *parts)


def sniff(path: Path) -> Source:
    """The file's format and layout from its header; SourceError when it cannot be used."""
    parquet = path.suffix.lower() in PARQUET
    sep, encoding, first = ",", "utf8", []
    try:
        if parquet:
            headers = list(pq.ParquetFile(path).schema_arrow.names)
        else:
            sep, encoding = csv_separator(path), _encoding(path)
            headers, first = _csv_head(path, sep, encoding)
    except (OSError, UnicodeError, csv.Error, pa.ArrowException) as err:
        kind = "Parquet" if parquet else "CSV"
        problem = Problem(str(path), "(file)", None, f"a readable {kind} file ({err})")
        raise SourceError([problem]) from None
    columns: dict[str, str] = {}
    for header in headers:
        name = header_name(header)
        if name is not None and name not in columns:
            columns[name] = header
    source = Source(path, parquet, columns, sep=sep, encoding=encoding)
    if "timestamp" in columns and columns["timestamp"] in headers[: len(first)]:
        source.offsets = has_offset(first[headers.index(columns["timestamp"])])
    missing = [c for c in REQUIRED if c not in columns]
    if missing and "timestamp" in columns:
        others = [h for h in headers if h != columns["timestamp"]]
        wide = [_wide_column(h) for h in others]
        if others and any(w is not None for w in wide):
            bad = [
                Problem(source.name, f"column {h}", None, WIDE_COLUMN)
                for h, w in zip(others, wide, strict=True)
                if w is None
            ]
            if bad:
                raise SourceError(bad)
            source.wide = wide
            return source
    if missing:
        raise SourceError(_missing(source.name, headers, missing))
    return source


def time_type(source: Source) -> pa.DataType:
    """The Arrow type timestamps are parsed to: UTC when the file gives offsets."""
    return pa.timestamp("ns", tz="UTC" if source.offsets else None)


def _missing(file: str, headers: list[str], missing: list[str]) -> list[Problem]:
    """One Problem per missing column; one for the file when none is there."""
    found = ", ".join(map(str, headers)) or "no header"
    if len(missing) == len(REQUIRED):
        return [Problem(file, "columns", found, WIDE_HELP)]
    return [
        Problem(
            file, f"column {name}", None, f"a column {' or '.join(COLUMNS[name])} (found: {found})"
        )
        for name in missing
    ]


def _csv_options(source: Source, types: dict[str, pa.DataType], block: int):
    read = pcsv.ReadOptions(encoding=source.encoding, block_size=block)
    parse = pcsv.ParseOptions(delimiter=source.sep)
    convert = pcsv.ConvertOptions(
        column_types=types,
        timestamp_parsers=TIME_PARSERS,
        include_columns=list(types),
        decimal_point=decimal_mark(source.sep),
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    return {"read_options": read, "parse_options": parse, "convert_options": convert}


def _value_type(value_text: bool) -> pa.DataType:
    return pa.string() if value_text else pa.float64()


def long_batches(
    source: Source, value_text: bool = False, typed_times: bool = True
) -> Iterator[pa.RecordBatch]:
    """The file's long columns in batches, named canonically. Text columns come as
    dictionaries from CSV; ``value_text`` reads the values as text and ``typed_times=False``
    the timestamps (to find the unreadable ones, or read the formats Arrow does not)."""
    rename = {header: name for name, header in source.columns.items()}
    if source.parquet:
        reader = pq.ParquetFile(source.path)
        batches = reader.iter_batches(batch_size=PARQUET_ROWS, columns=list(rename))
    else:
        types = {h: _TEXT for h in rename}
        types[source.columns["value"]] = _value_type(value_text)
        if typed_times:
            types[source.columns["timestamp"]] = time_type(source)
        batches = pcsv.open_csv(source.path, **_csv_options(source, types, BLOCK_BYTES))
    for batch in batches:
        yield batch.rename_columns([rename[h] for h in batch.schema.names])


def wide_table(source: Source, value_text: bool = False, typed_times: bool = True) -> pa.Table:
    """A wide file whole: its timestamp column and one column per meter."""
    if source.parquet:
        columns = [source.columns["timestamp"]] + [w.header for w in source.wide]
        return pq.read_table(source.path, columns=columns)
    types = {source.columns["timestamp"]: time_type(source) if typed_times else _TEXT}
    types.update({w.header: _value_type(value_text) for w in source.wide})
    return pcsv.read_csv(source.path, **_csv_options(source, types, BLOCK_BYTES))
