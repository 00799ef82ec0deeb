"""What a bug issue needs, as view values: the run's settings and versions, and one row per
image (end-to-end seconds, time from launch to the first step, thermal state).

Every reporter reads these; a value that was not recorded reads :data:`NOT_RECORDED`, one that
could not be measured :data:`NOT_MEASURED`, so a blank is never mistaken for a zero.
"""

from __future__ import annotations

from profiler.analysis.result import Analysis
from profiler.analysis.summary import Environment, Summary
from profiler.report import fmt
from profiler.report.view import Table

NOT_RECORDED = "not recorded"
NOT_MEASURED = "not measured"


def _recorded(value: object) -> str:
    if value is None:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def bits_text(env: Environment) -> str:
    """``6.16 (palettized: 6 bits)`` from the UNet's effective and palette bits."""
    if env.bits is None:
        return NOT_RECORDED
    pal = "/".join(f"{b:g}" for b in env.palettized_bits)
    return f"{env.bits:g}" + (f" (palettized: {pal} bits)" if pal else " (not palettized)")


def settings(analysis: Analysis) -> tuple[tuple[str, str], ...]:
    """(label, value) rows of the run's settings and versions, after the device rows."""
    e = analysis.summary.environment
    return (
        ("Compute units", _recorded(e.compute_units)),
        ("Pipeline", _recorded(e.pipeline)),
        ("Attention", _recorded(e.attention)),
        ("Bits per weight (UNet)", bits_text(e)),
        ("Resolution", _recorded(e.resolution)),
        ("Chunked UNet", _recorded(e.chunked)),
        ("Steps", _recorded(e.steps)),
        ("Scheduler", _recorded(e.scheduler)),
        ("Seed", _recorded(e.seed)),
        ("Guidance scale", _recorded(e.guidance)),
        ("reduceMemory", _recorded(e.reduce_memory)),
        ("Prompt", _recorded(e.prompt)),
        ("Host macOS", _recorded(e.host_os)),
        ("Xcode", _recorded(e.xcode)),
        ("ml-stable-diffusion", _recorded(e.ml_stable_diffusion)),
        ("Recorded with", _recorded(e.run_command)),
        ("Report command", _recorded(e.report_command)),
    )


#: the sentence under the per-image table (docs/analysis.md, "Per image")
IMAGES_NOTE = ("End-to-end: from the start of the image's text encoding to the end of its "
               "decoding, model loads before it excluded, as Apple's ml-stable-diffusion tables "
               "quote it; “not measured” when the app recorded no text-encoding or decoding "
               "interval for the image. Launch to first step: from the launch's first row in a "
               "table that names its pid to the start of its first step.")


def images_table(summary: Summary) -> Table:
    """One row per image: end-to-end seconds, stages, launch to first step, thermal state."""
    rows = []
    for rec in summary.recordings:
        t = rec.thermal
        start = fmt.text(t.start) if t and t.start else NOT_MEASURED
        end = fmt.text(t.end) if t and t.end else NOT_MEASURED
        for la in rec.launches:
            for g in la.generations:
                first = (fmt.seconds(la.first_step_after_s) if la.first_step_after_s is not None
                         else NOT_MEASURED) if g.number == 1 else ""
                e2e = fmt.seconds(g.end_to_end_s) if g.end_to_end_s is not None else NOT_MEASURED
                rows.append((rec.name, str(la.number), str(g.number), e2e,
                             fmt.seconds(g.stages.text_encode_s), fmt.seconds(g.stages.denoise_s),
                             fmt.seconds(g.stages.decode_s), first, start, end))
    return Table(("Recording", "Launch", "Image", "End-to-end", "Text encode", "Denoise",
                  "Decode", "Launch to first step", "Thermal at start", "Thermal at end"),
                 tuple(rows))


def baseline_line(analysis: Analysis) -> str | None:
    """The published figure beside the measured one, or why it is not compared; None when no
    published figure exists for the device."""
    match = analysis.baseline
    if match is None:
        return None
    b = match.baseline
    if any(d.setting == "pipeline" and d.run is None for d in match.differences):
        # without the pipeline any entry is a guess (an SD 1.5 run beside an SDXL figure)
        return ("published figures exist for this device; not compared: this run does not record "
                "the model pipeline (pass --model-path to inspect the model).")
    published = [f"{b.steps_per_s:g} it/s" if b.steps_per_s is not None else None,
                 f"{b.end_to_end_s:g} s end-to-end" if b.end_to_end_s is not None else None]
    head = f"published: {', '.join(p for p in published if p)} ({b.label})"
    if not match.comparable:
        differ = [f"{d.setting} ({d.run}; published {d.published})"
                  for d in match.differences if d.run is not None]
        unknown = [d.setting for d in match.differences if d.run is None]
        why = []
        if differ:
            why.append("this run differs in " + ", ".join(differ))
        if unknown:
            why.append("this run does not record " + ", ".join(unknown))
        return f"{head}; not compared: {'; '.join(why)}."
    measured = []
    if match.steps_ratio is not None:
        measured.append(f"measured {fmt.rate(match.steps_per_s)} = "
                        f"{match.steps_ratio:.2f}× published")
    if match.end_to_end_ratio is not None:
        measured.append(f"end-to-end {fmt.seconds(match.end_to_end_s)} = "
                        f"{match.end_to_end_ratio:.2f}× published")
    return f"{head}; " + ("; ".join(measured) or "no measured figure to compare") + "."
