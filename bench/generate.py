"""Deterministic SYNTHETIC xctrace-shaped export for the reader benchmark.

The rows imitate a Time Profiler ``time-profile`` table with xctrace's interning: a value's
first occurrence carries ``id``, later ones are ``ref``; threads nest their tid and process
(which nests its pid); frames nest their binary; repeated strings (states), durations
(weights) and whole backtraces come back as refs. Two layouts:

- ``backtrace`` (Xcode 14.3+): ``<backtrace fmt="top ← (N other frames)">`` holding frames;
- ``tagged`` (Xcode 26.4.1, as in the real ``openjdk__jmh__*xcode26.4.1`` exports):
  ``<tagged-backtrace fmt=…>`` wrapping a ``<backtrace>`` without fmt, then a ``<uint64>`` tag.
"""

from __future__ import annotations

import random
from pathlib import Path

HEADER = """<?xml version="1.0"?>
<trace-query-result>
<node xpath='//trace-toc[1]/run[1]/data[1]/table[11]'><schema name="time-profile" \
documentation="SYNTHETIC benchmark data"><col><mnemonic>time</mnemonic><name>Sample Time</name>\
<engineering-type>sample-time</engineering-type></col><col><mnemonic>thread</mnemonic>\
<name>Thread</name><engineering-type>thread</engineering-type></col><col><mnemonic>process\
</mnemonic><name>Process</name><engineering-type>process</engineering-type></col><col>\
<mnemonic>core</mnemonic><name>Core</name><engineering-type>core</engineering-type></col><col>\
<mnemonic>thread-state</mnemonic><name>State</name><engineering-type>thread-state\
</engineering-type></col><col><mnemonic>weight</mnemonic><name>Weight</name><engineering-type>\
weight</engineering-type></col><col><mnemonic>stack</mnemonic><name>Backtrace</name>\
<engineering-type>{stack}</engineering-type></col></schema>
"""
FOOTER = "</node></trace-query-result>\n"
STATES = ("Running", "Blocked", "Runnable", "Preempted")
WEIGHTS = (1_000_000, 250_000, 500_000, 2_000_000)
BINARIES = ("CoreML", "Espresso", "ANECompiler", "Metal", "libdispatch.dylib", "MyApp", "dyld")


class _Ids:
    def __init__(self) -> None:
        self.next = 1

    def take(self) -> int:
        n = self.next
        self.next += 1
        return n


def generate(path: Path, rows: int, seed: int = 7, layout: str = "backtrace") -> int:
    """Write ``rows`` rows to ``path``; returns the file size in bytes."""
    tagged = layout == "tagged"
    stack_tag = "tagged-backtrace" if tagged else "backtrace"
    tags: dict[int, int] = {}
    rnd = random.Random(seed)
    ids = _Ids()
    procs: dict[int, int] = {}  # pid -> process element id
    threads: dict[int, int] = {}  # tid -> thread id
    cores: dict[int, int] = {}
    states: dict[str, int] = {}
    weights: dict[int, int] = {}
    frames: dict[int, int] = {}  # frame number -> id
    binaries: dict[str, int] = {}
    stacks: list[int] = []
    t = 1_000_000
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.replace("{stack}", stack_tag))
        buf: list[str] = []
        for _ in range(rows):
            t += rnd.randint(50_000, 1_500_000)
            pid = rnd.choice((1234, 1234, 1234, 88, 0))
            tid = pid * 1000 + rnd.randint(0, 40)
            cells = [f'<sample-time id="{ids.take()}" fmt="{_fmt_time(t)}">{t}</sample-time>']
            cells.append(_thread(ids, threads, procs, tid, pid))
            cells.append(_process(ids, procs, pid))
            core = rnd.randint(0, 5)
            cells.append(_simple(ids, cores, core, "core", f"CPU {core} (P Core)", str(core)))
            state = rnd.choice(STATES)
            cells.append(_simple(ids, states, state, "thread-state", state, state))
            w = rnd.choice(WEIGHTS)
            cells.append(_simple(ids, weights, w, "weight", f"{w / 1e6:.2f} ms", str(w)))
            if stacks and rnd.random() < 0.35:
                cells.append(f'<{stack_tag} ref="{rnd.choice(stacks)}"/>')
            elif tagged:
                cells.append(_tagged(rnd, ids, frames, binaries, stacks, tags))
            else:
                cells.append(_backtrace(rnd, ids, frames, binaries, stacks))
            buf.append("<row>" + "".join(cells) + "</row>\n")
            if len(buf) >= 5000:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))
        out.write(FOOTER)
    return path.stat().st_size


