"""Parse the textual MIL program (``model.mil``) of a compiled model into :class:`Op` records.

One op per line, as Core ML's compiler writes it::

    tensor<fp16, [64, 64, 1, 1]> w = constexpr_lut_to_dense()[indices = tensor<uint8, [3072]>(
        BLOBFILE(...)), lut = tensor<fp16, [64]>(BLOBFILE(...)), name = ..., shape = ...];
    tensor<fp16, [1, 256, 1, 512]> e = einsum(equation = eq, values = (k, q))[name = string("e")];

Both the ``program(1.0)`` spelling (``tensor<string, []>("x")``) and the ``program(1.3)`` one
(``string("x")``) are accepted. The file is streamed line by line and never loaded whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from profiler.errors import ModelFormatError
from profiler.model.ops import Op, Var

# The file is untrusted: every pattern is linear in the line's length. Each starts at a word
# boundary (no retry from inside a long word), bounds what it scans for a shape, and the op
# line itself is split by str.find rather than by lazy ``.*?`` groups (cubic on crafted lines).
_OP_HEAD = re.compile(r"\s=[ \t]*+([a-z_][a-z0-9_]*+)\(")
_LHS_VAR = re.compile(
    r"\b(?:tensor<\s*+(\w++)\s*+,\s*+\[([^\]\[<>]{0,4096})\]\s*+>|(\w++))\s++([A-Za-z_]\w*+)"
)
_TUPLE_ARG = re.compile(r"\b(\w++)\s*+=\s*+\(([^()]*+)\)")
_REF_ARG = re.compile(r"\b(\w++)\s*+=\s*+([A-Za-z_]\w*+)(?!\s*+[<(])")
_TYPED_ATTR = re.compile(
    r"\b(\w++)\s*+=\s*+tensor<\s*+(\w++)\s*+,\s*+\[([^\]\[<>]{0,4096})\]\s*+>\("
)
_FUNC = re.compile(r"^\s*func\s+(\w+)\s*<\s*(\w+)\s*>")
_MAX_LINE = 64 * 1024 * 1024  # an inline literal larger than this is not a model we know


def read_ops(path: Path) -> tuple[list[Op], str | None]:
    """All ops of the first function, and its opset (e.g. ``ios17``)."""
    ops: list[Op] = []
    opset: str | None = None
    seen_program = False
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(_lines(handle, path), start=1):
                stripped = line.strip()
                if not seen_program and stripped:
                    if not stripped.startswith("program("):
                        raise ModelFormatError(
                            "model.mil does not start with program(…)",
                            hint="the compiled model is damaged; recompile it",
                            path=path,
                            line=number,
                        )
                    seen_program = True
                    continue
                func = _FUNC.match(line)
                if func:
                    if opset is not None:
                        break  # multifunction model: the first function is described
                    opset = func.group(2)
                    continue
                op = parse_line(line)
                if op is not None:
                    ops.append(op)
    except OSError as exc:
        raise ModelFormatError(f"cannot read model.mil ({exc.strerror})", path=path,
                               hint="recompile the model (xcrun coremlcompiler compile) or copy it again") from None
    return ops, opset


def _lines(handle: object, path: Path) -> Iterator[str]:
    while True:
        line = handle.readline(_MAX_LINE)  # type: ignore[attr-defined]
        if not line:
            return
        if len(line) >= _MAX_LINE and not line.endswith("\n"):
            raise ModelFormatError("model.mil has a line over 64 MiB", path=path,
                                   hint="recompile the model (xcrun coremlcompiler compile) or copy it again")
        yield line


def parse_line(line: str) -> Op | None:
    """One op line -> :class:`Op`; None for anything else (braces, headers, returns)."""
    parts = split_op_line(line.strip())
    if parts is None:
        return None
    lhs, op_type, args, attrs = parts
    outputs = tuple(
        Var(name=m.group(4), dtype=m.group(1) or m.group(3), shape=_shape(m.group(2)))
        for m in _LHS_VAR.finditer(lhs)
    )
    if not outputs:
        return None
    inputs: dict[str, tuple[str, ...]] = {}
    for m in _TUPLE_ARG.finditer(args):
        inputs[m.group(1)] = tuple(p.strip() for p in m.group(2).split(",") if p.strip())
    for m in _REF_ARG.finditer(_TUPLE_ARG.sub("", args)):
        inputs.setdefault(m.group(1), (m.group(2),))
    # iOS 16 constexpr ops carry lut/indices as attributes, iOS 18 ones as inline arguments.
    typed = {
        m.group(1): Var(name=m.group(1), dtype=m.group(2), shape=_shape(m.group(3)))
        for m in _TYPED_ATTR.finditer(args + ", " + attrs)
    }
    return Op(
        type=op_type,
        outputs=outputs,
        inputs=inputs,
        typed_attrs=typed,
        blob="BLOBFILE(" in attrs or "BLOBFILE(" in args,
    )


def split_op_line(line: str) -> tuple[str, str, str, str] | None:
    """``lhs = type(args)[attrs];`` -> its four parts, in time linear in the line's length.

    The first ``= type(`` ends the left-hand side; the arguments end at the first ``)[``; the
    attributes run to the ``]`` that ends the line (before an optional ``;``).
    """
    body = line[:-1].rstrip() if line.endswith(";") else line
    if not body.endswith("]"):
        return None
    head = _OP_HEAD.search(body)
    if head is None:
        return None
    close = body.find(")[", head.end())
    if close < 0 or close + 1 >= len(body) - 1:
        return None
    return body[: head.start()], head.group(1), body[head.end():close], body[close + 2: -1]


def _shape(text: str | None) -> tuple[int | None, ...] | None:
    if text is None:
        return None
    dims = [d.strip() for d in text.split(",") if d.strip()]
    return tuple(dim(d) for d in dims) or None


#: A dimension above this is not a real tensor's (and would overflow the size estimates).
MAX_DIM = 1 << 40


def dim(text: str) -> int | None:
    """A shape dimension from untrusted text: ASCII digits up to :data:`MAX_DIM`, else None
    (``"²"`` is a digit to ``str.isdigit`` but not to ``int``; 5,000 digits would not parse)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 13:
        return None
    value = int(text)
    return value if value <= MAX_DIM else None
