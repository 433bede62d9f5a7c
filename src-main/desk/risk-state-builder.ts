import type { Anomaly, Regime, VixReading } from '@shared/domain/market-state'
import type { PositionRow } from '@shared/domain/position-row'
import type { RiskFrame } from '@shared/domain/risk-frame'
import { exposures, sectorExposure } from '../engine/concentration'
import type { IncrementalRisk } from '../engine/incremental-risk'
import { daysToLiquidate } from '../engine/liquidity'
import type { BookState } from './book-state'
import type { OptionBook } from './option-book'
import type { ExcludedPosition, PositionState, RiskState } from './risk-state'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** What a book holds beyond the linear factors: its options, the book order of its symbols, its exclusions. */
export interface BookLayout {
  readonly options: OptionBook
  /** symbol -> index in the book file (rows are listed in that order, as the full recompute does) */
  readonly order: ReadonlyMap<string, number>
  readonly excluded: readonly ExcludedPosition[]
}

/**
 * The desk's risk state from the live engine and the book: VaR/ES by every live method, σ, Euler components (O(N)
 * from the maintained Σ v), weights, days to liquidate, unrealised P&L. Net, gross, weights and HHI are over the
 * market values of every valued position (options at their Black-Scholes-Merton value), component VaR is the
 * position's dollar delta × the factor's marginal VaR: the conventions of the full recompute (risk/risk-report.ts).
 * Pure reads; nothing is changed.
 */
export function buildRiskState(date: string, risk: IncrementalRisk, book: BookState, c: number, participation: number, layout?: BookLayout): RiskState {
  const snap = risk.snapshot(c)
  const dec = risk.decomposition(c)
  // built once and given their weight in place below (they are this call's own objects): N rows, no copies
  const linear: Mutable<PositionState>[] = book.symbols.map((symbol, i) => ({
    symbol,
    quantity: book.quantity[i]!,
    price: book.price[i]!,
    value: book.value(i),
    weight: 0,
    componentVaR: book.value(i) * dec.marginal[i]!,
    daysToLiquidate: daysToLiquidate(book.quantity[i]!, book.adv(i), participation),
    unrealisedPnL: book.unrealised(i),
    sector: book.sector[i] ?? null,
  }))
  const rows: Mutable<PositionState>[] = linear.filter((_, i) => book.held[i])
  for (const o of layout?.options.live ?? []) {
    rows.push({
      symbol: o.position.symbol,
      quantity: o.position.quantity,
      price: o.price,
      value: o.units * o.price,
      weight: 0,
      componentVaR: o.dollarDelta * dec.marginal[o.factor]!,
      daysToLiquidate: null,
      unrealisedPnL: layout!.options.unrealised(o),
      sector: o.sector,
      kind: 'option',
    })
  }
  const order = layout?.order
  // a position opened by a trade (not in the book file) is listed after the book's own
  const rank = (symbol: string): number => order?.get(symbol) ?? Number.MAX_SAFE_INTEGER
  if (order) rows.sort((a, b) => rank(a.symbol) - rank(b.symbol))
  const exp = exposures(Float64Array.from(rows, (p) => p.value))
  // a held linear position is the same object in `rows` and `positions`; one not held keeps weight 0
  rows.forEach((p, j) => {
    p.weight = exp.weights[j] ?? 0
  })
  const positions: readonly PositionState[] = linear
  const excluded = layout?.excluded ?? []
  return {
    date,
    net: exp.net,
    gross: exp.gross,
    sigma: snap.sigma,
    var: { historical: snap.historicalVaR, parametric: snap.parametricVaR, ewma: snap.ewmaVaR },
    es: { historical: snap.historicalES, parametric: snap.parametricES },
    hhi: exp.hhi,
    positions,
    rows,
    excluded,
    partial: excluded.length > 0,
  }
}

/** The positions table rows of a state, with each symbol's data-quality and tick flags. */
export function positionRows(state: RiskState, flags: ReadonlyMap<string, ReadonlySet<string>>): PositionRow[] {
  return (state.rows ?? state.positions).map((p) => ({
    symbol: p.symbol,
    quantity: p.quantity,
    price: p.price,
    marketValue: p.value,
    weight: p.weight,
    unrealisedPnL: p.unrealisedPnL,
    componentVaR: p.componentVaR,
    daysToLiquidate: p.daysToLiquidate,
    sector: p.sector,
    flags: [...(flags.get(p.symbol) ?? [])],
  }))
}

/** What a frame carries beyond the risk state: the VaR limit in force and the market/risk-stream monitors. */
export interface FrameContext {
  /** the VaR limit in force (the high-volatility limit when tightened) */
  readonly varLimit: number
  readonly regimeTightened: boolean
  readonly regime: Regime | null
  readonly vix: VixReading | null
  readonly correlationShare: number | null
  readonly anomalies: readonly Anomaly[]
}

/**
 * One point of the desk's history: headline figures, the worst sector by share of gross, whether the limited VaR is
 * above the limit in force, and the monitors' readings; `partial` (and the excluded positions with their reasons) when
 * the figures leave part of the book out. `pnl` is cumulative since the session start (net value + cash
 * from executions − initial net). Anomalies are copied down to the contract's fields (metric, z, message).
 */
export function riskFrame(state: RiskState, seq: number, pnl: number, varValue: number, ctx: FrameContext): RiskFrame {
  const worst = sectorExposure(
    Float64Array.from(state.rows ?? state.positions, (p) => p.value),
    (state.rows ?? state.positions).map((p) => p.sector),
  )[0]
  return {
    date: state.date,
    seq,
    net: state.net,
    gross: state.gross,
    pnl,
    volatility: state.sigma,
    var: state.var,
    es: state.es,
    hhi: state.hhi,
    worstSector: worst ? { sector: worst.sector, shareOfGross: worst.shareOfGross } : null,
    varLimit: ctx.varLimit,
    breached: varValue > ctx.varLimit,
    regimeTightened: ctx.regimeTightened,
    regime: ctx.regime,
    vix: ctx.vix,
    correlationShare: ctx.correlationShare,
    anomalies: ctx.anomalies.map(({ metric, z, message }) => ({ metric, z, message })),
    partial: state.partial === true,
    ...(state.partial === true ? { excluded: (state.excluded ?? []).map(({ symbol, reason }) => ({ symbol, reason })) } : {}),
  }
}
