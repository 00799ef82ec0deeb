"""The environment check of compare(), and reading compute units / model from run.json."""

from __future__ import annotations

from dataclasses import replace

from profiler.analysis.compare import CompareInput, compare, environment_from_run_json
from profiler.runrecord import RunRecord
from tests.analysis.compare_summaries import make_summary


def _run(options: dict | None) -> RunRecord:
    return RunRecord.from_dict({"format": "coreml-profiler.run", "version": 1, "name": "r",
                                "status": "complete", "recordings": [], "options": options})


def _env(result) -> dict[str, object]:
    return {field.name: field for field in result.environment}


def test_identical_environments_give_no_warning() -> None:
    result = compare([("a", make_summary("a", seed=1), None), ("b", make_summary("b", seed=2), None)])
    assert result.warnings == ()
    assert not any(field.differs for field in result.environment)
    assert _env(result)["device"].values == (("a", "iPhone 13 Pro Max (iPhone14,3)"),
                                             ("b", "iPhone 13 Pro Max (iPhone14,3)"))


def test_device_os_instruments_and_thermal_differences_are_shown() -> None:
    a = make_summary("a", seed=1)
    b = make_summary("b", seed=2, model="iPhone 15 Pro", product_type="iPhone16,1",
                     os_version="18.1 (22B83)", instruments_version="16.0 (16A242d)",
                     thermal=("nominal", "fair", "serious"))
    result = compare([("v15", a, None), ("v21", b, None)])
    assert result.warnings == (
        "Device differs between runs (v15: iPhone 13 Pro Max (iPhone14,3); "
        "v21: iPhone 15 Pro (iPhone16,1))",
        "OS build differs between runs (v15: iOS 17.0 (21A329); v21: iOS 18.1 (22B83))",
        "Instruments version differs between runs (v15: 15.0 (15A240d); v21: 16.0 (16A242d))",
        "Worst thermal state differs between runs (v15: nominal; v21: serious)",
        "v21 reached thermal state serious: its step times may be throttled",
    )
    env = _env(result)
    assert env["thermal"].values == (("v15", "nominal"), ("v21", "serious"))
    assert not env["compute_units"].differs and not env["model"].differs


def test_compute_units_and_model_come_from_run_json() -> None:
    a, b = make_summary("a", seed=1), make_summary("b", seed=2)
    env_a = environment_from_run_json(_run({"model": "sd15-palettized-6bit",
                                            "compute_units": "cpuAndNeuralEngine"}))
    # Passed to the app with --env rather than --model / --compute-units.
    env_b = environment_from_run_json(_run({"env": ["PROFILER_MODEL=sd21",
                                                    "PROFILER_COMPUTE_UNITS=all"]}))
    assert env_a == {"model": "sd15-palettized-6bit", "compute_units": "cpuAndNeuralEngine"}
    assert env_b == {"model": "sd21", "compute_units": "all"}
    result = compare([CompareInput("a", a, None, env_a), CompareInput("b", b, None, env_b)])
    assert result.warnings == (
        "Compute units differs between runs (a: cpuAndNeuralEngine; b: all)",
        "Model differs between runs (a: sd15-palettized-6bit; b: sd21)",
    )


def test_an_unknown_value_on_one_side_is_not_a_difference() -> None:
    a, b = make_summary("a", seed=1), make_summary("b", seed=2)
    b = replace(b, device=replace(b.device, os_version=None, platform=None))
    result = compare([("a", a, None), ("b", b, None)])
    assert _env(result)["os_build"].values == (("a", "iOS 17.0 (21A329)"), ("b", None))
    assert result.warnings == ()


def test_run_json_without_the_facts_gives_nothing() -> None:
    assert environment_from_run_json(None) == {}
    assert environment_from_run_json(_run(None)) == {}
    assert environment_from_run_json(_run({"model": None, "compute_units": None})) == {}


def test_the_option_wins_over_the_same_value_passed_with_env() -> None:
    # device/options.py: the app contract (--model) overrides a user --env PROFILER_MODEL.
    run = _run({"model": "sd15", "env": ["PROFILER_MODEL=sdxl", "OTHER=1"]})
    assert environment_from_run_json(run) == {"model": "sd15"}


def test_a_model_named_on_one_side_only_is_not_compared_with_loaded_model_names() -> None:
    a, b = make_summary("a", seed=1), make_summary("b", seed=2)
    result = compare([CompareInput("a", a, None, {"model": "sd15"}), CompareInput("b", b)])
    assert _env(result)["model"].values == (("a", "sd15"), ("b", None))
    assert result.warnings == ()
    plain = compare([("a", a, None), ("b", b, None)])
    assert _env(plain)["model"].values[0] == ("a", "loaded: TextEncoder, Unet, VAEDecoder")
