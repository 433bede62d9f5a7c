#!/usr/bin/python3
"""The NumPy/pandas process that `riskdesk risk --method historical` and `riskdesk backtest` are timed against
(issue #12, whole process, alternating in one run: bench/cli-vs-python.mjs).

Usage:
  python3 bench/python_cli_reference.py risk --book B.csv --prices P.csv.gz --asof YYYY-MM-DD [--window 250] [--confidence 0.99]
  python3 bench/python_cli_reference.py backtest --book B.csv --prices P.csv.gz --from D --to D [--window 250] [--confidence 0.99]
Prints one JSON object with the figures (so the bench can check they agree with RiskDesk's).

What it does, as RiskDesk does (../shared/docs/RISK-CONVENTIONS.md):
  both      pandas.read_csv of the whole gzip price file (date, symbol, close, adj_close), the book's rows, one
            column per symbol (pivot), simple returns of adj_close on the dates where every book symbol trades
  risk      market values v_i = q_i * close_i at the as-of date; the last W returns; scenario P&L R @ v; historical
            VaR = -quantile(L, 1 - c, 'linear') (Hyndman-Fan type 7), ES = -mean(L <= q); and the delta-normal
            sigma_P = sqrt(v' S v) with the sample covariance S, VaR = z_c sigma_P, component VaR v_i (S v)_i z / sigma
  backtest  for each day t in [from, to]: v_{t-1} = q * close_{t-1}, VaR_t from the W returns ending at t-1, realised
            L_t = v_{t-1} . r_t, exception L_t < -VaR_t; Kupiec POF, Christoffersen independence and conditional
            coverage (chi-square p-values), Basel traffic light zone from the binomial (95 % / 99.99 %)
RiskDesk's `risk` computes more than this (its extended report: Student-t, Cornish-Fisher, Monte Carlo 100,000
paths, filtered HS with GARCH, EVT, regime, profile), so the comparison is conservative for RiskDesk. RiskDesk's
window alignment also handles symbols missing on some dates; this book's 30 names all trade on every date used.
"""
import argparse
import json
import math
import sys

import numpy as np
import pandas as pd
from scipy.stats import binom, chi2, norm


def load(prices, book):
    q = pd.read_csv(book).set_index("symbol")["quantity"].astype(float)
    df = pd.read_csv(prices, usecols=["date", "symbol", "close", "adj_close"], dtype={"symbol": str})
    df = df[df["symbol"].isin(q.index)]
    adj = df.pivot(index="date", columns="symbol", values="adj_close")[q.index]
    close = df.pivot(index="date", columns="symbol", values="close")[q.index]
    full = adj.notna().all(axis=1) & close.notna().all(axis=1)
    adj, close = adj[full], close[full]
    return q.to_numpy(), adj, close


def hist_var_es(pnl, c):
    qv = np.quantile(pnl, 1 - c, method="linear")
    return float(-qv), float(-pnl[pnl <= qv].mean())


def risk(args):
    q, adj, close = load(args.prices, args.book)
    dates = adj.index
    t = dates.get_loc(args.asof)
    R = adj.iloc[t - args.window : t + 1].pct_change().iloc[1:].to_numpy()
    v = q * close.iloc[t].to_numpy()
    pnl = R @ v
    var, es = hist_var_es(pnl, args.confidence)
    S = np.cov(R, rowvar=False, ddof=1)
    Sv = S @ v
    sigma = math.sqrt(float(v @ Sv))
    z = norm.ppf(args.confidence)
    component = v * Sv * z / sigma
    return {
        "asof": args.asof,
        "marketValue": float(v.sum()),
        "historicalVaR": var,
        "historicalES": es,
        "sigma": sigma,
        "normalVaR": z * sigma,
        "componentVaRSum": float(component.sum()),
    }


def basel_zone(x, n, p):
    """Green below the 95 % binomial quantile, red from the 99.99 % one (for n = 250, p = 1 %: 0-4, 5-9, 10+)."""
    cdf = binom.cdf(x - 1, n, p) if x > 0 else 0.0  # P(X < x)
    return "green" if cdf < 0.95 else ("yellow" if cdf < 0.9999 else "red")


def backtest(args):
    q, adj, close = load(args.prices, args.book)
    dates = list(adj.index)
    R = adj.pct_change().to_numpy()
    C = close.to_numpy()
    days = [i for i, d in enumerate(dates) if args.frm <= d <= args.to and i - args.window >= 1]
    hits = []
    for t in days:
        v = q * C[t - 1]
        var, _ = hist_var_es(R[t - args.window : t] @ v, args.confidence)
        hits.append(bool(float(R[t] @ v) < -var))
    h = np.array(hits, dtype=int)
    n, x, p = len(h), int(h.sum()), 1 - args.confidence

    def ll(k, m, pr):
        return (m - k) * math.log(1 - pr) + (k * math.log(pr) if k > 0 else 0.0) if 0 < pr < 1 else 0.0

    lr_pof = -2 * ll(x, n, p) + 2 * ll(x, n, x / n) if n > 0 else float("nan")
    pairs = list(zip(h[:-1], h[1:]))
    n00 = sum(1 for a, b in pairs if a == 0 and b == 0)
    n01 = sum(1 for a, b in pairs if a == 0 and b == 1)
    n10 = sum(1 for a, b in pairs if a == 1 and b == 0)
    n11 = sum(1 for a, b in pairs if a == 1 and b == 1)
    p01 = n01 / (n00 + n01) if n00 + n01 else 0.0
    p11 = n11 / (n10 + n11) if n10 + n11 else 0.0
    p1 = (n01 + n11) / len(pairs) if pairs else 0.0
    lr_ind = -2 * (ll(n01 + n11, len(pairs), p1)) + 2 * (ll(n01, n00 + n01, p01) + ll(n11, n10 + n11, p11))
    return {
        "days": n,
        "exceptions": x,
        "kupiecLR": lr_pof,
        "kupiecP": float(chi2.sf(lr_pof, 1)),
        "christoffersenIndLR": lr_ind,
        "conditionalCoverageP": float(chi2.sf(lr_pof + lr_ind, 2)),
        "zone": basel_zone(x, n, p),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["risk", "backtest"])
    ap.add_argument("--book", required=True)
    ap.add_argument("--prices", required=True)
    ap.add_argument("--asof")
    ap.add_argument("--from", dest="frm")
    ap.add_argument("--to")
    ap.add_argument("--window", type=int, default=250)
    ap.add_argument("--confidence", type=float, default=0.99)
    args = ap.parse_args()
    out = risk(args) if args.command == "risk" else backtest(args)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
