import { BacktestResultSchema, type BacktestResult } from '@shared/domain/backtest-result'

const DAY_MS = 86_400_000

/** ISO date `n` calendar days after `start`. */
function dayAfter(start: string, n: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/**
 * A backtest result as the host sends it (parsed with the contract schema): `days` consecutive dates from `start`,
 * VaR 100,000 every day, P&L −150,000 on the days listed in `exceptionAt` (indices) and small gains or losses otherwise.
 * The statistics are placeholders of the right shape: the panel only displays them (their computation is tested on
 * the Node side against NumPy/SciPy).
 */
export function backtestResult(
  opts: { start?: string; days?: number; exceptionAt?: number[] } = {},
  over: Partial<BacktestResult> = {},
): BacktestResult {
  const start = opts.start ?? '2023-01-02'
  const days = opts.days ?? 250
  const hits = new Set(opts.exceptionAt ?? [10, 120, 121])
  const series = Array.from({ length: days }, (_, j) => ({
    date: dayAfter(start, j),
    var: 100_000,
    pnl: hits.has(j) ? -150_000 : ((j % 7) - 3) * 10_000,
  }))
  const exceptionDates = series.filter((s) => s.pnl < -s.var).map((s) => s.date)
  return BacktestResultSchema.parse({
    book: 'demo-book',
    method: 'historical',
    from: series[0]!.date,
    to: series.at(-1)!.date,
    window: 250,
    confidence: 0.99,
    lambda: null,
    nu: null,
    observations: days,
    exceptions: exceptionDates.length,
    expectedExceptions: days * 0.01,
    exceptionDates,
    series,
    kupiec: { lr: 0.1234, pValue: 0.7254 },
    christoffersen: { lrInd: 2.5, pValue: 0.1138, n00: days - 6, n01: 2, n10: 2, n11: 1 },
    conditionalCoverage: { lr: 2.62, pValue: 0.00012 },
    trafficLight: { zone: 'green', greenMax: 4, yellowMax: 9, cumulativeProbability: 0.7581 },
    symbols: ['AAPL', 'MSFT'],
    excluded: [],
    dataQuality: [],
    ...over,
  })
}
