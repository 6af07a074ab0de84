"""Array types of the retrieval stage, named once (numpy is imported only to type them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]  # rows of float32 vectors
    Ids = npt.NDArray[np.int64]  # row ids, -1 for none
else:
    Matrix = Any
    Ids = Any
