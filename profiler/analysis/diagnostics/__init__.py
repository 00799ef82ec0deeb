"""Failure triage: known Core ML / Neural Engine / memory failures in logs, crash reports and
metrics.

Signatures live in ``signatures.json`` (patterns, codes, links, advice). Entry points:

- :func:`scan_lines`, :func:`scan_log_file`: text lines and text logs (``devicectl --console``);
- :func:`scan_ips`, :func:`read_jetsam`: ``.ips`` crash reports, JetsamEvent facts;
- :func:`scan_os_log`: the Instruments log table;
- :func:`metric_findings`: near-jetsam-limit, silent-ane-fallback, slow-uncached-load,
  coreml-table-empty, thermal-throttling;
- :func:`group`: de-duplication with counts and first/last times;
- :func:`diagnose` (a loaded run) and :func:`triage_files` (bare files).

Nothing here imports pandas at module level.
"""

from __future__ import annotations

from profiler.analysis.diagnostics.grouping import group, normalise
from profiler.analysis.diagnostics.ips import JetsamReport, read_jetsam, scan_ips
from profiler.analysis.diagnostics.metrics import metric_findings
from profiler.analysis.diagnostics.oslog import scan_os_log
from profiler.analysis.diagnostics.run import diagnose, measured_jetsam_limit, triage_files
from profiler.analysis.diagnostics.signatures import findings, signatures
from profiler.analysis.diagnostics.text import scan_lines, scan_log_file

__all__ = [
    "JetsamReport",
    "diagnose",
    "findings",
    "group",
    "measured_jetsam_limit",
    "metric_findings",
    "normalise",
    "read_jetsam",
    "scan_ips",
    "scan_lines",
    "scan_log_file",
    "scan_os_log",
    "signatures",
    "triage_files",
]
