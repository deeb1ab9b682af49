"""Keep every write inside its root: no path that leaves it, no symbolic link followed.

The output folder (``--out``) and the figures folder are the only places a render writes. Every
path the render resolves (report folders, locks, staging, figures) is checked here to stay under
its root, and every part of it below the root to be a real folder or file, not a link; a link is
refused with one line that names it. Standard library only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafePath(Exception):
    """A path that leaves its root or passes through a symbolic link (message: one line)."""


def check_inside(root: Path, path: Path) -> Path:
    """``path`` made absolute, if it stays under ``root`` (lexically, no ``..``), else refused."""
    root = Path(os.path.abspath(root))
    resolved = Path(os.path.abspath(path))
    if resolved != root and root not in resolved.parents:
        raise UnsafePath(f"{path} is outside {root}; expected a path inside it")
    return resolved


def refuse_links(root: Path, path: Path) -> Path:
    """Check ``path`` is under ``root`` and that nothing on the way to it is a symbolic link.

    Parts that do not exist yet are fine (they will be created as real folders and files); a
    file where a folder belongs is left for the write to fail on (that report fails, exit 1).

    Raises:
        UnsafePath: ``path`` leaves ``root``, or one of its parts below ``root`` is a link.
    """
    root = Path(os.path.abspath(root))
    resolved = check_inside(root, path)
    current = root
    for part in resolved.relative_to(root).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return resolved
        if stat.S_ISLNK(mode):
            raise UnsafePath(
                f"{current} is a symbolic link; links inside {root} are not followed "
                "(remove it or replace it with a real folder)"
            )
        if not stat.S_ISDIR(mode):
            return resolved
    return resolved


def open_no_follow(path: Path, flags: int, mode: int = 0o666) -> int:
    """``os.open`` that refuses to follow a symbolic link at ``path`` itself (``O_NOFOLLOW``)."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as error:
        if os.path.islink(path):
            raise UnsafePath(
                f"{path} is a symbolic link; links are not followed (remove it)"
            ) from None
        raise error
