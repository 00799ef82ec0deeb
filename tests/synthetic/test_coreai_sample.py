"""The committed SYNTHETIC Core AI sample is what the generator writes, and says it is synthetic."""

from __future__ import annotations

import json
from pathlib import Path

from tests.synthetic.coreai import COMMENT
from tests.synthetic.coreai_sample import SAMPLE, write_sample

COMMITTED = Path(__file__).resolve().parents[2] / "traces" / SAMPLE


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_the_committed_sample_is_a_regeneration(tmp_path: Path) -> None:
    write_sample(tmp_path / SAMPLE)
    assert _files(tmp_path / SAMPLE) == _files(COMMITTED)


def test_the_sample_is_labelled_synthetic() -> None:
    toc = (COMMITTED / "run-1" / "toc.xml").read_text("utf-8")
    assert f"<!-- {COMMENT} -->" in toc and "Core AI (SYNTHETIC)" in toc
    assert json.loads((COMMITTED / "run.json").read_text("utf-8"))["synthetic"] is True
    assert "**This run is SYNTHETIC.**" in (COMMITTED / "README.md").read_text("utf-8")
    for table in (COMMITTED / "run-1").glob("*.xml"):
        assert "SYNTHETIC" in table.read_text("utf-8")[:400], table.name
