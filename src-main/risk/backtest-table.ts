/**
 * Human-readable forms of backtest results for `riskdesk backtest` (the JSON form is the result itself).
 */
import type { BacktestResult } from '@shared/domain/backtest-result'
import { METHOD_LABELS } from './backtest-methods'

const pct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)} %`
const money = (x: number): string => Math.round(x).toLocaleString('en-US')
/** p-values span many orders of magnitude: fixed notation down to 1e-4, scientific below. */
const pValue = (p: number): string => (p >= 1e-4 ? p.toFixed(4) : p.toExponential(2))
const confidenceLabel = (c: number): string => `${(c * 100).toFixed(2).replace(/\.?0+$/, '')} %`

/** Pads cells into aligned columns; the columns in `right` are right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number>): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((c, j) => (right.has(j) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** "green 0-4, yellow 5-9, red 10+" for the result's n and c. */
export function zoneBounds(t: BacktestResult['trafficLight']): string {
  const yellow = t.yellowMax > t.greenMax ? `, yellow ${t.greenMax + 1}-${t.yellowMax}` : ''
  return `green 0-${t.greenMax}${yellow}, red ${t.yellowMax + 1}+`
}

function footer(r: BacktestResult): string[] {
  const lines: string[] = []
  if (r.excluded.length > 0) lines.push('', 'Excluded throughout (as at the start):', ...r.excluded.map((e) => `  ${e.symbol}: ${e.reason}`))
  if (r.dataQuality.length > 0) {
    lines.push('', 'Data quality:')
    for (const d of r.dataQuality) {
      const parts = [d.filledDays > 0 ? `${d.filledDays} carried-forward price(s)` : '', ...d.flags.map((f) => `${f.date} ${f.issue}`)].filter(Boolean)
      lines.push(`  ${d.symbol}: ${parts.join('; ')}`)
    }
  }
  return lines
}

function heading(r: BacktestResult): string {
  return `Backtest of book ${r.book}  ${r.from}..${r.to}  window ${r.window} days  VaR ${confidenceLabel(r.confidence)} one-day  (${r.symbols.length} instruments)`
}

/** One method: counts, the three likelihood-ratio tests, the Basel zone and the exception dates with their losses. */
export function formatBacktest(r: BacktestResult): string {
  const params = [r.nu !== null ? `nu = ${r.nu}` : '', r.lambda !== null ? `lambda = ${r.lambda}` : ''].filter(Boolean).join(', ')
  const byDate = new Map(r.series.map((s) => [s.date, s]))
  const lines = [
    heading(r),
    `Method ${r.method} (${METHOD_LABELS[r.method]}${params ? `, ${params}` : ''})`,
    '',
    `Observations      ${r.observations}`,
    `Exceptions        ${r.exceptions} (expected ${r.expectedExceptions.toFixed(2)}; rate ${pct(r.exceptions / r.observations)} vs ${pct(1 - r.confidence)})`,
    `Kupiec POF        LR ${r.kupiec.lr.toFixed(4)}  p ${pValue(r.kupiec.pValue)}`,
    `Christoffersen    LR ${r.christoffersen.lrInd.toFixed(4)}  p ${pValue(r.christoffersen.pValue)}  (n00 ${r.christoffersen.n00}, n01 ${r.christoffersen.n01}, n10 ${r.christoffersen.n10}, n11 ${r.christoffersen.n11})`,
    `Cond. coverage    LR ${r.conditionalCoverage.lr.toFixed(4)}  p ${pValue(r.conditionalCoverage.pValue)}`,
    `Basel zone        ${r.trafficLight.zone.toUpperCase()}  (${zoneBounds(r.trafficLight)} for ${r.observations} days; P(X <= ${r.exceptions}) = ${pct(r.trafficLight.cumulativeProbability)})`,
  ]
  if (r.exceptionDates.length > 0) {
    lines.push(
      '',
      table(
        ['Exception', 'VaR', 'P&L'],
        r.exceptionDates.map((d) => {
          const s = byDate.get(d)!
          return [d, money(s.var), money(s.pnl)]
        }),
        new Set([1, 2]),
      ),
    )
  }
  return [...lines, ...footer(r)].join('\n')
}

/** Several methods over the same book and days: one row per method. */
export function formatBacktestComparison(results: readonly BacktestResult[]): string {
  const first = results[0]
  if (!first) return ''
  const rows = results.map((r) => [
    r.method,
    String(r.observations),
    String(r.exceptions),
    r.expectedExceptions.toFixed(2),
    pct(r.exceptions / r.observations),
    pValue(r.kupiec.pValue),
    pValue(r.christoffersen.pValue),
    pValue(r.conditionalCoverage.pValue),
    r.trafficLight.zone.toUpperCase(),
  ])
  return [
    heading(first),
    `Basel zones for ${first.observations} days: ${zoneBounds(first.trafficLight)}`,
    '',
    table(['Method', 'Days', 'Exceptions', 'Expected', 'Rate', 'Kupiec p', 'Christoffersen p', 'Cond. cov. p', 'Zone'], rows, new Set([1, 2, 3, 4, 5, 6, 7])),
    ...footer(first),
  ].join('\n')
}
