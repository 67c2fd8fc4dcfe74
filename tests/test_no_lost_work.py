"""No lost work: inputs are never written, outputs are replaced whole or not at all.

- every command is run over real chains with every input checksummed before and after;
- an output that would overwrite an input is refused, however the path is spelt;
- a write that fails part way (disk full, Ctrl-C, `kill`) leaves the previous output as it
  was and no temporary file behind;
- outputs that cannot be written (a folder, a missing folder, no permission) get a clear
  error and exit 2.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from deliverychain.cli import main
from tests.test_hostile import CHAIN_SCRIPT, ROOT, SMALL
from tests.test_injection import hostile_chain

OLD = b"<svg>the diagram from last week</svg>\n"


def checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder of chains: the examples, the small fixture and the hostile chain."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted((ROOT / "chains").glob("*.yaml"))[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "small.yaml").write_text(SMALL)
    (folder / "hostile.yaml").write_text(hostile_chain())
    (folder / "broken.yaml").write_text(SMALL.replace("kind: mandate", "kind: [mandate"))
    return folder


# --- inputs are never written ------------------------------------------------------------


COMMANDS = [
    ["validate", "{all}"],
    ["validate", "--format", "json", "{all}"],
    ["audit", "{all}", "--fail-on", "never"],
    *[["audit", "{all}", "--format", fmt, "-o", "{out}/report." + fmt] for fmt in
      ("text", "json", "markdown", "sarif", "github")],
    *[["render", "{one}", "-o", "{out}/chain." + fmt] for fmt in ("svg", "dot", "mmd", "png", "pdf")],
    ["render", "{one}", "--format", "mmd"],
    ["render", "{broken}", "-o", "{out}/broken.svg"],
    ["init", "{one}"],
    ["init", "{out}/new.yaml"],
    ["schema", "-o", "{out}/schema.json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:3]) for c in COMMANDS])
def test_no_command_writes_to_its_inputs(command, inputs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for path in inputs.iterdir():
        path.chmod(0o444)
    before = checksums(inputs)
    chains = sorted(str(p) for p in inputs.glob("*.yaml"))
    args: list[str] = []
    for arg in command:
        if arg == "{all}":
            args += chains
        else:
            args.append(arg.format(one=inputs / "small.yaml", broken=inputs / "broken.yaml", out=out))
    result = invoke(*args)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert checksums(inputs) == before
    assert not temporaries(out) and not temporaries(inputs)
    written = {p.name for p in out.iterdir()}
    declared = {Path(a).name for a in args if a.startswith(str(out))}
    assert written <= declared, written - declared
    if command[0] == "init" and "{one}" in command:
        assert result.exit_code == 2 and "already exists; it was left as it is" in result.stderr
    if "broken" in " ".join(command):
        assert result.exit_code == 2 and not written


# --- an output over an input --------------------------------------------------------------


def _spellings(folder: Path, target: Path) -> dict[str, str]:
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "link.yaml").symlink_to(target)
    os.link(target, folder / "hard.yaml")
    return {
        "same path": str(target),
        "with ./": f"./{target.name}",
        "through ..": str(folder / "sub" / ".." / target.name),
        "symlink": str(folder / "link.yaml"),
        "hard link": str(folder / "hard.yaml"),
    }


@pytest.mark.parametrize("command", [["render", "--format", "svg"], ["render", "--format", "dot"],
                                     ["audit", "--format", "json"]])
def test_an_output_over_an_input_is_refused_however_it_is_spelt(command, inputs, monkeypatch):
    monkeypatch.chdir(inputs)
    target = inputs / "small.yaml"
    before = checksums(inputs)
    for spelling, output in _spellings(inputs, target).items():
        result = invoke(command[0], str(target), *command[1:], "-o", output)
        assert result.exit_code == 2, (spelling, result.stderr)
        assert "refusing to overwrite the input file" in result.stderr, spelling
        assert target.read_bytes() == SMALL.encode()
    assert {k: v for k, v in checksums(inputs).items() if k in before} == before
    assert not temporaries(inputs)


def test_audit_of_several_files_refuses_to_write_over_any_of_them(inputs):
    first, second = inputs / "small.yaml", inputs / "hostile.yaml"
    before = checksums(inputs)
    result = invoke("audit", first, second, "--format", "markdown", "-o", second)
    assert result.exit_code == 2 and f"refusing to overwrite the input file '{second}'" in result.stderr
    assert checksums(inputs) == before


# --- outputs that cannot be written ---------------------------------------------------------


def test_an_output_that_is_a_folder_or_in_a_missing_folder_is_a_clear_error(inputs, tmp_path):
    chain = inputs / "small.yaml"
    cases = {
        str(tmp_path): ("is a folder", "is a directory"),
        str(tmp_path / "missing" / "chain.svg"): ("the folder",),
        str(chain / "chain.svg"): ("the folder",),  # a file where a folder should be
    }
    for output, messages in cases.items():
        for command in (["render", chain, "--format", "svg", "-o", output],
                        ["audit", chain, "--format", "json", "-o", output]):
            result = invoke(*command)
            assert result.exit_code == 2, (command, result.stderr)
            assert any(m in result.stderr for m in messages), result.stderr
            assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing").exists()


def _unprivileged():
    """Run a child as `nobody` when the tests run as root, who ignores file permissions."""
    if os.geteuid() != 0:
        return None

    def drop() -> None:
        os.setgid(65534)
        os.setuid(65534)

    return drop


def test_an_unwritable_folder_or_read_only_file_is_a_clear_error():
    folder = Path(tempfile.mkdtemp(prefix="deliverychain-perm-"))  # not under pytest's 0700 folders
    try:
        folder.chmod(0o777)
        chain = folder / "chain.yaml"
        chain.write_text(SMALL)
        chain.chmod(0o644)
        locked = folder / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        read_only = folder / "old.dot"
        read_only.write_bytes(OLD)
        read_only.chmod(0o444)
        for output, message in ((locked / "chain.dot", "no permission to write"),
                                (read_only, "the file is read-only")):
            done = subprocess.run([str(CHAIN_SCRIPT), "render", str(chain), "-o", str(output)],
                                  capture_output=True, text=True, preexec_fn=_unprivileged(), timeout=120,
                                  env={**os.environ, "HOME": str(folder)})
            assert done.returncode == 2, done.stderr
            assert message in done.stderr and "Traceback" not in done.stderr
        assert read_only.read_bytes() == OLD
        assert not list(locked.iterdir()) and not temporaries(folder)
    finally:
        subprocess.run(["rm", "-rf", str(folder)], check=False)


# --- writes that fail part way ------------------------------------------------------------------


class _HalfWriter:
    """A file that writes half of what it is given, then fails the way `fail` says."""

    def __init__(self, handle, fail):
        self.handle, self.fail = handle, fail

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        self.fail()
        return len(data)

    def __getattr__(self, name):
        return getattr(self.handle, name)


def _disk_full():
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _ctrl_c():
    raise KeyboardInterrupt


@pytest.mark.parametrize(("fail", "message"), [(_disk_full, "the disk is full"), (_ctrl_c, "")],
                         ids=["disk-full", "ctrl-c"])
@pytest.mark.parametrize("command", [["render", "--format", "svg"], ["render", "--format", "dot"],
                                     ["audit", "--format", "sarif"]])
def test_a_write_that_fails_part_way_keeps_the_previous_output(command, fail, message, inputs, tmp_path,
                                                               monkeypatch):
    import deliverychain.atomic as atomic

    out = tmp_path / "out" / "result.out"
    out.parent.mkdir()
    out.write_bytes(OLD)
    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: _HalfWriter(real_fdopen(fd, mode), fail))
    result = invoke(command[0], inputs / "small.yaml", *command[1:], "-o", out)
    assert out.read_bytes() == OLD
    assert not temporaries(out.parent)
    if fail is _disk_full:
        assert result.exit_code == 2 and message in result.stderr
    else:
        assert result.exit_code != 0


def _run_child(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_kill_during_the_write_removes_the_temporary_file(inputs, tmp_path):
    """SIGTERM arrives while the new file is half written: the old one stays, no debris."""
    out = tmp_path / "chain.svg"
    out.write_bytes(OLD)
    done = _run_child(f"""
        import os, signal
        import deliverychain.atomic as atomic
        real = os.fdopen

        class Half:
            def __init__(self, handle): self.handle = handle
            def __enter__(self): return self
            def __exit__(self, *exc): self.handle.close()
            def write(self, data):
                self.handle.write(data[: len(data) // 2]); self.handle.flush()
                os.kill(os.getpid(), signal.SIGTERM)
                return len(data)
            def __getattr__(self, name): return getattr(self.handle, name)

        atomic.os.fdopen = lambda fd, mode: Half(real(fd, mode))
        from deliverychain.cli import run
        run(["render", {str(inputs / "small.yaml")!r}, "-o", {str(out)!r}])
        """, tmp_path)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert out.read_bytes() == OLD
    assert not temporaries(tmp_path)


def _ctrl_c_as_a_terminal_sends_it() -> None:
    """A job started in the background of a script begins with Ctrl-C ignored, and a child
    inherits that: give the child Python's usual Ctrl-C, as a user's terminal does."""
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["term", "int", "kill"])
def test_killing_a_render_part_way_keeps_the_previous_output(how, tmp_path):
    from benchmarks.synthetic import synthetic_chain

    chain = tmp_path / "big.yaml"
    chain.write_text(synthetic_chain(800))
    out = tmp_path / "big.svg"
    out.write_bytes(OLD)
    child = subprocess.Popen([str(CHAIN_SCRIPT), "render", str(chain), "-o", str(out), "--no-collapse",
                              "--engine", "wasm"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True, preexec_fn=_ctrl_c_as_a_terminal_sends_it)
    time.sleep(1.5)
    try:
        os.killpg(child.pid, how)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode != 0, "the render finished before it was stopped: use a bigger chain"
    assert out.read_bytes() == OLD
    assert not temporaries(tmp_path)


def test_ctrl_c_exits_130_not_1_which_means_findings(tmp_path):
    from benchmarks.synthetic import synthetic_chain

    chain = tmp_path / "big.yaml"
    chain.write_text(synthetic_chain(800))
    child = subprocess.Popen([str(CHAIN_SCRIPT), "render", str(chain), "-o", str(tmp_path / "big.svg"),
                              "--no-collapse", "--engine", "wasm"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True, preexec_fn=_ctrl_c_as_a_terminal_sends_it)
    time.sleep(1.5)
    os.killpg(child.pid, signal.SIGINT)
    child.communicate(timeout=60)
    assert child.returncode == 130
