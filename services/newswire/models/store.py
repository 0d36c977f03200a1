"""Compact arrays for shipped models: int8 rows with one scale each, or float16; zero columns left out.

Each array is one .npz holding `values` (int8 or float16), `scale` (float32 per row, int8 only), and
`columns` and `width` when only some columns are stored (the rest are zero).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def save(path: Path, array: Any, *, int8: bool = True, drop_zero_columns: bool = False) -> None:
    """Write a 1-d or 2-d float array to `path` (.npz)."""
    import numpy as np

    matrix = np.atleast_2d(np.asarray(array, dtype=np.float32))
    parts: dict[str, Any] = {"shape": np.asarray(np.shape(array), dtype=np.int64)}
    if drop_zero_columns:
        columns = np.flatnonzero(np.any(matrix != 0, axis=0)).astype(np.int32)
        matrix = matrix[:, columns]
        parts |= {"columns": columns, "width": np.int64(np.shape(array)[-1])}
    if int8:
        values, scale = _int8(matrix)
        parts |= {"values": values, "scale": scale}
    else:
        parts["values"] = matrix.astype(np.float16)
    with path.open("wb") as handle:
        np.savez(handle, **parts)


def _int8(matrix: Any) -> tuple[Any, Any]:
    """float32 rows as int8 values and one float32 scale per row."""
    import numpy as np

    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.rint(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def int8_rounded(array: Any, dtype: Any = "float32") -> Any:
    """`array` as `save` would store it in int8 rows and `load` give it back, without the file."""
    import numpy as np

    values, scale = _int8(np.atleast_2d(np.asarray(array, dtype=np.float32)))
    return (values.astype(np.float32) * scale[:, None]).reshape(np.shape(array)).astype(dtype)


def load(path: Path, dtype: Any = "float32") -> Any:
    """The array `save` wrote, as `dtype`."""
    import numpy as np

    with np.load(path) as parts:
        values = parts["values"].astype(np.float32)
        if "scale" in parts:
            values *= parts["scale"][:, None]
        shape = tuple(int(n) for n in parts["shape"])
        if "columns" in parts:
            dense = np.zeros((values.shape[0], int(parts["width"])), dtype=np.float32)
            dense[:, parts["columns"]] = values
            values = dense
        return values.reshape(shape).astype(dtype)
