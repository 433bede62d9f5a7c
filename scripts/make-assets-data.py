#!/usr/bin/env python3
"""Writes the compact market data bundled with RiskDesk (assets/data/) from the shared real data sets.

Inputs (read-only, see each folder's PROVENANCE.md): ../shared/data/sp500-daily-equities/{prices_daily.csv.gz,
symbols.csv, quality_flags.csv}, ../shared/data/sp500-gics-sectors/sectors.csv, ../shared/data/multi-asset-daily/
etf_daily.csv and vix_daily.csv. Nothing is taken from intraday-lean-samples (internal-testing-only licence).

Outputs: assets/data/prices_daily.csv.gz (date,symbol,close,adj_close,volume; sorted by symbol then date),
assets/data/sectors.csv (symbol,gics_sector,name), assets/data/quality_flags.csv (same columns as the source),
assets/data/vix_daily.csv (date,open,high,low,close: the Cboe VIX rows of the bundled date range, copied as printed).
PROVENANCE.md is written by hand; the selection this script prints must match it.

Selection rule: from a hand-picked list of large, liquid, well-known S&P 500 names per GICS sector (CANDIDATES),
keep those that (1) have a row on every trading day from 2005-01-03 to 2021-04-21 (first_date <= 2005-01-03,
last_date = 2021-04-21, no missing days in span), (2) have no zero-volume day, (3) have no quality flag dated
2019-01-01 or later. Values are copied byte for byte from the source rows (no reformatting).

Usage: python3 scripts/make-assets-data.py [--shared ../shared/data]   (stdlib only: csv, gzip)
"""
import argparse
import csv
import gzip
import io
import os
import sys

START, END = '2005-01-03', '2021-04-21'
FLAG_FREE_FROM = '2019-01-01'
CANDIDATES = {
    'Information Technology': 'AAPL MSFT NVDA ORCL CSCO INTC ADBE TXN QCOM IBM ACN AMD MU CRM',
    'Communication Services': 'GOOGL VZ T DIS CMCSA NFLX EA OMC',
    'Consumer Discretionary': 'AMZN HD MCD NKE SBUX LOW TGT BKNG F',
    'Consumer Staples': 'PG KO PEP WMT COST MO CL KMB',
    'Energy': 'XOM CVX COP SLB EOG OXY HAL VLO',
    'Financials': 'JPM BAC WFC C GS MS AXP USB BLK SCHW',
    'Health Care': 'JNJ UNH PFE MRK ABT AMGN TMO MDT BMY LLY GILD',
    'Industrials': 'HON UNP CAT BA GE MMM LMT UPS DE RTX',
    'Materials': 'LIN APD SHW NEM ECL DD FCX NUE',
    'Real Estate': 'AMT SPG PLD PSA EQR O WELL AVB',
    'Utilities': 'NEE DUK SO D AEP EXC SRE ED',
}
ETFS = {
    'SPY': 'SPDR S&P 500 ETF Trust',
    'QQQ': 'Invesco QQQ Trust (Nasdaq-100)',
    'TLT': 'iShares 20+ Year Treasury Bond ETF',
    'IEF': 'iShares 7-10 Year Treasury Bond ETF',
    'GLD': 'SPDR Gold Shares',
}
OUT_COLUMNS = ['date', 'symbol', 'close', 'adj_close', 'volume']
VIX_COLUMNS = ['date', 'open', 'high', 'low', 'close']


def select_equities(shared):
    symbols = {r['symbol']: r for r in csv.DictReader(open(os.path.join(shared, 'sp500-daily-equities/symbols.csv')))}
    sectors = {r['symbol']: r for r in csv.DictReader(open(os.path.join(shared, 'sp500-gics-sectors/sectors.csv')))}
    recent_flags = set()
    for r in csv.DictReader(open(os.path.join(shared, 'sp500-daily-equities/quality_flags.csv'))):
        if r['date'] >= FLAG_FREE_FROM:
            recent_flags.add(r['symbol'])
    chosen, dropped = [], []
    for sector, names in CANDIDATES.items():
        for sym in names.split():
            s = symbols[sym]
            assert sectors[sym]['gics_sector'] == sector, (sym, sectors[sym]['gics_sector'], sector)
            why = []
            if s['first_date'] > START or s['last_date'] != END or s['missing_days_in_span'] != '0':
                why.append(f"history {s['first_date']}..{s['last_date']}, {s['missing_days_in_span']} missing days")
            if s['zero_volume_days'] != '0':
                why.append(f"{s['zero_volume_days']} zero-volume days")
            if sym in recent_flags:
                why.append(f'quality flag dated {FLAG_FREE_FROM} or later')
            (dropped.append((sym, '; '.join(why))) if why else chosen.append(sym))
    return chosen, dropped, sectors


