"""Load the 21-million-row meter case with pyarrow, polars and duckdb, and with parkopt's own
read and clean stages: wall time and peak memory of each, every run in a fresh process.

    python benchmarks/inventory.py [--repeats 3] [--cache DIR] [--firms 200] [--only ENGINE ...]

The case: 200 firms with one electricity, one gas and one heat meter each over a 15-minute
year, 200 x 3 x 35,136 = 21.1 million readings, made once by
``parkopt.optimizer.inventory.example.make_example`` (``every_carrier=True``, no defects: gas
meters are registers, so their files have a ``kind`` column; one firm's timestamps carry
+08:00; one firm's electricity is in MWh) as CSV and as Parquet, 600 files each, into the
cache folder (default: the system's temporary folder) and reused after.

Every engine loads all files into one in-memory table: firm, meter, carrier, unit and kind as
categorical (dictionary) text, kind empty where a file has none, value float64, timestamp as
UTC instants (naive times are Asia/Shanghai). Each run is a subprocess (``--one ENGINE
FORMAT``): the wall time of the load (imports excluded) and the process's peak resident set
size (VmHWM; "base" is the peak after the imports). ``duckdb-union`` is
duckdb's one-liner (``union_by_name``), ``duckdb`` names the columns and pads the missing
``kind`` (the fast way). duckdb is not a project dependency (``pip install duckdb``).
``parkopt`` is ``read.read_meters`` then ``clean.meter_hours``. The files are read once before
each run (a warm page cache: the times are parsing, not the disk). Medians of the repeats,
ratios to pyarrow on the same format, all measured in this one run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZONE = "Asia/Shanghai"
TEXT = ("firm", "meter", "carrier", "unit", "kind")
IMPORTS = {
    "pyarrow": ("pyarrow.dataset", "pyarrow.parquet", "pyarrow.compute", "pyarrow.csv"),
    "polars": ("polars",),
    "duckdb": ("duckdb",),
    "duckdb-union": ("duckdb",),
    "parkopt": ("parkopt.optimizer.inventory.read", "parkopt.optimizer.inventory.clean"),
}
FORMATS = ("csv", "parquet")
RUN_TIMEOUT_S = 1800


def load_pyarrow(folder: Path, fmt: str) -> int:
    """pyarrow.dataset over the CSV files (timestamps as text, parsed once per distinct
    text); Parquet file by file with dictionary columns, each file's times made UTC."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    text = pa.dictionary(pa.int32(), pa.string())
    files = sorted(folder.glob(f"*.{fmt}"))
    if fmt == "csv":
        fields = [(k, text) for k in TEXT] + [("timestamp", pa.string()), ("value", pa.float64())]
        options = pacsv.ConvertOptions(column_types=dict(fields), auto_dict_encode=True)
        schema = pa.schema(fields)
        table = ds.dataset(files, format=ds.CsvFileFormat(convert_options=options), schema=schema)
        table = table.to_table()
        codes = pc.dictionary_encode(table["timestamp"]).combine_chunks()
        naive = pc.strptime(codes.dictionary, "%Y-%m-%d %H:%M:%S", "s", error_is_null=True)
        offset = pc.strptime(codes.dictionary, "%Y-%m-%dT%H:%M:%S%z", "s", error_is_null=True)
        utc = pc.coalesce(pc.assume_timezone(naive, ZONE).cast(offset.type), offset)
        table = table.set_column(5, "timestamp", pc.take(utc, codes.indices))
        return table.num_rows
    parts, utc = [], pa.timestamp("ms", "UTC")
    for path in files:
        table = pq.read_table(path, read_dictionary=list(TEXT))
        ts = table["timestamp"]
        ts = (pc.assume_timezone(ts, ZONE) if ts.type.tz is None else ts).cast(utc)
        table = table.set_column(table.column_names.index("timestamp"), "timestamp", ts)
        if "kind" not in table.column_names:
            table = table.append_column("kind", pa.nulls(len(table), text))
        parts.append(table.select([*TEXT, "timestamp", "value"]))
    return pa.concat_tables(parts, promote_options="permissive").num_rows


