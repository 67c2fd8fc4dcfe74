"""The two sides of a diff: a chain file, or a file as it was at a git revision.

`git:REV:PATH` reads PATH as it was at REV (a commit, branch or tag) through `git show`.
PATH is relative to the current folder, like the file on the other side, whatever folder
of the repository that is. Nothing in the repository is changed. Every failure (no git,
not a repository, an unknown revision, no such file at that revision, a git that does not
answer) becomes a problem at the side's name, exactly like a missing file, so the command
can say which side could not be read and why.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePath

from deliverychain.findings import Finding, Location
from deliverychain.pipeline import LoadResult, check_file, check_text
from deliverychain.reading import problems
from deliverychain.reading.text import MAX_FILE_BYTES, decode

GIT_PREFIX = "git:"
#: Seconds any one git command may take; a repository on a dead network drive must not hang CI.
GIT_TIMEOUT = 30


@dataclass(frozen=True)
class GitSide:
    revision: str
    path: str


def git_side(spec: str) -> GitSide | None:
    """`git:REV:PATH` split at its first two colons; None for a plain file path."""
    if not spec.startswith(GIT_PREFIX):
        return None
    revision, _, path = spec[len(GIT_PREFIX):].partition(":")
    return GitSide(revision, path)


def at_revision(revision: str, path: str) -> str:
    """The side spec for `path` as it was at `revision` (what `--against` means)."""
    return f"{GIT_PREFIX}{revision}:{path}"


def read_side(spec: str) -> LoadResult:
    """Load one side: a chain, or the problems that stop it loading (never raises for bad input).

    A git side is read in the repository of the current folder.
    """
    side = git_side(spec)
    if side is None:
        return check_file(spec)
    text = _git_text(spec, side, Path.cwd())
    if isinstance(text, Finding):
        return LoadResult(None, [text])
    return check_text(text, spec)


class _GitFailed(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def _git_text(spec: str, side: GitSide, cwd: Path) -> str | Finding:
    try:
        raw = _git_show(side, cwd)
    except _GitFailed as failed:
        return problems.unreadable(failed.message, Location(spec, 1, 1), failed.hint)
    return decode(raw, spec)


def _git_show(side: GitSide, cwd: Path) -> bytes:
    revision, path = side.revision, side.path
    if not revision or not path:
        raise _GitFailed(f"'{GIT_PREFIX}{revision}:{path}' names no revision or no file",
                         "write git:REV:PATH, for example git:HEAD~1:chains/plan.yaml")
    if revision.startswith("-"):
        raise _GitFailed(f"'{revision}' is not a git revision", "name a commit, branch or tag")
    inside = _git(cwd, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise _GitFailed(f"'{cwd}' is not inside a git repository, so '{GIT_PREFIX}{revision}:{path}' "
                         "cannot be read", "run chain diff from inside the repository, or compare two files")
    if _git(cwd, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise _GitFailed(f"unknown git revision '{revision}'",
                         "name a commit, branch or tag that exists here (`git log --oneline` lists commits)")
    name = f"{revision}:{_relative(path, cwd)}"
    kind = _git(cwd, "cat-file", "-t", name)
    if kind.returncode != 0:
        raise _GitFailed(f"there is no file '{path}' at revision '{revision}'",
                         "the path is relative to the current folder; `git show "
                         f"{revision} --stat` lists the files that commit changed")
    if kind.stdout.strip() != b"blob":
        raise _GitFailed(f"'{path}' is a folder at revision '{revision}', not a chain file",
                         "give the path of a chain file inside it")
    size = _git(cwd, "cat-file", "-s", name)
    if size.returncode == 0 and int(size.stdout.strip() or 0) > MAX_FILE_BYTES:
        raise _GitFailed(f"'{path}' at revision '{revision}' is larger than any chain",
                         "check that this is the chain file you meant")
    shown = _git(cwd, "show", name)
    if shown.returncode != 0:
        raise _GitFailed(f"git could not show '{path}' at revision '{revision}': {_first_line(shown.stderr)}")
    return shown.stdout


def _relative(path: str, cwd: Path) -> str:
    """`./path` (git reads it relative to the current folder); an absolute path from the top."""
    pure = PurePath(path)
    if not pure.is_absolute():
        return "./" + pure.as_posix()
    top = _git(cwd, "rev-parse", "--show-toplevel").stdout.decode("utf-8", "replace").strip()
    try:
        return Path(path).resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        raise _GitFailed(f"'{path}' is outside the repository at '{top}'") from None


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT,
                              env=env, check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise _GitFailed("git is not installed, so a git revision cannot be read",
                         "install git, or compare two files") from None
    except subprocess.TimeoutExpired:
        raise _GitFailed(f"git did not answer within {GIT_TIMEOUT} s") from None


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else "no message"
