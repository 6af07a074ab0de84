"""Logistic regression by Newton's method with an L2 penalty: small, exact and deterministic."""

from __future__ import annotations

from typing import Any

import numpy as np

Array = Any


def fit(x: Array, y: Array, weights: Array | None = None, l2: float = 1.0, iterations: int = 50) -> Array:
    """Coefficients for rows `x` (first column the bias, not penalised) and 0/1 labels `y`."""
    n, d = x.shape
    w_rows = np.ones(n) if weights is None else weights
    beta = np.zeros(d)
    penalty = np.full(d, l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (w_rows * (p - y)) + penalty * beta
        hessian = (x * (w_rows * p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(d)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta


def predict(x: Array, beta: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
