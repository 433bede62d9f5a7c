#!/usr/bin/env python3
"""Writes the market data the Stress Lab's historical scenario library needs (assets/data/stress/) from the shared
real data sets. Python 3 standard library only (csv, gzip). Byte-reproducible: gzip level 9, mtime 0, no file name.

Inputs (read-only, see each folder's PROVENANCE.md):
  ../shared/data/multi-asset-daily/sp500_index_daily.csv   S&P 500 price index, 1979-12-31..
  ../shared/data/french-data-library-daily/industry10_vw_daily.csv   10 industry portfolios, daily % returns
  ../shared/data/sp500-daily-equities/prices_daily.csv.gz   equities from 1999-11-01
  ../shared/data/multi-asset-daily/etf_daily.csv            SPY, QQQ from 2000-01-03; TLT, IEF 2002; GLD 2004
  ../shared/data/multi-asset-daily/vix_daily.csv            VIX from 1990-01-02
Outputs:
  assets/data/stress/sp500_index_daily.csv.gz   date,close (index points) 1979-12-31..2021-04-21
  assets/data/stress/industry10_vw_daily.csv.gz date + the 10 industries (% returns, as printed) 1979-12-31..2021-04-21
  assets/data/stress/adj_close_2000_2004.csv.gz date,symbol,adj_close of the symbols bundled in
      assets/data/prices_daily.csv.gz, every source row dated 2000-01-03..2004-12-31 (the dotcom-2000 and sept11-2001
      windows start before the main bundle; 2000-01-03 is SPY's first day), adj_close copied byte for byte, sorted
      by symbol then date. Only adj_close: scenario returns use nothing else, which halves the file.
  assets/data/stress/vix_1990_2004.csv.gz        date,close of the VIX 1990-01-02..2004-12-31 (as printed)
The end date 2021-04-21 is the last date of the main bundle: a scenario never needs later data (as-of dates are
inside the bundle).

Usage: python3 scripts/make-stress-data.py [--shared ../shared/data]
"""
import argparse
import csv
import gzip
import io
import os

FIRST, EQ_FIRST, MAIN_START, END = '1979-12-31', '2000-01-03', '2005-01-03', '2021-04-21'
INDUSTRIES = ['NoDur', 'Durbl', 'Manuf', 'Enrgy', 'HiTec', 'Telcm', 'Shops', 'Hlth', 'Utils', 'Other']
PRICE_COLUMNS = ['date', 'symbol', 'close', 'adj_close', 'volume']
OUT_COLUMNS = ['date', 'symbol', 'adj_close']


def write_gzip_csv(path, header, rows):
    with open(path, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, compresslevel=9, mtime=0) as gz:
            text = io.TextIOWrapper(gz, encoding='ascii', newline='')
            text.write(','.join(header) + '\n')
            for r in rows:
                text.write(','.join(r) + '\n')
            text.flush()
            text.detach()


def strictly_ascending(dates, what):
    assert all(a < b for a, b in zip(dates, dates[1:])), f'{what}: dates not strictly ascending'


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(repo, '..', 'shared', 'data'))
    args = ap.parse_args()
    out = os.path.join(repo, 'assets', 'data', 'stress')
    os.makedirs(out, exist_ok=True)

    with open(os.path.join(args.shared, 'multi-asset-daily/sp500_index_daily.csv'), newline='') as f:
        rows = [[r['date'], r['close']] for r in csv.DictReader(f) if FIRST <= r['date'] <= END]
    strictly_ascending([r[0] for r in rows], 'sp500 index')
    assert all(float(r[1]) > 0 for r in rows)
    write_gzip_csv(os.path.join(out, 'sp500_index_daily.csv.gz'), ['date', 'close'], rows)
    print(f'sp500_index_daily: {len(rows)} rows {rows[0][0]}..{rows[-1][0]}')

    with open(os.path.join(args.shared, 'french-data-library-daily/industry10_vw_daily.csv'), newline='') as f:
        reader = csv.reader(f)
        hdr = next(reader)
        assert hdr == ['date'] + INDUSTRIES, hdr
        rows = [r for r in reader if FIRST <= r[0] <= END]
    strictly_ascending([r[0] for r in rows], 'industries')
    write_gzip_csv(os.path.join(out, 'industry10_vw_daily.csv.gz'), hdr, rows)
    print(f'industry10_vw_daily: {len(rows)} rows {rows[0][0]}..{rows[-1][0]}')

    with gzip.open(os.path.join(repo, 'assets/data/prices_daily.csv.gz'), 'rt', newline='') as f:
        bundled = {r['symbol'] for r in csv.DictReader(f)}
    rows = []
    with gzip.open(os.path.join(args.shared, 'sp500-daily-equities/prices_daily.csv.gz'), 'rt', newline='') as f:
        reader = csv.reader(f)
        assert next(reader) == PRICE_COLUMNS
        rows += [[r[0], r[1], r[3]] for r in reader if r[1] in bundled and EQ_FIRST <= r[0] < MAIN_START]
    with open(os.path.join(args.shared, 'multi-asset-daily/etf_daily.csv'), newline='') as f:
        rows += [[r[c] for c in OUT_COLUMNS] for r in csv.DictReader(f) if r['symbol'] in bundled and EQ_FIRST <= r['date'] < MAIN_START]
    rows.sort(key=lambda r: (r[1], r[0]))
    assert len({(r[0], r[1]) for r in rows}) == len(rows), 'duplicate (date, symbol)'
    assert all(float(r[2]) > 0 for r in rows)
    write_gzip_csv(os.path.join(out, 'adj_close_2000_2004.csv.gz'), OUT_COLUMNS, rows)
    print(f'adj_close_2000_2004: {len(rows)} rows, {len({r[1] for r in rows})} of {len(bundled)} bundled symbols')

    with open(os.path.join(args.shared, 'multi-asset-daily/vix_daily.csv'), newline='') as f:
        rows = [[r['date'], r['close']] for r in csv.DictReader(f) if r['date'] < MAIN_START]
    strictly_ascending([r[0] for r in rows], 'vix')
    write_gzip_csv(os.path.join(out, 'vix_1990_2004.csv.gz'), ['date', 'close'], rows)
    print(f'vix_1990_2004: {len(rows)} rows {rows[0][0]}..{rows[-1][0]}')


if __name__ == '__main__':
    main()
