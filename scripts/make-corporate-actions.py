#!/usr/bin/env python3
"""Writes assets/data/corporate_actions.csv: the corporate actions (dividends, splits) of the bundled equities.

Input (read-only, see its PROVENANCE.md): ../shared/data/sp500-daily-equities/corporate_actions.csv
(date,symbol,dividend_amount,split_coefficient). The bundled symbols are those of assets/data/sectors.csv (written by
scripts/make-assets-data.py); the bundled date range is that script's START..END. The 5 ETFs come from another
source that has no corporate actions, so they have no rows.

Output: assets/data/corporate_actions.csv, same columns, rows copied byte for byte, sorted by symbol then date.
The desk applies the rows with split_coefficient != 1 on their ex-date (docs/RISK-CONVENTIONS.md, "Corporate actions").

Usage: python3 scripts/make-corporate-actions.py [--shared ../shared/data]   (stdlib only)
"""
import argparse
import csv
import os

START, END = '2005-01-03', '2021-04-21'  # as scripts/make-assets-data.py
COLUMNS = ['date', 'symbol', 'dividend_amount', 'split_coefficient']


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(repo, '..', 'shared', 'data'))
    args = ap.parse_args()
    out_dir = os.path.join(repo, 'assets', 'data')
    with open(os.path.join(out_dir, 'sectors.csv'), newline='') as f:
        bundled = {r['symbol'] for r in csv.DictReader(f)}
    with open(os.path.join(args.shared, 'sp500-daily-equities/corporate_actions.csv'), newline='') as f:
        reader = csv.reader(f)
        hdr = next(reader)
        assert hdr == COLUMNS, hdr
        rows = [r for r in reader if r[1] in bundled and START <= r[0] <= END]
    rows.sort(key=lambda r: (r[1], r[0]))
    seen = set()
    for r in rows:
        assert (r[0], r[1]) not in seen, r
        seen.add((r[0], r[1]))
        assert float(r[3]) > 0, r
    with open(os.path.join(out_dir, 'corporate_actions.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(COLUMNS)
        w.writerows(rows)
    splits = [r for r in rows if float(r[3]) != 1]
    print(f'{len(rows)} rows for {len({r[1] for r in rows})} symbols: {len(rows) - len(splits)} dividend-only, {len(splits)} splits')
    for r in splits:
        print(f'  split {r[1]} {r[0]} x{r[3]}')


if __name__ == '__main__':
    main()
