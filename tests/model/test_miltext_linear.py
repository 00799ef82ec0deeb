"""model.mil lines are untrusted: parsing is linear in a line's length (issue 12 item 2).

The crafted lines are SYNTHETIC.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from profiler.model.miltext import parse_line, read_ops

CRAFTED = {
    "op heads": " = a(" + ")[" * 50_000,
    "heads and brackets": (" = a(" + ")[") * 50_000,
    "a long word": "x" * 500_000 + " = a(b)[c]",
    "open shapes": "tensor<fp16, [" * 30_000 + " = a()[x]",
    "open tuples": "a=(" * 50_000 + " = a(" + "b=c" * 50_000 + ")[]",
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_line_is_parsed_in_well_under_a_second(name: str) -> None:
    started = time.perf_counter()
    parse_line(CRAFTED[name])
    assert time.perf_counter() - started < 0.5, name  # was minutes: cubic backtracking


def test_inspect_reads_a_crafted_model_mil_quickly(tmp_path: Path) -> None:
    mil = tmp_path / "model.mil"
    mil.write_text("program(1.3)\n{\n  func main<ios17>() {\n" + CRAFTED["op heads"] + "\n"
                   + "    tensor<fp16, [1, 4]> y = relu(x = x)[name = string(\"y\")];\n  }\n}\n")
    started = time.perf_counter()
    ops, opset = read_ops(mil)
    assert time.perf_counter() - started < 1
    assert opset == "ios17"
    assert [(op.type, op.outputs[0].name, op.outputs[0].shape) for op in ops] == \
        [("relu", "y", (1, 4))]


def test_real_op_lines_still_parse() -> None:
    op = parse_line('tensor<fp16, [1, 256, 1, 512]> e = einsum(equation = eq, values = (k, q))'
                    '[name = string("e")];')
    assert op is not None and op.type == "einsum"
    assert op.inputs == {"values": ("k", "q"), "equation": ("eq",)}
    lut = parse_line('tensor<fp16, [64, 64, 1, 1]> w = constexpr_lut_to_dense()[indices = '
                     'tensor<uint8, [3072]>(BLOBFILE(path = string("@w"), offset = uint64(64))), '
                     'lut = tensor<fp16, [64]>(BLOBFILE(path = string("@w"), offset = uint64(9)))'
                     ', name = string("w"), shape = tensor<uint32, [4]>([64, 64, 1, 1])];')
    assert lut is not None and lut.blob
    assert sorted(lut.typed_attrs) == ["indices", "lut", "shape"]
    assert lut.typed_attrs["indices"].shape == (3072,)
