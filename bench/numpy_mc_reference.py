#!/usr/bin/python3
"""NumPy reference timing of the Monte Carlo VaR/ES bench (issue #4), on the covariance and book the JS bench used.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/numpy_mc_reference.py <mc-matrices dir>   (one JSON object on stdout)

It reads <id>.json, cov.f64 (N x N, row-major) and values.f64 (N) written by bench/monte-carlo.bench.ts and runs
the same computation as the JS engine (src-main/engine/monte-carlo.ts, nearest-pd.ts; conventions:
../shared/docs/RISK-CONVENTIONS.md "Monte Carlo"), with NumPy's own random numbers:
  prepare    symmetrise, eigh, clip eigenvalues at 1e-10 x mean variance when needed (x10 and retry if Cholesky
             still fails), Cholesky L, exposure b = L' v
  simulate   P&L of each path = b' z, z ~ N(0, I_N); paths in blocks of 4096, each block from its own PCG64 stream
             spawned from SeedSequence(seed), so any split of the blocks over threads gives the same numbers (as
             the JS sub-streams do); Z (4096 x N) @ b per block
  summarize  VaR = -quantile(L, 1 - c, 'linear') (type 7), ES = -mean(L <= q), and the standard errors: SE(VaR) from
             a Gaussian kernel density at the quantile (Silverman bandwidth), SE(ES) with the threshold term
Timed single-threaded and with 2 Python threads (Generator.standard_normal and the BLAS product release the GIL);
run it with OPENBLAS_NUM_THREADS=1 so that the only parallelism is the explicit threads.
The figures are checked against the analytic normal VaR/ES of sigma = sqrt(b'b) and against the JS figures, in
units of the Monte Carlo standard errors (the random numbers differ, so the figures agree only statistically).
"""
import json
import math
import os
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import NormalDist

import numpy as np

from numpy_stats import stats  # noqa: E402 (bench/ is on sys.path: the script's own folder)

BLOCK = 4096  # paths per random stream, as MC_BLOCK_PATHS in the engine
RELATIVE_EIGEN_FLOOR = 1e-10  # as nearest-pd.ts


def prepare(cov, v):
    """Cholesky factor of the covariance (repaired by eigenvalue clipping if needed) and b = L' v."""
    s = 0.5 * (cov + cov.T)
    floor = RELATIVE_EIGEN_FLOOR * float(np.mean(np.diag(s)))
    lam, vecs = np.linalg.eigh(s)
    clipped = 0
    if lam.min() >= floor:
        try:
            chol = np.linalg.cholesky(s)
            return chol.T @ v, {"repaired": False, "floor": floor, "clipped": 0}
        except np.linalg.LinAlgError:
            pass
    for _ in range(6):
        clipped = int(np.sum(lam < floor))
        rebuilt = (vecs * np.maximum(lam, floor)) @ vecs.T
        try:
            chol = np.linalg.cholesky(rebuilt)
            return chol.T @ v, {"repaired": True, "floor": floor, "clipped": clipped}
        except np.linalg.LinAlgError:
            floor *= 10
    raise RuntimeError("prepare: repaired covariance still not positive definite")


