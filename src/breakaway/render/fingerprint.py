"""Input fingerprints: a report is up to date when its inputs hash to what its manifest records.

Standard library only, so deciding that nothing needs rendering costs milliseconds. The data part
comes from :mod:`breakaway.data.fingerprint`, the one hashing scheme for data folders.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from breakaway import paths
from breakaway.data.fingerprint import hash_file

PACKAGE_SUFFIXES = {".py", ".j2", ".css", ".json"}


def package_files() -> list[Path]:
    """The package's own code and templates: a change to any of them changes every report.

    Walked with ``os.walk``, skipping ``__pycache__``: a run with nothing to do lists the package
    each time, and ``Path.rglob`` costs several times more.
    """
    found = []
    for folder, subfolders, names in os.walk(paths.PACKAGE_DIR):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [
            os.path.join(folder, name)
            for name in names
            if os.path.splitext(name)[1] in PACKAGE_SUFFIXES
            and os.path.isfile(os.path.join(folder, name))
        ]
    return [Path(name) for name in sorted(found)]


def package_hashes() -> dict[str, str]:
    """``{"package/<relative path>": hash}`` for the package's code and templates."""
    return {
        f"package/{p.relative_to(paths.PACKAGE_DIR).as_posix()}": hash_file(p)
        for p in package_files()
    }


def notebook_hashes(notebook: Path) -> dict[str, str]:
    """``{"notebook/<name>": hash}`` for the notebook a report executes."""
    return {f"notebook/{notebook.name}": hash_file(notebook)}


def fingerprint(inputs: dict[str, str], settings: dict) -> str:
    """One hash over input hashes and the settings that shape the output."""
    payload = json.dumps({"inputs": inputs, "settings": settings}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
