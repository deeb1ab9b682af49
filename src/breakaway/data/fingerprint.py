"""One hashing scheme for a data folder: every table, the descriptor and the boundary files.

Standard library only: the render plan hashes the data to decide what is up to date without
importing pandas. The short fingerprint printed in every report is derived from the same hashes
that decide whether a report is up to date, so a change to any data file (boundaries included)
changes both.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

DATA_SUFFIXES = (".csv", ".json", ".geojson")
# Set by ``breakaway render`` to the fingerprint of the data it has just validated; the kernels it
# starts inherit it and read those very bytes without validating them again.
VALIDATED_ENV = "BREAKAWAY_VALIDATED_DATA"


def content_hash() -> hashlib.blake2b:
    """A new hash object of the kind every file fingerprint uses: BLAKE2b, 256 bits.

    Not SHA-256: this Python's OpenSSL hashes SHA-256 without the CPU's SHA instructions, at
    twice BLAKE2b's cost, and a run with nothing to do hashes every input and chart it checks
    (about 5 MB for five reports), so the choice is a third of that run's work.
    """
    return hashlib.blake2b(digest_size=32)


def hash_bytes(content: bytes) -> str:
    """The fingerprint of some bytes (hex)."""
    digest = content_hash()
    digest.update(content)
    return digest.hexdigest()


def hash_file(path: Path) -> str:
    """The fingerprint of a file's bytes."""
    return hash_bytes(Path(path).read_bytes())


def hash_data_file(path: Path) -> str:
    """The fingerprint of a data file: a regular file within the size limit, no symbolic link."""
    from breakaway.data.safety import read_regular_file

    return hash_bytes(read_regular_file(Path(path), str(path)))


def data_files(data_dir: Path) -> list[Path]:
    """The files a report depends on, in a stable order: the descriptor, its tables, the maps.

    Only these are hashed: a file dropped or linked into the data folder is not read at all.
    """
    from breakaway.data.schema import DESCRIPTOR, read_tables
    from breakaway.paths import context_path, geo_path

    data_dir = Path(data_dir)
    try:
        tables = [data_dir / table.path for table in read_tables(data_dir).values()]
    except Exception:  # noqa: BLE001 - a broken descriptor: validation says why
        tables = []
    # The map words (windows, label points, seas, caveats) change what a map shows, so they count.
    words = geo_path(data_dir).parent / "maps.json"
    named = [data_dir / DESCRIPTOR, *tables, geo_path(data_dir), context_path(data_dir), words]
    return sorted({p for p in named if p.exists() or p.is_symlink()})


def data_hashes(data_dir: Path) -> dict[str, str]:
    """``{"data/<relative path>": hash}`` for every data file."""
    data_dir = Path(data_dir)
    return {
        f"data/{p.relative_to(data_dir).as_posix()}": hash_data_file(p)
        for p in data_files(data_dir)
    }


def short_fingerprint(hashes: dict[str, str]) -> str:
    """A 16-character digest of file hashes, stable across machines and file times."""
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()[:16]
