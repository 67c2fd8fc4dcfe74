"""The WebAssembly Graphviz's compiled module is cached between runs, and the cache can only save time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deliverychain.drawing import wasmcache
from tests.test_render import FIXTURE

CHAIN = str(Path(sys.executable).parent / "chain")


def draw(cache: Path, out: Path) -> bytes:
    env = {**os.environ, wasmcache.CACHE_ENV: str(cache)}
    done = subprocess.run([CHAIN, "render", str(FIXTURE), "-o", str(out), "--engine", "wasm"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_the_module_is_cached_and_the_drawing_is_the_same(tmp_path: Path):
    cache = tmp_path / "cache"
    first = draw(cache, tmp_path / "a.svg")
    cached = list(cache.glob("graphviz-*-wasmtime-*.cwasm"))
    assert len(cached) == 1 and cached[0].stat().st_size > 100_000
    if sys.platform != "win32":
        assert cache.stat().st_mode & 0o777 == 0o700
    assert draw(cache, tmp_path / "b.svg") == first


def test_a_damaged_cache_file_is_replaced_and_changes_nothing(tmp_path: Path):
    cache = tmp_path / "cache"
    first = draw(cache, tmp_path / "a.svg")
    (cached,) = cache.glob("*.cwasm")
    cached.write_bytes(b"not a module")
    assert draw(cache, tmp_path / "b.svg") == first
    assert cached.stat().st_size > 100_000  # compiled again and rewritten


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_folder_others_can_write_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv(wasmcache.CACHE_ENV, str(shared))
    assert wasmcache._cache_file(Path(__file__)) is None
    private = tmp_path / "private"
    monkeypatch.setenv(wasmcache.CACHE_ENV, str(private))
    path = wasmcache._cache_file(Path(__file__))
    assert path is not None and path.parent == private and path.name.endswith(".cwasm")
