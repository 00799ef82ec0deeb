"""The command line a command was given, rebuilt from its parsed parameters (for the report's
environment): ``profiler report RUN --model-path M --force``. Rebuilt rather than read from
``sys.argv`` so it is the same however the command was started (a console script, ``python -m
profiler``, a test runner); options left at their default are left out."""

from __future__ import annotations

from typing import Any


def command_line(ctx: Any) -> list[str]:
    """``ctx``'s command path after ``profiler``, its arguments and non-default options."""
    words = ctx.command_path.split()[1:]  # drop the program name
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.param_type_name == "argument":
            words += [str(v) for v in _many(value)]
        elif param.param_type_name == "option" and value not in (None, param.default, (), []):
            flag = max(param.opts, key=len)
            if getattr(param, "is_flag", False):
                words.append(flag)
            else:
                for v in _many(value):
                    words += [flag, str(v.value if hasattr(v, "value") else v)]
    return words


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]
