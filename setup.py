"""Builds the optional compiled reader (profiler/trace/_fastread*.c, over libxml2's SAX2 parser).

Everything else is in pyproject.toml. If there is no C compiler or no libxml2 headers, the
build says so and goes on: the package then reads every export with the pure-Python reader
(`profiler tables --verbose FILE` says which reader read each table).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# _fastread.h lists what each part holds; the header is a dependency (rebuild, sdist).
SOURCES = [f"profiler/trace/_fastread{part}.c" for part in ("", "_memory", "_cells", "_values", "_sax", "_bundle")]
HEADERS = ["profiler/trace/_fastread.h"]
# Where libxml2's headers usually are when no xml2-config/pkg-config answers.
_INCLUDE_GUESSES = (
    "/usr/include/libxml2",
    "/usr/local/include/libxml2",
    "/opt/homebrew/opt/libxml2/include/libxml2",
    "/usr/local/opt/libxml2/include/libxml2",
)


def _libxml2_flags() -> tuple[list[str], list[str], list[str]]:
    """(include dirs, library dirs, libraries) for libxml2."""
    for tool in (["xml2-config", "--cflags", "--libs"], ["pkg-config", "--cflags", "--libs", "libxml-2.0"]):
        if shutil.which(tool[0]) is None:
            continue
        try:
            out = subprocess.run(tool, capture_output=True, text=True, check=True, timeout=30).stdout  # noqa: S603 - fixed argv
        except (OSError, subprocess.SubprocessError):
            continue
        words = out.split()
        includes = [w[2:] for w in words if w.startswith("-I")]
        libdirs = [w[2:] for w in words if w.startswith("-L")]
        libs = [w[2:] for w in words if w.startswith("-l")] or ["xml2"]
        if includes:
            return includes, libdirs, libs
    sdk = _macos_sdk()
    guesses = [*_INCLUDE_GUESSES, *([f"{sdk}/usr/include/libxml2"] if sdk else [])]
    return [d for d in guesses if os.path.isdir(d)][:1], [], ["xml2"]


def _macos_sdk() -> str | None:
    if sys.platform != "darwin" or shutil.which("xcrun") is None:
        return None
    try:
        out = subprocess.run(["xcrun", "--show-sdk-path"], capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


class OptionalBuildExt(build_ext):
    """Build the extension if possible; never fail the install because of it."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any failure means "no compiled reader"
            self._skip(exc)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001
            self._skip(exc)

    @staticmethod
    def _skip(exc: Exception) -> None:
        print(
            f"warning: the compiled reader was not built ({exc}); "
            "exports will be read by the pure-Python reader",
            file=sys.stderr,
        )


includes, libdirs, libs = _libxml2_flags()
setup(
    ext_modules=[
        Extension(
            "profiler.trace._fastread",
            sources=SOURCES,
            depends=HEADERS,
            include_dirs=includes,
            library_dirs=libdirs,
            libraries=libs,
            optional=True,
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
