"""Input fingerprints: a report is up to date when its inputs hash to what its manifest records.

Standard library only, so deciding that nothing needs rendering costs milliseconds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from breakaway import paths


def hash_file(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def package_files() -> list[Path]:
    """The package's own code and templates: a change to any of them changes every report."""
    return sorted(
        p
        for p in paths.PACKAGE_DIR.rglob("*")
        if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json"}
    )


def input_hashes(notebook: Path, data_dir: Path) -> dict[str, str]:
    """``{label: sha256}`` for every file a report reads."""
    data_dir = Path(data_dir)
    files = {f"notebook/{notebook.name}": notebook}
    files.update(
        {
            f"data/{p.relative_to(data_dir).as_posix()}": p
            for p in sorted(data_dir.rglob("*"))
            if p.is_file() and p.suffix in {".csv", ".json", ".geojson"}
        }
    )
    files.update(
        {f"package/{p.relative_to(paths.PACKAGE_DIR).as_posix()}": p for p in package_files()}
    )
    return {label: hash_file(path) for label, path in files.items()}


def fingerprint(inputs: dict[str, str], settings: dict) -> str:
    """One hash over input hashes and the settings that shape the output."""
    payload = json.dumps({"inputs": inputs, "settings": settings}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