def load_polars(folder: Path, fmt: str) -> int:
    """A lazy scan per file, concatenated by column name, categorical text."""
    import polars as pl

    files, ts = sorted(folder.glob(f"*.{fmt}")), pl.col("timestamp")
    utc = pl.Datetime("ms", "UTC")
    if fmt == "csv":
        types = {"timestamp": pl.String, "value": pl.Float64} | dict.fromkeys(TEXT, pl.Categorical)
        naive = ts.str.strptime(pl.Datetime("ms"), "%Y-%m-%d %H:%M:%S", strict=False)
        offset = ts.str.strptime(utc, "%Y-%m-%dT%H:%M:%S%z", strict=False)
        parsed = naive.dt.replace_time_zone(ZONE).dt.convert_time_zone("UTC")
        parsed = pl.when(ts.str.ends_with("+08:00")).then(offset).otherwise(parsed)
        frames = [pl.scan_csv(f, schema_overrides=types).with_columns(parsed) for f in files]
    else:
        frames = []
        for f in files:
            frame = pl.scan_parquet(f)
            aware = frame.collect_schema()["timestamp"].time_zone is not None
            local = ts if aware else ts.dt.replace_time_zone(ZONE)
            frames.append(frame.with_columns(local.dt.convert_time_zone("UTC").cast(utc)))
    table = pl.concat(frames, how="diagonal").with_columns(pl.col(TEXT).cast(pl.Categorical))
    return table.collect().height


def load_duckdb(folder: Path, fmt: str, union: bool = False) -> int:
    """One query into an in-memory table; timestamps cast to TIMESTAMPTZ in the park's zone."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{ZONE}'")
    if fmt == "parquet":
        source = f"read_parquet('{folder}/*.parquet', union_by_name = true)"
    elif union:
        types = "{'timestamp': 'VARCHAR', 'value': 'DOUBLE'}"
        source = f"read_csv('{folder}/*.csv', union_by_name = true, types = {types})"
    else:  # kind is the last column: files without it are padded with NULL
        names = ["firm", "meter", "carrier", "timestamp", "value", "unit", "kind"]
        cols = ", ".join(f"'{k}': '{'DOUBLE' if k == 'value' else 'VARCHAR'}'" for k in names)
        source = (
            f"read_csv('{folder}/*.csv', header = true, null_padding = true, "
            f"auto_detect = false, delim = ',', columns = {{{cols}}})"
        )
    con.execute(
        "CREATE TABLE readings AS SELECT firm, meter, carrier, unit, kind, value, "
        f"CAST(timestamp AS TIMESTAMPTZ) AS timestamp FROM {source}"
    )
    return con.execute("SELECT count(*) FROM readings").fetchone()[0]


def load_parkopt(folder: Path, fmt: str) -> tuple[int, dict]:
    """parkopt's pipeline: ``read.read_meters`` then ``clean.meter_hours`` (stage times)."""
    from parkopt.optimizer.inventory import clean, read

    manifest = json.loads((folder.parent / "manifest.json").read_text())
    t0 = time.perf_counter()
    readings = read.read_meters(folder, ZONE, steam_kwh_per_t=manifest["steam"]["kwh_per_t"])
    t1 = time.perf_counter()
    hours = clean.meter_hours(readings, manifest["year"], ZONE)
    stages = {"read": t1 - t0, "clean": time.perf_counter() - t1}
    stages |= {"problems": len(readings.problems), "meters": int(hours.values.shape[1])}
    return len(readings.frame), stages


LOADERS = {
    "pyarrow": load_pyarrow,
    "polars": load_polars,
    "duckdb": load_duckdb,
    "duckdb-union": lambda folder, fmt: load_duckdb(folder, fmt, union=True),
    "parkopt": load_parkopt,
}


def peak_mib() -> float:
    """This process's peak resident set size [MiB]: VmHWM where Linux gives it, because
    ``ru_maxrss`` keeps the parent's peak across fork and exec; else ``getrusage``."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(engine: str, fmt: str, folder: Path) -> dict:
    """One measured load in this process (the ``--one`` child)."""
    versions = {}
    for name in IMPORTS[engine]:
        importlib.import_module(name)
        top = name.split(".")[0]
        versions[top] = getattr(sys.modules[top], "__version__", "")
    base = peak_mib()
    t0 = time.perf_counter()
    out = LOADERS[engine](folder, fmt)
    seconds = time.perf_counter() - t0
    rows, stages = out if isinstance(out, tuple) else (out, {})
    peak = peak_mib()
    return {"rows": rows, "seconds": seconds, "peak_mib": peak, "base_mib": base,
            "stages": stages, "versions": versions}  # fmt: skip


def make_case(cache: Path, firms: int) -> dict[str, Path]:
    """The case's folders by format, generated once (timed) and reused."""
    from parkopt.optimizer.inventory.example import make_example  # not in the children

    folders = {}
    for fmt in FORMATS:
        folder = cache / f"inventory-{firms}firms-{fmt}"
        stamp = folder / "generated.json"
        now = not stamp.exists()
        if now:
            t0 = time.perf_counter()
            m = make_example(folder, firms=firms, every_carrier=True, defects=False,
                             file_format=fmt)  # fmt: skip
            info = {
                "seconds": time.perf_counter() - t0,
                "rows": m["rows"],
                "files": len(m["files"]),
            }
            info["bytes"] = sum(p.stat().st_size for p in (folder / "meters").iterdir())
            stamp.write_text(json.dumps(info))
        info = json.loads(stamp.read_text())
        print(f"{fmt:<8} {info['rows']:,} rows in {info['files']} files, "
              f"{info['bytes'] / 2**20:,.0f} MiB, generated in {info['seconds']:.1f} s "
              f"({'now' if now else f'earlier; cached in {folder.parent}'})",
              flush=True)  # fmt: skip
        folders[fmt] = folder / "meters"
    return folders


