"""Summary of repeated timings, shared by the NumPy reference scripts (same convention as bench/lib/stats.ts:
Hyndman-Fan type 7 quantiles, NumPy's 'linear')."""
import numpy as np


def stats(samples_ms):
    a = np.asarray(samples_ms, dtype=np.float64)
    return {
        "n": int(a.size),
        "median": float(np.quantile(a, 0.5, method="linear")),
        "p99": float(np.quantile(a, 0.99, method="linear")),
        "min": float(a.min()),
        "max": float(a.max()),
        "mean": float(a.mean()),
    }
