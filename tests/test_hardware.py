"""The device catalog (profiler/hardware.json): CPU cores with sources, jetsam budgets."""

from __future__ import annotations

from profiler import hardware

GIB = 1024**3


def test_every_device_has_cpu_cores_and_a_source_for_them() -> None:
    for spec in hardware.all_devices():
        assert isinstance(spec.cpu_cores, int) and spec.cpu_cores > 0, spec.product_type
        assert spec.cpu_source and str(spec.cpu_cores) in spec.cpu_source, spec.product_type


def test_cpu_cores_of_known_chips() -> None:
    cores = {s.product_type: s.cpu_cores for s in hardware.all_devices()}
    assert cores["iPhone14,3"] == 6  # A15: 2 performance + 4 efficiency
    assert cores["iPad13,4"] == 8  # M1
    assert cores["iPad16,3"] == 9  # M4, base storage (10 cores only with 1-2 TB)


def test_jetsam_budgets_only_where_a_source_documents_one() -> None:
    assert hardware.jetsam_budget_bytes(6 * GIB) == int(2.8 * GIB)
    assert hardware.jetsam_budget_bytes(4 * GIB) == 2 * GIB
    for ram in (8, 12, 16):
        assert hardware.jetsam_budget_bytes(ram * GIB) is None  # no documented budget
    m1 = hardware.by_product_type("iPad13,4")
    assert m1 is not None and m1.ram_bytes == 8 * GIB and m1.jetsam_budget_bytes is None
    # a budget reported for one model stands even though its RAM class has none
    pro_max = hardware.by_product_type("iPhone18,2")
    assert pro_max is not None and pro_max.jetsam_budget_bytes == 4855 * 2**20
    assert "OGAM PR #613" in (pro_max.reported_jetsam_source or "")
