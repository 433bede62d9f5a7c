#!/usr/bin/python3
"""NumPy reference timing of the full engine recompute (issue #2), on the very matrices the JS bench used.

Usage: /usr/bin/python3 bench/numpy_reference.py <matrices dir>   (prints one JSON object on stdout)

For every <id>.json header written by bench/lib/matrix-export.ts it reads the W x N returns R (row-major float64,
t = 0 oldest) and the N market values v, then times, step by step and in the same order as
bench/lib/engine-recompute.ts (conventions: ../shared/docs/RISK-CONVENTIONS.md):
  scenarioPnL         L = R @ v
  historicalVaRES     q = np.quantile(L, 1 - c, method='linear') (type 7); VaR = -q; ES = -mean(L[L <= q])
  sampleCovariance    np.cov(R, rowvar=False)  (n - 1)
  ewmaCovariance      RiskMetrics EWMA, weights (1 - lam) lam^k / (1 - lam^W), k = 0 newest; then sqrt(v' E v)
  eulerDecomposition  S v, sigma = sqrt(v' S v), marginal = z S v / sigma, component = v * marginal
It also checks that NumPy's figures agree with the JS figures in the header (relative differences reported).
The BLAS thread count is whatever OpenBLAS picks unless OPENBLAS_NUM_THREADS is set (bench/run.mjs runs both).
"""
import json
import os
import platform
import sys
import time
from pathlib import Path
from statistics import NormalDist

import numpy as np

from numpy_stats import stats  # noqa: E402 (bench/ is on sys.path: the script's own folder)

MIN_RUNS = 10  # NumPy runs are short; more of them make its median steadier at no real cost


def recompute(R, v, c, lam):
    """One full recompute; returns (figures, component, per-step ms)."""
    W = R.shape[0]
    t0 = time.perf_counter_ns()
    L = R @ v
    t1 = time.perf_counter_ns()
    q = np.quantile(L, 1 - c, method="linear")
    var = -q
    es = -L[L <= q].mean()
    t2 = time.perf_counter_ns()
    c2 = time.process_time_ns()  # CPU time of all threads: robust to other processes taking the cores
    S = np.cov(R, rowvar=False)
    c3 = time.process_time_ns()
    t3 = time.perf_counter_ns()
    k = np.arange(W - 1, -1, -1, dtype=np.float64)  # row t has age k = W - 1 - t
    w = (1 - lam) * lam**k / (1 - lam**W)
    E = (R * w[:, None]).T @ R
    ewma_sigma = float(np.sqrt(v @ E @ v))
    t4 = time.perf_counter_ns()
    sv = S @ v
    sigma = float(np.sqrt(v @ sv))
    z = NormalDist().inv_cdf(c)
    marginal = z * sv / sigma
    component = v * marginal
    t5 = time.perf_counter_ns()
    figures = {
        "historicalVaR": float(var),
        "historicalES": float(es),
        "sigma": sigma,
        "ewmaSigma": ewma_sigma,
        "parametricVaR": z * sigma,
        "componentSum": float(component.sum()),
    }
    ms = lambda a, b: (b - a) / 1e6  # noqa: E731
    steps = {
        "scenarioPnL": ms(t0, t1),
        "historicalVaRES": ms(t1, t2),
        "sampleCovariance": ms(t2, t3),
        "ewmaCovariance": ms(t3, t4),
        "eulerDecomposition": ms(t4, t5),
        "sampleCovarianceCpu": ms(c2, c3),
    }
    return figures, component, steps, ms(t0, t5)


def run_case(header_file):
    h = json.loads(header_file.read_text())
    d = header_file.parent
    W, N = h["W"], h["N"]
    R = np.fromfile(d / f"{h['id']}.returns.f64", dtype="<f8").reshape(W, N)
    v = np.fromfile(d / f"{h['id']}.values.f64", dtype="<f8")
    js_component = np.fromfile(d / f"{h['id']}.component.f64", dtype="<f8")
    c, lam = h["confidence"], h["lambda"]
    runs = max(h["runs"], MIN_RUNS)
    totals, per_step = [], {}
    figures = component = None
    for i in range(max(h["warmup"], 1) + runs):
        figures, component, steps, total = recompute(R, v, c, lam)
        if i >= max(h["warmup"], 1):
            totals.append(total)
            for name, t in steps.items():
                per_step.setdefault(name, []).append(t)
    js = h["jsFigures"]
    rel = {k: abs(figures[k] - js[k]) / abs(js[k]) for k in figures}
    return h["id"], {
        "W": W,
        "N": N,
        "figures": figures,
        "relDiffVsJs": rel,
        "componentMaxAbsDiffOverVaR": float(np.max(np.abs(component - js_component)) / abs(figures["parametricVaR"])),
        "total": stats(totals),
        "steps": {k: stats(t) for k, t in per_step.items()},
    }


def blas_info():
    try:
        cfg = np.__config__.blas_opt_info  # numpy < 1.26
        return {"libraries": cfg.get("libraries"), "library_dirs": cfg.get("library_dirs")}
    except AttributeError:
        return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: numpy_reference.py <matrices dir>")
    d = Path(sys.argv[1])
    headers = sorted(d.glob("*.json"))
    if not headers:
        sys.exit(f"numpy_reference.py: no <id>.json headers in {d} (run the JS full-recompute bench first)")
    cases = dict(run_case(f) for f in headers)
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "python": platform.python_version(),
                "blas": blas_info(),
                "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                "cases": cases,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
