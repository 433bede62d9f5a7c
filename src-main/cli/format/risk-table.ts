import { methodLabel } from '@shared/domain/risk-methods'
import type { RiskReportOutput } from '../../risk/unavailable-figures'

const money = (x: number): string => Math.round(x).toLocaleString('en-US')
/** A figure that could not be computed is printed as "unavailable" (its reason is listed under "Not available"). */
const maybeMoney = (x: number | null): string => (x === null ? 'unavailable' : money(x))
const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`


/** Pads cells into aligned columns; numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], rightAlign: ReadonlySet<number>): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, j) => (rightAlign.has(j) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** The human-readable form of `riskdesk risk`: the headline VaR of the chosen method, every figure, then the tables. */
export function formatRiskReport(r: RiskReportOutput): string {
  const c = `${(r.confidence * 100).toFixed(1).replace(/\.0$/, '')} %`
  const h = r.horizon.days
  const days = `${h}-day`
  const mc = r.monteCarlo
  const v = r.var
  const e = r.es
  const head = [
    `Book ${r.book}  as of ${r.asof}  window ${r.window} days  confidence ${c}  horizon ${h} day${h === 1 ? '' : 's'}  (currency of the book)`,
    h === 1 ? '' : `  (historical figures on ${r.horizon.historicalScenarios} overlapping ${days} returns; parametric figures x sqrt(${h}); Monte Carlo and delta-gamma on ${h} x covariance)`,
    `${days} VaR (${methodLabel(r.headline.method)}) ${maybeMoney(r.headline.var)}   ES ${maybeMoney(r.headline.es)}`,
    '',
    `Net ${money(r.marketValue.net)}   Gross ${money(r.marketValue.gross)}   Volatility (1d) ${maybeMoney(r.volatility.daily)}   Unrealised P&L ${money(r.pnl.unrealised)}`,
    `VaR  historical ${maybeMoney(v.historical)}   parametric ${maybeMoney(v.parametric)}   EWMA ${maybeMoney(v.ewma)}   Student-t (nu ${r.studentT.nuSource === 'fitted' ? `${r.studentT.nu.toFixed(3)} fitted` : r.studentT.nu}) ${maybeMoney(v.studentT)}   Cornish-Fisher ${maybeMoney(v.cornishFisher)}`,
    `     Monte Carlo ${maybeMoney(v.monteCarlo)}${v.monteCarlo === null ? '' : ` (SE ${money(mc.varStdError)})`}   filtered historical ${maybeMoney(v.filteredHistorical)}   EVT ${maybeMoney(v.evt)}   delta-gamma ${maybeMoney(v.deltaGamma)}`,
    `ES   historical ${maybeMoney(e.historical)}   parametric ${maybeMoney(e.parametric)}   EWMA ${maybeMoney(e.ewma)}   Student-t ${maybeMoney(e.studentT)}   Cornish-Fisher ${maybeMoney(e.cornishFisher)}`,
    `     Monte Carlo ${maybeMoney(e.monteCarlo)}${e.monteCarlo === null ? '' : ` (SE ${money(mc.esStdError)})`}   filtered historical ${maybeMoney(e.filteredHistorical)}   EVT ${maybeMoney(e.evt)}   delta-gamma ${maybeMoney(e.deltaGamma)}`,
    `Monte Carlo: ${mc.paths.toLocaleString('en-US')} paths, seed ${mc.seed}, ${mc.distribution}${mc.nu === null ? '' : ` (nu ${mc.nu.toFixed(2)})`}, ${mc.revaluation} revaluation${mc.repaired ? `, covariance repaired (${mc.repair.clipped} eigenvalue(s) clipped)` : ''}`,
    r.regime === null
      ? 'Regime: n/a'
      : `Regime (${r.regime.source} HMM, ${r.regime.observations} days to ${r.regime.to}): ${r.regime.state} volatility, P(high) ${pct(r.regime.probabilityHigh)}`,
    `HHI ${r.concentration.hhi.toFixed(4)}   largest ${r.concentration.largestSymbol ?? '-'} ${pct(r.concentration.largestWeight)}   max days to liquidate ${r.liquidity.maxDaysToLiquidate === null ? '-' : r.liquidity.maxDaysToLiquidate.toFixed(2)} (participation ${pct(r.liquidity.participation, 0)} of ${r.liquidity.advDays}-day ADV)`,
  ].filter((line, k) => k !== 1 || line !== '')
  const g = r.greeks
  const hasOptions = r.positions.some((p) => p.option !== undefined)
  if (hasOptions) {
    head.push(`Options: delta ${money(g.delta)} per unit return   gamma ${money(g.gamma)}   vega ${money(g.vega)} per vol point   theta ${money(g.theta)} per day   book delta-equivalent ${money(g.totalDollarDelta)}`)
  }
  head.push('')
  const positions = table(
    ['Symbol', 'Quantity', 'Price', 'Value', 'Weight', 'Marginal', 'Component VaR', 'Incremental VaR', 'Days', 'Unreal. P&L', 'Sector'],
    r.positions.map((p) => [
      p.symbol,
      p.quantity.toLocaleString('en-US'),
      p.price.toFixed(2),
      money(p.marketValue),
      pct(p.weight),
      p.marginalVaR.toFixed(4),
      money(p.componentVaR),
      money(p.incrementalVaR),
      p.daysToLiquidate === null ? '-' : p.daysToLiquidate.toFixed(2),
      p.unrealisedPnL === null ? '-' : money(p.unrealisedPnL),
      p.sector ?? '',
    ]),
    new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]),
  )
  const tail: string[] = []
  if (hasOptions) {
    const rows = r.positions.flatMap((p) =>
      p.option === undefined || p.greeks === undefined
        ? []
        : [[
            p.symbol,
            p.option.underlying,
            p.option.optionType,
            p.option.strike.toFixed(2),
            p.option.expiry,
            pct(p.option.impliedVol),
            p.option.timeToExpiry.toFixed(3),
            p.greeks.delta.toFixed(1),
            p.greeks.gamma.toFixed(2),
            money(p.greeks.vega),
            money(p.greeks.theta),
          ]],
    )
    tail.push('', table(['Option', 'Underlying', 'Type', 'Strike', 'Expiry', 'Impl. vol', 'T (years)', 'Delta (sh)', 'Gamma', 'Vega/pt', 'Theta/day'], rows, new Set([3, 5, 6, 7, 8, 9, 10])))
  }
  const sectors = table(
    ['Sector', 'Net', 'Gross', 'Share'],
    r.concentration.sectors.map((s) => [s.sector, money(s.net), money(s.gross), pct(s.shareOfGross)]),
    new Set([1, 2, 3]),
  )
  tail.push('', sectors, ...profileLines(r))
  if (r.excluded.length > 0) tail.push('', 'Excluded from the risk figures:', ...r.excluded.map((x) => `  ${x.symbol}: ${x.reason}`))
  if (r.unavailable.length > 0) tail.push('', 'Not available:', ...r.unavailable.map((u) => `  ${u.figure}: ${u.reason}`))
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

/** Concentration, drawdown and volatility-model lines of the book profile. */
function profileLines(r: RiskReportOutput): string[] {
  const { concentration: c, drawdown: d, volatilityModels: m } = r.profile
  const lines: string[] = ['']
  if (c) {
    lines.push(
      `Concentration  CR4 ${pct(c.cr4)}   effective N ${c.effectiveN.toFixed(1)}   Gini ${c.gini.toFixed(3)}   diversification ratio ${c.diversificationRatio.toFixed(2)}   first PC ${pct(c.firstComponentShare)} of variance`,
    )
  }
  if (d) {
    lines.push(
      `Drawdown (holdings, window)  max ${pct(d.maxDrawdown)} (${d.peakDate ?? '?'} -> ${d.troughDate ?? '?'}${d.recoveryDate ? `, recovered ${d.recoveryDate}` : ', not recovered'})   current ${pct(d.currentDrawdown)}`,
    )
  }
  if (m) {
    lines.push(
      `Volatility models (book P&L, next day)  EWMA ${money(m.ewma.forecast)} (QLIKE ${m.ewma.accuracy.qlike.toFixed(3)})   GARCH(1,1) ${money(m.garch.forecast)} (QLIKE ${m.garch.accuracy.qlike.toFixed(3)}, α ${m.garch.alpha.toFixed(3)}, β ${m.garch.beta.toFixed(3)})`,
    )
  }
  return lines.length > 1 ? lines : []
}