def write_gzip_csv(path, header, rows):
    # mtime=0 and no file name in the gzip header, so that the output is byte-reproducible.
    with open(path, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, compresslevel=9, mtime=0) as gz:
            text = io.TextIOWrapper(gz, encoding='ascii', newline='')
            text.write(','.join(header) + '\n')
            for r in rows:
                text.write(','.join(r) + '\n')
            text.flush()
            text.detach()


def write_vix(shared, out_dir, calendar):
    """Copies the VIX rows dated START..END byte for byte; every bundled trading day must have a VIX close."""
    with open(os.path.join(shared, 'multi-asset-daily/vix_daily.csv'), newline='') as f:
        reader = csv.reader(f)
        hdr = next(reader)
        assert hdr == VIX_COLUMNS, hdr
        rows = [r for r in reader if START <= r[0] <= END]
    dates = [r[0] for r in rows]
    assert dates == sorted(set(dates)), 'VIX dates must be strictly ascending'
    missing = sorted(set(calendar) - set(dates))
    assert not missing, f'VIX has no close on {len(missing)} bundled trading days, first {missing[:5]}'
    with open(os.path.join(out_dir, 'vix_daily.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(VIX_COLUMNS)
        w.writerows(rows)
    return rows


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(repo, '..', 'shared', 'data'))
    args = ap.parse_args()
    out_dir = os.path.join(repo, 'assets', 'data')
    os.makedirs(out_dir, exist_ok=True)

    equities, dropped, sectors = select_equities(args.shared)
    wanted = set(equities)
    rows = []
    with gzip.open(os.path.join(args.shared, 'sp500-daily-equities/prices_daily.csv.gz'), 'rt', newline='') as f:
        reader = csv.reader(f)
        hdr = next(reader)
        assert hdr == OUT_COLUMNS, hdr
        for r in reader:
            if r[1] in wanted and START <= r[0] <= END:
                rows.append(r)
    with open(os.path.join(args.shared, 'multi-asset-daily/etf_daily.csv'), newline='') as f:
        reader = csv.DictReader(f)
        for r in reader:
            if r['symbol'] in ETFS and START <= r['date'] <= END:
                rows.append([r[c] for c in OUT_COLUMNS])
    rows.sort(key=lambda r: (r[1], r[0]))
    seen = set()
    for r in rows:
        assert (r[0], r[1]) not in seen, r
        seen.add((r[0], r[1]))
    write_gzip_csv(os.path.join(out_dir, 'prices_daily.csv.gz'), OUT_COLUMNS, rows)

    with open(os.path.join(out_dir, 'sectors.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['symbol', 'gics_sector', 'name'])
        for sym in sorted(equities):
            w.writerow([sym, sectors[sym]['gics_sector'], sectors[sym]['name']])
        for sym in sorted(ETFS):
            w.writerow([sym, 'ETF', ETFS[sym]])

    with open(os.path.join(args.shared, 'sp500-daily-equities/quality_flags.csv'), newline='') as f:
        reader = csv.reader(f)
        hdr = next(reader)
        flag_rows = [r for r in reader if r[1] in wanted and START <= r[0] <= END]
    flag_rows.sort(key=lambda r: (r[1], r[0]))
    with open(os.path.join(out_dir, 'quality_flags.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(hdr)
        w.writerows(flag_rows)

    vix_rows = write_vix(args.shared, out_dir, {r[0] for r in rows if r[1] == 'SPY'})

    per_sector = {}
    for sym in equities:
        per_sector.setdefault(sectors[sym]['gics_sector'], []).append(sym)
    print(f'{len(equities)} equities + {len(ETFS)} ETFs, {len(rows)} price rows, {len(flag_rows)} flag rows, {len(vix_rows)} VIX rows')
    for sector, syms in per_sector.items():
        print(f'  {sector} ({len(syms)}): {" ".join(syms)}')
    for sym, why in dropped:
        print(f'  dropped {sym}: {why}')
    if len(equities) < 80 or len(per_sector) != 11:
        sys.exit('selection rule left fewer than 80 equities or not all 11 sectors')


if __name__ == '__main__':
    main()
