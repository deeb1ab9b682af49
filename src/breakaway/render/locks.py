"""Where a report's lock lives: outside ``OUT``, in the user's runtime or cache folder.

Standard library only, and apart from the publishing code: the plan checks every lock's path
(``plan.check_paths``) on a run with nothing to do, which needs none of the rest.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

LOCK_DIR_ENV = "BREAKAWAY_LOCK_DIR"
LOCKS = "locks"


def lock_location(target: Path) -> tuple[Path, Path]:
    """``(root, lock file)`` of the report at ``target`` (``OUT/<report>/<as_of>``).

    Locks live outside ``OUT``, in a folder named for it (a hash of its real path, so every
    spelling of one output folder shares its locks): under ``$BREAKAWAY_LOCK_DIR`` when set, else
    in the user's runtime or cache folder (``$XDG_RUNTIME_DIR``, ``$XDG_CACHE_HOME`` or
    ``~/.cache``), never beside ``OUT``, which is often inside a web server's root too.
    ``root`` is the folder below which no part may be a link (``guard.refuse_links``).
    """
    target = Path(os.path.abspath(target))
    out_dir = target.parent.parent
    key = hashlib.sha256(os.path.realpath(out_dir).encode()).hexdigest()[:16]
    name = f"{target.parent.name}.{target.name}.lock"
    chosen = os.environ.get(LOCK_DIR_ENV)
    if chosen:
        root = Path(os.path.abspath(chosen))
        return root, root / key / name
    root = _user_state_folder()
    return root, root / LOCKS / key / name


def _user_state_folder() -> Path:
    """The first writable of the user's runtime and cache folders, else the temp folder."""
    candidates = [
        os.environ.get("XDG_RUNTIME_DIR"),
        os.environ.get("XDG_CACHE_HOME"),
        os.path.expanduser("~/.cache"),
    ]
    for folder in filter(None, candidates):
        base = Path(os.path.abspath(folder))
        if (
            (base / "breakaway").is_dir()
            or os.access(base, os.W_OK | os.X_OK)
            or (not base.exists() and os.access(base.parent, os.W_OK | os.X_OK))
        ):
            return base / "breakaway"
    import tempfile  # seldom needed, and it imports random, shutil, bz2 and lzma

    return Path(tempfile.gettempdir()) / f"breakaway-{os.getuid()}"
