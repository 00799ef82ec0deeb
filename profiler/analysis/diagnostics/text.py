"""Text logs: ``devicectl --console`` output, Xcode console copies, ``log``/syslog dumps."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from profiler.analysis.diagnostics.signatures import recognise
from profiler.analysis.summary import Diagnostic
from profiler.errors import InputError
from profiler.inputs import MAX_LOG_BYTES, open_input, open_input_text

#: Bytes inspected for NUL characters before a file is treated as text.
_SNIFF_BYTES = 64 * 1024


def scan_lines(
    lines: Iterable[str], source: str, times: Iterable[float | None] | None = None
) -> list[Diagnostic]:
    """Diagnostics for text lines from ``source``; ``times`` gives each line's time in seconds.

    Evidence names ``source:<line number>``. Without ``times`` every time is None.
    """
    stamps = itertools.chain(times, itertools.repeat(None)) if times is not None else None
    items = (
        (line, f"{source}:{number}", next(stamps) if stamps is not None else None, None)
        for number, line in enumerate(lines, start=1)
    )
    return recognise(items, source)


def check_text_file(path: str | Path, *, inside: str | Path | None = None) -> Path:
    """The path of a readable text file, or an InputError naming what is wrong with it.

    ``inside``: the folder the file was found in; a link leading outside it is not followed.
    """
    p = Path(path)
    if p.is_dir():
        raise InputError(
            "is a folder, not a log file", path=p, hint="pass the files inside it, e.g. DIR/*.ips"
        )
    with open_input(p, what="log", max_bytes=MAX_LOG_BYTES, inside=inside) as handle:
        try:
            head = handle.read(_SNIFF_BYTES)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=p,
                             hint="check the path and its permissions") from None
    if b"\x00" in head:
        raise InputError(
            "is a binary file, not a text log",
            path=p,
            hint="pass a text log (devicectl --console output, a console copy) or an .ips report",
        )
    return p


def scan_log_file(path: str | Path, *, source: str | None = None,
                  inside: str | Path | None = None) -> list[Diagnostic]:
    """Scan a text log line by line. Lines carry no times (a log's clock is not the trace's).

    Raises InputError for a missing, unreadable, folder, binary or non-regular file, a file
    over the size cap, or (with ``inside``) a link leading outside that folder. Undecodable
    bytes are replaced rather than rejected: console captures often mix encodings.
    """
    p = check_text_file(path, inside=inside)
    label = source or p.name
    try:
        with open_input_text(p, what="log", max_bytes=MAX_LOG_BYTES, inside=inside) as handle:
            return scan_lines(handle, label)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=p,
                         hint="check the path and its permissions") from None
