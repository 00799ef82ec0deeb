"""``profiler store query`` output: the result table as text, CSV, JSON or Parquet.

Text is an aligned table for the terminal (through the one terminal filter like everything the
CLI prints; at most :data:`MAX_TEXT_ROWS` rows, the rest is counted). CSV and JSON keep every
row, in the query's column order; times are ISO 8601, maps and lists JSON. Parquet keeps the
Arrow types and is written to a file only (binary).
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler.errors import InputError
from profiler.report.base import register_text

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("text", "csv", "json", "parquet")
EXTENSIONS = {".csv": "csv", ".json": "json", ".parquet": "parquet", ".txt": "text"}
MAX_TEXT_ROWS = 1000
MAX_CELL = 60


@dataclass(frozen=True, eq=False)
class QueryResult:
    sql: str
    table: pa.Table

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.table.to_pylist()


def output_format(fmt: str | None, output: str | None) -> str:
    """The format for ``--format`` and ``-o``: the option, else the extension, else text."""
    if fmt is None and output not in (None, "-"):
        fmt = EXTENSIONS.get(Path(output).suffix.lower())  # type: ignore[arg-type]
        if fmt is None:
            raise InputError("cannot tell the output format from the extension", path=output,
                             hint="use .csv, .json or .parquet, or pass --format")
    fmt = fmt or "text"
    if fmt == "parquet" and output in (None, "-"):
        raise InputError("Parquet is binary and cannot go to stdout",
                         hint="pass -o FILE.parquet")
    return fmt


def plain(value: Any) -> Any:
    """A cell as a JSON value: ISO times, maps as objects, NaN as null."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {str(k): plain(v) for k, v in value}  # an Arrow map
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    return value


def cell_text(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _text(result: QueryResult) -> str:
    names = result.table.column_names
    rows = result.table.slice(0, MAX_TEXT_ROWS).to_pylist()
    cells = [[_one_line(cell_text(row[n])) for n in names] for row in rows]
    numeric = [all(isinstance(plain(r[n]), int | float) or r[n] is None for r in rows)
               for n in names]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    out = [line(list(names)), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells]
    if result.table.num_rows > MAX_TEXT_ROWS:
        out.append(f"({result.table.num_rows - MAX_TEXT_ROWS} more rows; "
                   "use --format csv or json for all)")
    out.append(f"({result.table.num_rows} row{'s' * (result.table.num_rows != 1)})")
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.table.column_names)
    for row in result.rows:
        writer.writerow([cell_text(v) for v in row.values()])
    return buffer.getvalue()


def _json(result: QueryResult) -> str:
    rows = [{k: plain(v) for k, v in row.items()} for row in result.rows]
    return json.dumps(rows, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def write_parquet(result: QueryResult, target: str | Path, *, force: bool) -> None:
    """The result as a Parquet file (atomic, never over an existing file without ``force``)."""
    import pyarrow.parquet as pq

    from profiler.files import atomic_output

    with atomic_output(target, force=force, binary=True) as out:
        pq.write_table(result.table, out)


register_text("query", "text", ".txt", _text)
register_text("query", "csv", ".csv", _csv)
register_text("query", "json", ".json", _json)
