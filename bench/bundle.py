"""Bundle benchmark: `python -m bench.bundle [--rows N] [--repeat K]` (run by `make bench`).

Writes a SYNTHETIC ``.trace`` bundle (tests/trace/bundlegen.py: N os-signpost-interval rows
with nearly one distinct message per row, the reader's worst case, and N/2 cpu-profile rows with
backtraces) and the ``xctrace export`` XML of the same two tables (tests/trace/bundle_xml.py),
then times, in this one process and interleaved, (x) ``read_tables`` on both XML files and
(b) ``read_bundle`` of the same two schemas. pandas and lxml are imported before timing, so
neither pays for imports. Target: x/b >= 5 (reading the bundle at least 5 times faster).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.targets import record

TARGET = 5.0
SCHEMAS = {"os-signpost-interval", "cpu-profile"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import lxml.etree  # noqa: F401  (imported before timing)
    import pandas  # noqa: F401

    from profiler.trace import read_tables
    from profiler.trace.bundle import read_bundle
    from tests.trace import bundle_scenarios as sc
    from tests.trace.bundle_xml import write_xml
    from tests.trace.bundlegen import BundleWriter

    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        writer = BundleWriter()
        stores = [sc.signpost_intervals(writer, args.rows, steps=args.rows),
                  sc.cpu_profile(writer, args.rows // 2)]
        bundle = writer.write(folder / "bench.trace")
        xmls = [write_xml(s, folder / f"{s.schema}.xml") for s in stores]
        size = sum(p.stat().st_size for p in xmls) / 1e6
        print(f"SYNTHETIC bundle + XML: {args.rows} + {args.rows // 2} rows, XML {size:.1f} MB, "
              f"generated in {time.perf_counter() - t0:.1f} s")
        print(f"before: load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} CPUs")
        ratios = []
        for n in range(1, args.repeat + 1):
            t = time.perf_counter()
            rows_x = sum(t.row_count for p in xmls for t in read_tables(p))
            xml_s = time.perf_counter() - t
            t = time.perf_counter()
            contents = read_bundle(bundle, schemas=SCHEMAS)
            bundle_s = time.perf_counter() - t
            rows_b = sum(t.row_count for ts in contents.run(1).tables.values() for t in ts)
            if rows_b != rows_x:
                print(f"rows differ: bundle {rows_b}, XML {rows_x}")
                return 1
            ratios.append(xml_s / bundle_s)
            verdict = "OK" if ratios[-1] >= TARGET else "MISSED"
            print(f"pass {n}: (x) read_tables {xml_s:6.2f} s  (b) read_bundle {bundle_s:6.2f} s  "
                  f"rows {rows_b}  x/b = {ratios[-1]:.1f} (target >= {TARGET:.0f}) {verdict}")
        median = statistics.median(ratios)
        print(f"after: load average {os.getloadavg()[0]:.2f} (1 min)")
        print(f"x/b over {len(ratios)} pass(es): min {min(ratios):.1f}, median {median:.1f}, "
              f"max {max(ratios):.1f} (target >= {TARGET:.0f}) {'OK' if median >= TARGET else 'MISSED'}")
        record(f"  read_bundle against read_tables of the same tables' XML (issue 19): median "
               f"{median:.1f}x faster (min {min(ratios):.1f}; target >= {TARGET:.0f}x) "
               f"{'met' if median >= TARGET else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
