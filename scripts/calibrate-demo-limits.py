#!/usr/bin/env python3
"""Calibrates assets/books/demo-desk.limits.json against the bundled real data (assets/data/prices_daily.csv.gz).

For every trading day of 2019-06-03..2020-04-30 the book's fixed quantities are valued at that day's raw close and the
figures the desk limits watch are computed with RISK-CONVENTIONS.md: 99 % one-day historical VaR on the last W = 250
simple adj_close returns (Hyndman-Fan type 7 quantile, numpy 'linear'), per-position loss = -q (P - cost), weight
|v| / gross, days to liquidate |q| / (0.2 * ADV20). Every instrument of the demo book trades on every day of the
period, so the union calendar has no gaps.

Rule: each limit sits 15 % above the worst value of the calm period 2019-06-03..2020-02-14, rounded up to a round
number; maxDaysToLiquidate is a desk policy of 1 day (the calm maximum is far below). The script checks that the
crash breaks the VaR limit by >= 25 % (CRITICAL in src-main/desk/limits.ts) and prints the numbers recorded in
assets/books/README.md. Usage: python3 scripts/calibrate-demo-limits.py [--write]   (numpy)
"""
import csv
import gzip
import json
import math
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOK = os.path.join(REPO, 'assets', 'books', 'demo-desk.csv')
LIMITS = os.path.join(REPO, 'assets', 'books', 'demo-desk.limits.json')
PRICES = os.path.join(REPO, 'assets', 'data', 'prices_daily.csv.gz')
W, C, RHO, ADV_DAYS = 250, 0.99, 0.2, 20
CALM = ('2019-06-03', '2020-02-14')
CRASH = ('2020-02-18', '2020-04-30')
HEADROOM = 1.15


def round_up(x, step):
    return math.ceil(x / step) * step


def main():
    book = list(csv.DictReader(open(BOOK)))
    syms = [b['symbol'] for b in book]
    q = np.array([float(b['quantity']) for b in book])
    cost = np.array([float(b['cost']) for b in book])
    data = {s: {} for s in syms}
    with gzip.open(PRICES, 'rt', newline='') as f:
        for r in csv.DictReader(f):
            if r['symbol'] in data:
                data[r['symbol']][r['date']] = (float(r['close']), float(r['adj_close']), float(r['volume']))
    dates = sorted(set().union(*[d.keys() for d in data.values()]))
    for s in syms:
        assert len(data[s]) == len(dates), f'{s} has gaps; the calibration assumes a full calendar'
    close = np.array([[data[s][d][0] for s in syms] for d in dates])
    adj = np.array([[data[s][d][1] for s in syms] for d in dates])
    vol = np.array([[data[s][d][2] for s in syms] for d in dates])
    ret = adj[1:] / adj[:-1] - 1  # ret[k] is the return on dates[k + 1]

    rows = []
    for t, d in enumerate(dates):
        if not (CALM[0] <= d <= CRASH[1]):
            continue
        v = q * close[t]
        L = ret[t - W:t] @ v  # the W returns ending on dates[t]
        var = -np.quantile(L, 1 - C)
        gross = np.abs(v).sum()
        loss = -(q * (close[t] - cost))
        adv = vol[t - ADV_DAYS + 1:t + 1].mean(axis=0)
        days = np.abs(q) / (RHO * adv)
        rows.append((d, var, loss.max(), syms[int(loss.argmax())], (np.abs(v) / gross).max(),
                     syms[int((np.abs(v) / gross).argmax())], days.max(), syms[int(days.argmax())], gross, v.sum()))

    calm = [r for r in rows if CALM[0] <= r[0] <= CALM[1]]
    crash = [r for r in rows if CRASH[0] <= r[0] <= CRASH[1]]
    worst = lambda rs, k: max(rs, key=lambda r: r[k])  # noqa: E731
    var_limit = round_up(HEADROOM * worst(calm, 1)[1], 10_000)
    loss_limit = round_up(HEADROOM * worst(calm, 2)[2], 10_000)
    weight_limit = round_up(HEADROOM * worst(calm, 4)[4], 0.01)
    limits = {
        'varLimit': var_limit,
        'varMethod': 'historical',
        'maxLossPerPosition': loss_limit,
        'maxPositionWeight': round(weight_limit, 2),
        'maxDaysToLiquidate': 1,
        'policy': 'propose',
        'graceSeconds': 30,
        'risingUpdates': 3,
    }

    print(f'calm {CALM[0]}..{CALM[1]} ({len(calm)} days):')
    for k, name in ((1, 'VaR'), (2, 'max position loss'), (4, 'max weight'), (6, 'max days to liquidate')):
        lo = min(calm, key=lambda r: r[k])
        hi = worst(calm, k)
        sym = f' ({hi[k + 1]})' if k > 1 else ''
        print(f'  {name}: min {lo[k]:,.4f} on {lo[0]}, max {hi[k]:,.4f} on {hi[0]}{sym}')
    print(f'  gross {min(r[8] for r in calm):,.0f}..{max(r[8] for r in calm):,.0f}, net {min(r[9] for r in calm):,.0f}..{max(r[9] for r in calm):,.0f}')
    print('limits:', json.dumps(limits))
    print(f'crash {CRASH[0]}..{CRASH[1]}: date, VaR, VaR/limit, max loss (symbol), max weight (symbol)')
    for r in crash:
        ratio = r[1] / var_limit
        sev = 'CRITICAL' if ratio >= 1.25 else 'HIGH' if ratio >= 1.10 else 'MEDIUM' if ratio > 1 else ''
        print(f'  {r[0]} {r[1]:12,.0f} {ratio:5.2f} {sev:8s} {r[2]:10,.0f} {r[3]:5s} {r[4]:.4f} {r[5]}')
    first_breach = next((r[0] for r in crash if r[1] > var_limit), None)
    march = [r for r in crash if r[0].startswith('2020-03')]
    peak = worst(crash, 1)
    print(f'first VaR breach {first_breach}; March 2020 VaR {min(r[1] for r in march):,.0f}..{max(r[1] for r in march):,.0f}; '
          f'peak {peak[1]:,.0f} on {peak[0]} = {peak[1] / var_limit:.2f} x limit')
    if not (max(r[1] for r in calm) < var_limit and peak[1] >= 1.25 * var_limit):
        sys.exit('calibration rule failed: the calm period must respect the VaR limit and March 2020 must break it by >= 25 %')
    if '--write' in sys.argv:
        with open(LIMITS, 'w') as f:
            json.dump(limits, f, indent=2)
            f.write('\n')
        print('wrote', LIMITS)


if __name__ == '__main__':
    main()
