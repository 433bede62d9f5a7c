#!/usr/bin/python3
"""NumPy reference timing of the historical VaR bench (issue #4), on the very matrices the JS bench used.

Usage: /usr/bin/python3 bench/numpy_hist_reference.py <hist-matrices dir>   (one JSON object on stdout)

It reads <id>.json, returns.f64 (W x N, row-major, t = 0 oldest) and values.f64 (N) written by
bench/historical-var.bench.ts and times the same two steps as the JS bench (conventions:
../shared/docs/RISK-CONVENTIONS.md):
  scenarioPnL       L = R @ v
  historicalVaRES   q = np.quantile(L, 1 - c, method='linear') (type 7); VaR = -q; ES = -mean(L[L <= q])
and checks its figures against the JS figures (relative differences). The BLAS thread count is OpenBLAS's default
unless OPENBLAS_NUM_THREADS is set (bench/run.mjs runs both).
"""
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

from numpy_stats import stats  # noqa: E402 (bench/ is on sys.path: the script's own folder)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: numpy_hist_reference.py <hist-matrices dir>")
    d = Path(sys.argv[1])
    headers = sorted(d.glob("*.json"))
    if len(headers) != 1:
        sys.exit(f"numpy_hist_reference.py: expected one <id>.json header in {d} (run the JS historical-var bench first)")
    h = json.loads(headers[0].read_text())
    W, N, c = h["W"], h["N"], h["confidence"]
    R = np.fromfile(d / "returns.f64", dtype="<f8").reshape(W, N)
    v = np.fromfile(d / "values.f64", dtype="<f8")
    pnl_ms, var_es_ms, total_ms = [], [], []
    var = es = 0.0
    for i in range(h["warmup"] + h["runs"]):
        t0 = time.perf_counter_ns()
        L = R @ v
        t1 = time.perf_counter_ns()
        q = np.quantile(L, 1 - c, method="linear")
        var = -float(q)
        es = -float(L[L <= q].mean())
        t2 = time.perf_counter_ns()
        if i >= h["warmup"]:
            pnl_ms.append((t1 - t0) / 1e6)
            var_es_ms.append((t2 - t1) / 1e6)
            total_ms.append((t2 - t0) / 1e6)
    js = h["jsFigures"]
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "python": platform.python_version(),
                "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                "W": W,
                "N": N,
                "figures": {"var": var, "es": es},
                "relDiffVsJs": {"var": abs(var - js["var"]) / abs(js["var"]), "es": abs(es - js["es"]) / abs(js["es"])},
                "total": stats(total_ms),
                "steps": {"scenarioPnL": stats(pnl_ms), "historicalVaRES": stats(var_es_ms)},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
