#!/usr/bin/env python3
"""NumPy computation of the stress bench (bench/stress.bench.ts) on the matrices it exported (out/bench/stress-matrices):

- library: for each historical scenario, the book's P&L path R_s @ v over the window (and on to the end of the data
  for the time to recover), its worst day, maximum drawdown and first recovery, as RiskDesk computes them;
- generated: 10,000 block-bootstrap draws of 10 days from the same crisis-day pool (NumPy's own generator, so the
  draws differ from RiskDesk's; the work is the same: pick blocks, compound each factor, dot with v), in chunks of
  1,000 draws to bound memory.
Checks that the library totals equal RiskDesk's to 1e-9 relative. Prints one JSON object (medians in ms).
Usage: python3 bench/numpy_stress_reference.py out/bench/stress-matrices
"""
import json
import os
import sys
import time

import numpy as np

REL_TOL = 1e-9


def load(d):
    h = json.load(open(os.path.join(d, 'stress.json')))
    f = lambda n: np.fromfile(os.path.join(d, f'{n}.f64'), dtype='<f8')
    return h, f('paths'), f('exposure'), f('pool')


def library(h, paths, v):
    N = h['N']
    out, off = [], 0
    rows = h['rows']
    for k in range(len(h['scenarios'])):
        n, end = rows[2 * k], rows[2 * k + 1]
        R = paths[off: off + n * N].reshape(n, N)
        off += n * N
        pnl = R @ v
        w = pnl[: end + 1]
        day = np.diff(w)
        worst = int(np.argmin(day)) + 1
        peak = np.maximum.accumulate(w)
        dd = peak - w
        trough = int(np.argmax(dd))
        peak_i = int(np.argmax(w[: trough + 1])) if trough > 0 else 0
        rec = np.nonzero(pnl[trough + 1:] >= w[peak_i])[0]
        out.append({'total': float(w[-1]), 'worstDay': float(day[worst - 1]), 'maxDD': float(dd[trough]), 'recovery': int(rec[0]) + 1 if len(rec) else None})
    return out


def bootstrap(h, pool, v, rng):
    N, P, H, b = h['N'], h['poolRows'], h['horizon'], h['block']
    pool = pool.reshape(P, N)
    seg = np.array(h['segments']).reshape(-1, 2)
    # valid block starts of every segment (blocks never cross a segment's end)
    starts = np.concatenate([s + np.arange(max(1, n - b + 1)) for s, n in seg])
    lens = np.concatenate([np.full(max(1, n - b + 1), min(b, n)) for s, n in seg])
    out = np.empty(h['draws'])
    nb = -(-H // b)
    for c0 in range(0, h['draws'], 1000):
        m = min(1000, h['draws'] - c0)
        pick = rng.integers(0, len(starts), size=(m, nb))
        # rows of each draw: consecutive days of each block, cut at H (segments shorter than b are rare: take
        # their length and pad with the first row of the next block, which keeps the work per draw equal)
        offs = np.arange(b)
        rows = (starts[pick][:, :, None] + np.minimum(offs[None, None, :], lens[pick][:, :, None] - 1)).reshape(m, nb * b)[:, :H]
        g = np.prod(1.0 + pool[rows], axis=1)
        out[c0: c0 + m] = (g - 1.0) @ v
    return out


def main():
    d = sys.argv[1]
    h, paths, v, pool = load(d)
    runs = int(os.environ.get('STRESS_RUNS', '7'))
    lib_t, gen_t = [], []
    rng = np.random.default_rng(20260909)
    lib = None
    for k in range(runs + 1):
        t0 = time.perf_counter()
        lib = library(h, paths, v)
        t1 = time.perf_counter()
        draws = bootstrap(h, pool, v, rng)
        t2 = time.perf_counter()
        if k > 0:
            lib_t.append((t1 - t0) * 1e3)
            gen_t.append((t2 - t1) * 1e3)
    js = h['jsTotals']
    worst_rel = max(abs(a['total'] - b) / max(abs(b), 1e-300) for a, b in zip(lib, js))
    med = lambda x: {'median': float(np.median(x)), 'n': len(x)}
    print(json.dumps({
        'library': med(lib_t), 'draws': med(gen_t), 'batch': med([a + b for a, b in zip(lib_t, gen_t)]),
        'checks': {'libraryTotalsMaxRelDiff': worst_rel, 'ok': worst_rel <= REL_TOL},
        'generatedTail': {'worst': float(draws.min()), 'q01': float(np.quantile(draws, 0.01)), 'q05': float(np.quantile(draws, 0.05))},
        'numpy': np.__version__,
    }))


if __name__ == '__main__':
    main()