def _fmt_time(t: int) -> str:
    s, ns = divmod(t, 1_000_000_000)
    return f"{s // 60:02d}:{s % 60:02d}.{ns // 1_000_000:03d}.{ns // 1000 % 1000:03d}"


def _simple(ids: _Ids, seen: dict, key: object, tag: str, fmt: str, text: str) -> str:
    if key in seen:
        return f'<{tag} ref="{seen[key]}"/>'
    seen[key] = n = ids.take()
    return f'<{tag} id="{n}" fmt="{fmt}">{text}</{tag}>'


def _process(ids: _Ids, procs: dict[int, int], pid: int) -> str:
    if pid in procs:
        return f'<process ref="{procs[pid]}"/>'
    procs[pid] = n = ids.take()
    return (
        f'<process id="{n}" fmt="proc{pid} ({pid})"><pid id="{ids.take()}" fmt="{pid}">{pid}</pid>'
        f'<device-session id="{ids.take()}" fmt="TODO">TODO</device-session></process>'
    )


def _thread(ids: _Ids, threads: dict[int, int], procs: dict[int, int], tid: int, pid: int) -> str:
    if tid in threads:
        return f'<thread ref="{threads[tid]}"/>'
    threads[tid] = n = ids.take()
    tid_cell = f'<tid id="{ids.take()}" fmt="{tid:#x}">{tid}</tid>'
    return (
        f'<thread id="{n}" fmt="Thread {tid:#x} (proc{pid}, pid: {pid})">{tid_cell}'
        f"{_process(ids, procs, pid)}</thread>"
    )


def _tagged(
    rnd: random.Random, ids: _Ids, frames: dict, binaries: dict, stacks: list, tags: dict
) -> str:
    n = ids.take()
    stacks.append(n)
    inner = _backtrace(rnd, ids, frames, binaries, [], fmt=False)
    label = inner[inner.index("\x00") + 1 :]
    inner = inner[: inner.index("\x00")]
    tag = rnd.choice((0, 0, 0, 1))
    if tag in tags:
        tag_cell = f'<uint64 ref="{tags[tag]}"/>'
    else:
        tags[tag] = t = ids.take()
        tag_cell = f'<uint64 id="{t}" fmt="{tag}">{tag}</uint64>'
    return f'<tagged-backtrace id="{n}" fmt="{label}">{inner}{tag_cell}</tagged-backtrace>'


def _backtrace(
    rnd: random.Random, ids: _Ids, frames: dict, binaries: dict, stacks: list, fmt: bool = True
) -> str:
    n = ids.take()
    stacks.append(n)
    depth = rnd.randint(4, 14)
    parts = []
    top = ""
    for _ in range(depth):
        f = int(rnd.paretovariate(1.2)) % 3000
        top = top or f"{BINARIES[f % len(BINARIES)]}::function_{f}(int)"
        if f in frames:
            parts.append(f'<frame ref="{frames[f]}"/>')
            continue
        frames[f] = fid = ids.take()
        lib = BINARIES[f % len(BINARIES)]
        if lib in binaries:
            binary = f'<binary ref="{binaries[lib]}"/>'
        else:
            binaries[lib] = bid = ids.take()
            binary = (
                f'<binary id="{bid}" name="{lib}" UUID="00000000-0000-0000-0000-{bid:012d}" '
                f'arch="arm64e" load-addr="0x1000" path="/usr/lib/{lib}"/>'
            )
        parts.append(f'<frame id="{fid}" name="{lib}::function_{f}(int)" addr="{0x1000 + f:#x}">'
                     f"{binary}</frame>")
    label = f"{top} ← ({depth - 1} other frames)"
    if not fmt:  # Xcode 26: the inner backtrace has no fmt; the label goes on the tagged one
        return f'<backtrace id="{n}">' + "".join(parts) + "</backtrace>\x00" + label
    return f'<backtrace id="{n}" fmt="{label}">' + "".join(parts) + "</backtrace>"