def streams(seed, paths):
    """One generator per block of BLOCK paths."""
    blocks = -(-paths // BLOCK)
    return [np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(blocks)]


def simulate_blocks(b, gens, paths, out, blocks):
    k = b.size
    for i in blocks:
        start = i * BLOCK
        end = min(start + BLOCK, paths)
        z = gens[i].standard_normal((end - start, k))
        np.matmul(z, b, out=out[start:end])


def simulate(b, seed, paths, threads):
    gens = streams(seed, paths)
    out = np.empty(paths)
    blocks = list(range(len(gens)))
    if threads == 1:
        simulate_blocks(b, gens, paths, out, blocks)
    else:
        parts = [blocks[t::threads] for t in range(threads)]
        with ThreadPoolExecutor(threads) as ex:
            list(ex.map(lambda p: simulate_blocks(b, gens, paths, out, p), parts))
    return out


def summarize(pnl, c):
    n = pnl.size
    sd = float(pnl.std(ddof=1))
    q25, q75 = np.quantile(pnl, [0.25, 0.75], method="linear")
    iqr = float(q75 - q25)
    spread = min(sd, iqr / 1.34) if iqr > 0 else sd
    h = 0.9 * spread * n ** -0.2
    q = float(np.quantile(pnl, 1 - c, method="linear"))
    var = -q
    tail = pnl[pnl <= q]
    es = -float(tail.mean())
    k = tail.size
    p = 1 - c
    dens = float(np.exp(-0.5 * ((q - pnl) / h) ** 2).sum()) / (n * h * math.sqrt(2 * math.pi))
    tail_var = float(tail.var(ddof=1)) if k > 1 else 0.0
    return {
        "var": var,
        "es": es,
        "varStdError": math.sqrt(p * (1 - p) / n) / dens,
        "esStdError": math.sqrt((tail_var + (1 - p) * (es - var) ** 2) / k),
        "tailCount": int(k),
    }


def ms(t0, t1):
    return (t1 - t0) / 1e6


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: numpy_mc_reference.py <mc-matrices dir>")
    d = Path(sys.argv[1])
    headers = sorted(d.glob("*.json"))
    if len(headers) != 1:
        sys.exit(f"numpy_mc_reference.py: expected one <id>.json header in {d} (run the JS monte-carlo bench first)")
    h = json.loads(headers[0].read_text())
    n, paths, seed, c = h["N"], h["paths"], h["seed"], h["confidence"]
    cov = np.fromfile(d / "cov.f64", dtype="<f8").reshape(n, n)
    v = np.fromfile(d / "values.f64", dtype="<f8")
    runs = h["runs"]

    prepare_ms = []
    for _ in range(1 + runs):
        t0 = time.perf_counter_ns()
        b, repair = prepare(cov, v)
        prepare_ms.append(ms(t0, time.perf_counter_ns()))

    timing = {1: {"simulate": [], "summarize": [], "total": [], "cpu": []}, 2: {"simulate": [], "summarize": [], "total": [], "cpu": []}}
    figures = {}
    pnl_first = None
    for i in range(1 + runs):  # run 0 is a warm-up; the two variants interleaved, as in the JS bench
        for threads in (1, 2):
            t0 = time.perf_counter_ns()
            c0 = time.process_time_ns()  # CPU time of all threads of this process
            pnl = simulate(b, seed, paths, threads)
            t1 = time.perf_counter_ns()
            figures = summarize(pnl, c)
            t2 = time.perf_counter_ns()
            c2 = time.process_time_ns()
            if pnl_first is None:
                pnl_first = pnl
            elif not np.array_equal(pnl, pnl_first):
                raise RuntimeError("numpy_mc_reference.py: the threaded run differs from the single-threaded one")
            if i > 0:
                timing[threads]["simulate"].append(ms(t0, t1))
                timing[threads]["summarize"].append(ms(t1, t2))
                timing[threads]["total"].append(ms(t0, t2))
                timing[threads]["cpu"].append(ms(c0, c2))

    sigma = float(np.sqrt(b @ b))
    z = NormalDist().inv_cdf(c)
    analytic = {"var": z * sigma, "es": sigma * math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi) / (1 - c)}
    js = h["jsFigures"]
    checks = {
        "sigmaRelDiffVsJs": abs(sigma - js["sigma"]) / js["sigma"],
        "numpyVarVsAnalyticInSE": (figures["var"] - analytic["var"]) / figures["varStdError"],
        "numpyEsVsAnalyticInSE": (figures["es"] - analytic["es"]) / figures["esStdError"],
        "jsVarVsAnalyticInSE": (js["var"] - analytic["var"]) / js["varStdError"],
        "jsEsVsAnalyticInSE": (js["es"] - analytic["es"]) / js["esStdError"],
        "varNumpyMinusJsInSE": (figures["var"] - js["var"]) / math.hypot(figures["varStdError"], js["varStdError"]),
        "esNumpyMinusJsInSE": (figures["es"] - js["es"]) / math.hypot(figures["esStdError"], js["esStdError"]),
    }
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "python": platform.python_version(),
                "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                "N": n,
                "paths": paths,
                "repair": repair,
                "figures": figures,
                "analytic": analytic,
                "checks": checks,
                "prepare": {"coldMs": prepare_ms[0], "warm": stats(prepare_ms[1:])},
                "threads1": {k: stats(t) for k, t in timing[1].items()},
                "threads2": {k: stats(t) for k, t in timing[2].items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
