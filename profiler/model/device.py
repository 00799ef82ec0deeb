"""Resolve ``--device`` (catalog alias, marketing name or product type) for memory checks."""

from __future__ import annotations

from profiler import hardware as catalog
from profiler.errors import InputError
from profiler.model.types import DeviceContext
from profiler.units import whole_gib


def resolve_device(query: str) -> DeviceContext:
    """``iPhone14,3`` / ``iphone13promax`` -> one device; ``iphone13`` -> the family's smallest RAM.

    A family alias (``iphone13`` matches the 13 mini, 13, 13 Pro and 13 Pro Max) uses the
    member with the least RAM, because that is where memory runs out first; the note says so.
    """
    spec = catalog.by_product_type(query)
    note = None
    if spec is None:
        members = catalog.family(query)
        known = [m for m in members if m.ram_bytes]
        if len(members) > 1 and known:
            spec = min(known, key=lambda m: m.ram_bytes or 0)
            sizes = sorted({whole_gib(m.ram_bytes) for m in known})
            if len(sizes) > 1:
                note = (
                    f"{query} matches {len(members)} devices with "
                    f"{' and '.join(f'{s} GiB' for s in sizes)} of RAM; "
                    f"using the smallest, {spec.marketing_name} ({whole_gib(spec.ram_bytes)} GiB)"
                )
        elif members:
            spec = members[0]
        else:
            spec = catalog.by_name(query)
    if spec is None:
        raise InputError(
            f"unknown device {query!r}",
            hint="use a catalog name like iphone13promax, a family like iphone13, "
            "or a product type like iPhone14,3",
        )
    return DeviceContext(
        query=query,
        marketing_name=spec.marketing_name,
        product_type=spec.product_type,
        ram_bytes=spec.ram_bytes,
        jetsam_budget_bytes=spec.jetsam_budget_bytes,
        note=note,
    )

