"""Markdown from `profiler inspect --format md` keeps model names and paths inert.

The hostile name is a folder name, which is all a user needs to control to reach the renderer.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from profiler.model import inspect_path
from profiler.report.inspection import render_markdown
from tests.fixtures.mlmodelc import generate as g

HOSTILE = "x|y <img src=x> @bob [l](javascript:1) `z"


def test_hostile_model_name_and_path_stay_inert(tmp_path: Path) -> None:
    folder = tmp_path / "a`b"
    folder.mkdir()
    model = shutil.copytree(g.HERE / "mixed-ios18.mlmodelc", folder / f"{HOSTILE}.mlmodelc")
    text = render_markdown(inspect_path(model))
    assert text.splitlines()[0] == f"## Model inspection: ``{model}``"
    row = next(line for line in text.splitlines() if line.startswith("| x"))
    # one table row: the name's pipes are escaped, so the row keeps the header's 10 cells
    assert row.count("|") - row.count("\\|") == 11
    # the report's one Markdown escaper: HTML-significant characters and pipes as entities
    assert row.startswith("| x&#124;y &lt;img src=x&gt; &#64;bob \\[l\\](javascript:1) &#96;z |")
    rest = "\n".join(text.splitlines()[1:])  # the heading's code span shows the path literally
    assert re.search(r"(?<!\\)<img", rest) is None and "@bob" not in rest
