"""The on-disk side of a stored index: a memory-mapped .npy matrix, rows read with pread, and pruning
of old indexes (see checker/retrieval/index.py for the folder layout)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from checker.retrieval.arrays import Ids, Matrix


def map_npy(path: Path) -> tuple[Matrix, int]:
    """A read-only, memory-mapped float32 matrix from a .npy file, and the offset of its data."""
    import mmap

    import numpy as np

    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        else:
            raise ValueError(f"unsupported .npy version {version}")
        offset = handle.tell()
        if fortran or dtype != np.dtype("<f4") or len(shape) != 2:
            raise ValueError("vectors.npy is not a C-ordered float32 matrix")
        count = int(np.prod(shape))
        if os.fstat(handle.fileno()).st_size < offset + 4 * count:
            raise ValueError("vectors.npy is truncated")
        if count == 0:
            return np.zeros(shape, np.float32), offset
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    matrix: Matrix = np.frombuffer(mapped, dtype=np.float32, count=count, offset=offset)
    return matrix.reshape(shape), offset


class RowFile:
    """Rows of a stored float32 matrix, read with pread for re-ranking.

    Reading a few dozen scattered rows per query through the memory map would map the page
    cache around each of them into the process (fault-around), so its resident size would grow
    towards the whole file; pread copies just the rows. Falls back to the map without pread.
    """

    def __init__(self, path: Path, offset: int, dim: int) -> None:
        self._handle = open(path, "rb", buffering=0)  # noqa: SIM115  # lives as long as the index
        self._offset = offset
        self._row = 4 * dim
        self._dim = dim

    def take(self, rows: Ids) -> Matrix:
        import numpy as np

        unique, inverse = np.unique(rows, return_inverse=True)
        out = np.empty((len(unique), self._dim), np.float32)
        fd = self._handle.fileno()
        for i, row in enumerate(unique.tolist()):
            data = os.pread(fd, self._row, self._offset + row * self._row)
            if len(data) != self._row:
                raise ValueError("vectors.npy is truncated")
            out[i] = np.frombuffer(data, dtype=np.float32)
        result: Matrix = out[inverse.reshape(-1)]
        return result


def prune(root: Path, *, keep: int) -> None:
    """Remove all but the `keep` most recently used indexes, and staging folders over an hour old."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    indexes: list[tuple[float, Path]] = []
    now = time.time()
    for entry in entries:
        try:
            if entry.name.startswith(".tmp-"):
                if now - entry.stat().st_mtime > 3600:
                    shutil.rmtree(entry, ignore_errors=True)
            elif entry.is_dir():
                indexes.append(((entry / "meta.json").stat().st_mtime, entry))
        except OSError:
            continue
    for _, entry in sorted(indexes, reverse=True)[keep:]:
        shutil.rmtree(entry, ignore_errors=True)
