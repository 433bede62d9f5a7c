import type { RiskReport } from '@shared/domain/risk-report'

const money = (x: number): string => Math.round(x).toLocaleString('en-US')
const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`

/** Pads cells into aligned columns; numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], rightAlign: ReadonlySet<number>): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, j) => (rightAlign.has(j) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** The human-readable form of `riskdesk risk`. */
export function formatRiskReport(r: RiskReport): string {
  const c = `${(r.confidence * 100).toFixed(1).replace(/\.0$/, '')} %`
  const head = [
    `Book ${r.book}  as of ${r.asof}  window ${r.window} days  confidence ${c}  (one-day, currency of the book)`,
    '',
    `Net ${money(r.marketValue.net)}   Gross ${money(r.marketValue.gross)}   Volatility (1d) ${money(r.volatility.daily)}   Unrealised P&L ${money(r.pnl.unrealised)}`,
    `VaR  historical ${money(r.var.historical)}   parametric ${money(r.var.parametric)}   EWMA ${money(r.var.ewma)}`,
    `ES   historical ${money(r.es.historical)}   parametric ${money(r.es.parametric)}`,
    `HHI ${r.concentration.hhi.toFixed(4)}   largest ${r.concentration.largestSymbol ?? '-'} ${pct(r.concentration.largestWeight)}   max days to liquidate ${r.liquidity.maxDaysToLiquidate === null ? '-' : r.liquidity.maxDaysToLiquidate.toFixed(2)} (participation ${pct(r.liquidity.participation, 0)} of ${r.liquidity.advDays}-day ADV)`,
    '',
  ]
  const positions = table(
    ['Symbol', 'Quantity', 'Price', 'Value', 'Weight', 'Marginal', 'Component VaR', 'Days', 'Unreal. P&L', 'Sector'],
    r.positions.map((p) => [
      p.symbol,
      p.quantity.toLocaleString('en-US'),
      p.price.toFixed(2),
      money(p.marketValue),
      pct(p.weight),
      p.marginalVaR.toFixed(4),
      money(p.componentVaR),
      p.daysToLiquidate === null ? '-' : p.daysToLiquidate.toFixed(2),
      p.unrealisedPnL === null ? '-' : money(p.unrealisedPnL),
      p.sector ?? '',
    ]),
    new Set([1, 2, 3, 4, 5, 6, 7, 8]),
  )
  const sectors = table(
    ['Sector', 'Net', 'Gross', 'Share'],
    r.concentration.sectors.map((s) => [s.sector, money(s.net), money(s.gross), pct(s.shareOfGross)]),
    new Set([1, 2, 3]),
  )
  const tail: string[] = ['', sectors]
  if (r.excluded.length > 0) tail.push('', 'Excluded from the risk figures:', ...r.excluded.map((e) => `  ${e.symbol}: ${e.reason}`))
  const dq = r.dataQuality.filter((d) => d.filledDays > 0 || d.flags.length > 0)
  if (dq.length > 0) {
    tail.push('', 'Data quality:')
    for (const d of dq) {
      const parts = [d.filledDays > 0 ? `${d.filledDays} carried-forward price(s)` : '', ...d.flags.map((f) => `${f.date} ${f.issue}`)].filter(Boolean)
      tail.push(`  ${d.symbol}: ${parts.join('; ')}`)
    }
  }
  return [...head, positions, ...tail].join('\n')
}