def warm(folder: Path) -> float:
    """Read every file once so that the runs time parsing, not the disk [s]."""
    t0 = time.perf_counter()
    for path in folder.iterdir():
        with open(path, "rb") as f:
            while f.read(1 << 24):
                pass
    return time.perf_counter() - t0


def measure(engine: str, fmt: str, folder: Path, repeats: int) -> dict | None:
    """Median of ``repeats`` child runs; None when the engine is not installed or failed."""
    runs = []
    for _ in range(repeats):
        warm(folder)
        cmd = [sys.executable, __file__, "--one", engine, fmt, str(folder)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        if done.returncode != 0:
            print(f"  {engine} {fmt}: failed: {done.stderr.strip().splitlines()[-1:]}")
            return None
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    out = {k: statistics.median(r[k] for r in runs) for k in ("seconds", "peak_mib", "base_mib")}
    stages = {k: statistics.median(r["stages"][k] for r in runs) for k in runs[0]["stages"]}
    return out | {"rows": runs[0]["rows"], "stages": stages, "versions": runs[0]["versions"]}


def print_table(results: dict, repeats: int) -> None:
    print(f"\nLoad into memory, median of {repeats} runs, each in a fresh process "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"{'engine':<13}{'format':<9}{'rows':>12}{'wall [s]':>10}{'vs pyarrow':>12}"
          f"{'peak RSS [MiB]':>16}{'base [MiB]':>12}")  # fmt: skip
    for (engine, fmt), r in results.items():
        ref = results.get(("pyarrow", fmt))
        ratio = f"{r['seconds'] / ref['seconds']:.2f}" if ref else "-"
        print(f"{engine:<13}{fmt:<9}{r['rows']:>12,}{r['seconds']:>10.2f}{ratio:>12}"
              f"{r['peak_mib']:>16,.0f}{r['base_mib']:>12,.0f}")  # fmt: skip
    for (engine, fmt), r in results.items():
        if r["stages"]:
            stages = (f"{k} {v:.2f} s" if k in ("read", "clean") else f"{k} {v}"
                      for k, v in r["stages"].items())  # fmt: skip
            print(f"{engine} {fmt} stages: " + ", ".join(stages))
    versions = {k: v for r in results.values() for k, v in r["versions"].items() if v}
    print("versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--firms", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "parkopt-bench")
    parser.add_argument("--only", nargs="+", choices=list(LOADERS), default=list(LOADERS))
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--one", nargs=3, metavar=("ENGINE", "FORMAT", "FOLDER"))
    args = parser.parse_args(argv)
    if args.one:
        engine, fmt, folder = args.one
        print(json.dumps(one(engine, fmt, Path(folder))))
        return
    folders = make_case(args.cache, args.firms)
    pipeline = all((ROOT / "optimizer/inventory" / f).exists() for f in ("read.py", "clean.py"))
    results = {}
    for engine in args.only:
        if engine == "parkopt" and not pipeline:
            print("parkopt: not measured: optimizer/inventory/read.py or clean.py is missing")
            continue
        for fmt in args.formats:
            r = measure(engine, fmt, folders[fmt], args.repeats)
            if r is not None:
                results[(engine, fmt)] = r
                print(
                    f"  {engine} {fmt}: {r['seconds']:.2f} s, {r['peak_mib']:,.0f} MiB", flush=True
                )
    print_table(results, args.repeats)


if __name__ == "__main__":
    main()
