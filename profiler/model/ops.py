"""The operations of an ML Program, format-neutral: what both readers produce.

The ``.mlpackage`` reader (:mod:`profiler.model.package`) and the ``model.mil`` reader
(:mod:`profiler.model.miltext`) build :class:`Op` lists; :mod:`profiler.model.program` and
:mod:`profiler.model.attention` read them. Kept apart so that neither of those imports the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Var:
    name: str
    dtype: str  # MIL text spelling: fp16, fp32, int32, uint8, uint4, …
    shape: tuple[int | None, ...] | None  # None: scalar or unknown rank

    @property
    def elements(self) -> int:
        if not self.shape:
            return 1
        return math.prod(d for d in self.shape if d is not None)


@dataclass(frozen=True)
class Op:
    type: str  # snake_case MIL op type, e.g. "constexpr_lut_to_dense"
    outputs: tuple[Var, ...]
    #: argument name -> names of the variables it references (empty for inline literals)
    inputs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: inline typed values (iOS 16 constexpr ops keep lut/indices as attributes)
    typed_attrs: dict[str, Var] = field(default_factory=dict)
    blob: bool = False  # a const whose value lives in the weight file
