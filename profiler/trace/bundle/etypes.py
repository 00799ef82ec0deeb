"""Engineering types as a bundle spells them (``XR…TypeID``) and how their cells are stored.

A bundle's ``schema.xml`` names each column's type as an ``XR…TypeID``; ``xctrace export``
writes the same type as a kebab-case name (``start-time``, ``process``…), which is what the
XML reader's :class:`~profiler.trace.model.Column` holds and what decides a column's dtype
(:mod:`profiler.trace.values`). :data:`TYPES` maps one to the other and says how a cell's
integer becomes a value (:class:`Decode`).

``verified`` is True only where a real bundle and the ``xctrace export`` XML of the same
recording agree cell by cell (``tests/trace/test_bundle_conformance.py``). The others follow the
same storage rules but have no public non-empty fixture: names and encodings are a best reading
of the format and are reported as unverified.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Decode(StrEnum):
    """How a stored integer becomes a cell."""

    RAW = "raw"  # the integer itself (times in ns, counts, ids, cores)
    STRING = "string"  # an index into uniquing/strings
    PROCESS = "process"  # arrayUniquer [pid, device-session]; label "name (pid)"
    THREAD = "thread"  # arrayUniquer [tid, process]; label "name 0xtid (process, pid: N)"
    BACKTRACE = "backtrace"  # arrayUniquer chunks (process << 32 | frame array)
    LABEL = "label"  # typedArrayUniquer (type, value) pairs, printed and joined
    RETURN_LOCATION = "return-location"  # (arrayUniquer UUID << 32) | offset
    UUID = "uuid"  # arrayUniquer [high u64, low u64]
    BOOL = "bool"  # non-zero is True
    DOUBLE = "double"  # the u64 holds an IEEE 754 double


@dataclass(frozen=True)
class EType:
    name: str  # the xctrace export name
    decode: Decode
    verified: bool = False


def _types() -> dict[str, EType]:
    r, s, lab = Decode.RAW, Decode.STRING, Decode.LABEL
    verified = {
        "XRStartTimeTypeID": ("start-time", r),
        "XRDurationTypeID": ("duration", r),
        "XRLayoutIDTypeID": ("layout-id", r),
        "XRPrototypeStringTypeID": ("string", s),
        "XROSLogCategoryTypeID": ("category", s),
        "XROSLogSubsystemTypeID": ("subsystem", s),
        "XROSSignpostIdentifierTypeID": ("os-signpost-identifier", r),
        "XRProcessTypeID": ("process", Decode.PROCESS),
        "XRThreadTypeID": ("thread", Decode.THREAD),
        "XROSLogMetadataTypeID": ("os-log-metadata", lab),
        "XRReturnLocationTypeID": ("return-location", Decode.RETURN_LOCATION),
        "XRRecordedEventTimestampTypeID": ("event-time", r),
        "XROSLogEventTypeID": ("event-type", s),
        "XRSignpostNameTypeID": ("signpost-name", s),
        "XROSLogFormatStringTypeID": ("format-string", s),
        "XRSampleTimestampTypeID": ("sample-time", r),
        "XRCPUCoreTypeID": ("core", r),
        "XRThreadStateTypeID": ("thread-state", s),
        "XRCycleWeightTypeID": ("cycle-weight", r),
        "XRBacktraceTypeID": ("backtrace", Decode.BACKTRACE),
    }
    unverified = {
        # Only sentinels in the real pair: the value encoding is a guess (as a backtrace).
        "XRTextBacktraceTypeID": ("text-backtrace", Decode.BACKTRACE),
        "XRFormattedLabelTypeID": ("formatted-label", lab),
        "XRCoreMLModelEventTypeID": ("coreml-model-event", s),
        "XRCoreMLModelNameTypeID": ("coreml-model-name", s),
        "XRCoreMLModelLevelTypeID": ("coreml-model-level", s),
        "XRANEEventNameTypeID": ("ane-event-name", s),
        "XREventConceptTypeID": ("event-concept", s),
        "XRGPUStateTypeID": ("gpu-state", s),
        "XRMetalEncodingNestingLevelTypeID": ("metal-nesting-level", r),
        "XRRenderingBufferDepthTypeID": ("render-buffer-depth", r),
        "XRGPUFrameNumberTypeID": ("gpu-frame-number", r),
        "XRVisualConnectionUUID64TypeID": ("connection-uuid64", r),
        "XRMetalDeviceNameTypeID": ("metal-device-name", s),
        "XRMetalObjectLabelTypeID": ("metal-object-label", s),
        "XRMetalEventNameTypeID": ("mps-event-name", s),
        "XRThermalStateTypeID": ("thermal-state", s),
        "XRNarrativeEntryTypeID": ("narrative", lab),
        "XRNarrativeTextTypeID": ("narrative-text", s),
        "XRBooleanTypeID": ("boolean", Decode.BOOL),
        "XRProcessIDTypeID": ("pid", r),
        "XRThreadIDTypeID": ("tid", r),
        "XRSystemCPUPercentageTypeID": ("system-cpu-percent", Decode.DOUBLE),
        "XRPercentageTypeID": ("percent", Decode.DOUBLE),
        "XRDurationOnCPUTypeID": ("duration-on-core", r),
        "XRDurationWaitingTypeID": ("duration-waiting", r),
        "XREventCountTypeID": ("event-count", r),
        "XRSizeInBytesTypeID": ("size-in-bytes", r),
        "XRDiskSizeInBytesTypeID": ("disk-size-in-bytes", r),
        "XRPrototypeValueTypeID": ("uint64", r),
        "XRUUIDTypeID": ("uuid", Decode.UUID),
        "XRVirtualMemoryAddressTypeID": ("address", r),
        "XRTimeSampleWeightTypeID": ("weight", r),
    }
    out = {k: EType(n, d, True) for k, (n, d) in verified.items()}
    out.update({k: EType(n, d, False) for k, (n, d) in unverified.items()})
    return out


TYPES: dict[str, EType] = _types()


def etype(xr_name: str) -> EType | None:
    """The :class:`EType` of an ``XR…TypeID``, or None for a type the reader does not know."""
    return TYPES.get(xr_name)


#: How a part of a formatted label (a typedArrayUniquer pair) is printed, by its XR type.
#: Verified on os-log-metadata messages; any other integer type prints as 0x-prefixed hex
#: (as found on the MPS GPU table's labels, see the reference doc).
PART_DECIMAL = frozenset({"XRPrototypeValueTypeID"})  # "199,999"
PART_HEX_BARE = frozenset({"XRUnsignedIntegerHexLowercaseTypeID"})  # "778d6c5"
PART_PRIVATE = frozenset({"XRPrivateValueTypeID"})  # "<private>" (redacted by os_log)
PART_NESTED = frozenset({"XROSLogMetadataTypeID", "XRFormattedLabelTypeID"})
#: Parts of an os-log-metadata message are joined by one space (verified); formatted labels
#: are concatenated (the reference doc's rebuilt "MPSGraph:0x…" has no space; unverified).
JOIN = {"XROSLogMetadataTypeID": " ", "XRNarrativeEntryTypeID": " "}
