import { InvalidArgumentError, type Command } from 'commander'
import type { Book, Position } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { RiskReport } from '@shared/domain/risk-report'
import { checkChange, initialControls, type ControlState } from '../../desk/overrides'
import { computeRiskReport } from '../../risk/risk-report'
import type { MarketContext } from '../../market/market-context'
import { loadBookForCli } from '../book-input'
import { CliError } from '../cli-error'
import { loadCliMarket } from '../cli-market'
import type { CliIo } from '../io'
import { limitsPathFor, loadLimitsForCli } from '../limits-input'
import { collect, confidence, isoDate, positiveInt } from '../options'
import { table } from '../format/risk-table'
import { existsSync } from 'node:fs'

interface WhatIfArgs {
  book: string
  trade: TradeArg[]
  asof?: string
  limits?: string
  prices?: string[]
  sectors?: string
  flags?: string
  window: number
  confidence: number
  reduceOnly?: boolean
  json?: boolean
}

export interface TradeArg {
  readonly symbol: string
  readonly quantity: number
}

const TRADE = /^([A-Za-z0-9][A-Za-z0-9.^-]{0,31}):([+-]?\d{1,12})$/

/** commander parser for --trade SYMBOL:QTY (signed whole shares, or contracts for an option row), repeatable. */
export function tradeArg(value: string, previous: TradeArg[] = []): TradeArg[] {
  const m = TRADE.exec(value.trim())
  if (!m) throw new InvalidArgumentError(`expected SYMBOL:QTY with a signed whole number, e.g. MSFT:-2000, got "${value}"`)
  const quantity = Number(m[2])
  if (quantity === 0) throw new InvalidArgumentError(`a trade of 0 changes nothing: "${value}"`)
  return [...previous, { symbol: m[1]!.toUpperCase(), quantity }]
}

/** One traded position: the book row before and after (after null when the trade closes it). */
interface Leg {
  readonly symbol: string
  readonly fromQuantity: number
  readonly toQuantity: number
}

/**
 * The book after the trades: quantities added to the row of the symbol (a new linear row when the book has none,
 * valued at the market's close; sector from the market's sector map); a row traded to 0 leaves the book. The cost of an
 * enlarged row is the quantity-weighted average with the trade at `price`, a reduced row keeps its cost, a row that
 * changes sign starts at `price`.
 * @throws CliError naming the symbol when it appears in several rows, or when it has no price on the as-of date
 */
function tradedBook(book: Book, trades: readonly TradeArg[], market: MarketContext, asof: string): { traded: Book; legs: Leg[] } {
  const positions: (Position | null)[] = [...book.positions]
  const legs = new Map<string, Leg>()
  for (const t of trades) {
    const rows = positions.flatMap((p, i) => (p !== null && p.symbol === t.symbol ? [i] : []))
    if (rows.length > 1) throw new CliError(`--trade ${t.symbol}: the book has ${rows.length} rows for ${t.symbol}; trade one row at a time by editing the book`, 2)
    const i = rows[0]
    const prev = i === undefined ? null : positions[i]!
    // an option row is revalued by the risk report (Black-Scholes-Merton); its cost stays that of the row
    const price = prev?.option !== undefined ? prev.cost ?? null : closeAt(market, t.symbol, asof)
    if (price === null && prev?.option === undefined) throw new CliError(`--trade ${t.symbol}: no price for ${t.symbol} on or before ${asof} in the market data`, 1)
    const from = prev?.quantity ?? 0
    const to = from + t.quantity
    const cost = price === null ? prev?.cost : costAfter(prev, from, to, t.quantity, price)
    const sector = market.sectors.get(t.symbol)
    const next: Position | null =
      to === 0
        ? null
        : prev !== null
          ? { ...prev, quantity: to, ...(cost !== undefined ? { cost } : {}) }
          : { symbol: t.symbol, quantity: to, ...(price !== null ? { cost: price } : {}), ...(sector !== undefined ? { sector } : {}), assetClass: sector === 'ETF' ? 'etf' : 'equity' }
    if (i === undefined) positions.push(next)
    else positions[i] = next
    const first = legs.get(t.symbol)?.fromQuantity ?? from
    legs.set(t.symbol, { symbol: t.symbol, fromQuantity: first, toQuantity: to })
  }
  return { traded: { ...book, positions: positions.filter((p): p is Position => p !== null) }, legs: [...legs.values()] }
}

/** Cost per share of the row after the trade: average when enlarged, unchanged when reduced, the price when it flips or is new. */
function costAfter(prev: Position | null, from: number, to: number, dq: number, price: number): number | undefined {
  if (prev === null) return price
  if (prev.cost === undefined) return undefined
  if (from === 0 || Math.sign(to) !== Math.sign(from)) return price
  return Math.abs(to) > Math.abs(from) ? (from * prev.cost + dq * price) / to : prev.cost
}

/** Raw close of `symbol` on the last date <= asof, or null. */
function closeAt(market: MarketContext, symbol: string, asof: string): number | null {
  const series = market.store.get(symbol)
  if (!series) return null
  let k = -1
  for (let j = 0; j < series.dates.length && series.dates[j]! <= asof; j++) k = j
  return k < 0 ? null : series.close[k]!
}

/** One limit exceeded on one report. */
export interface Breach {
  readonly key: string
  readonly limit: 'var' | 'positionLoss' | 'positionWeight' | 'daysToLiquidate'
  readonly symbol: string | null
  readonly value: number
  readonly threshold: number
}

/**
 * Every limit a report exceeds, as the desk reads them (desk/limits.ts readLimits): the VaR by limits.varMethod
 * against varLimit (the normal limit: the high-volatility one applies only in the desk's regime), and per position the
 * loss (−unrealised P&L), the weight and the days to liquidate. A figure that is null (no cost, no volume) is skipped.
 */
export function breachesOf(r: RiskReport, limits: Limits): Breach[] {
  const out: Breach[] = []
  const v = r.var[limits.varMethod]
  if (v > limits.varLimit) out.push({ key: 'var', limit: 'var', symbol: null, value: v, threshold: limits.varLimit })
  for (const p of r.positions) {
    if (p.unrealisedPnL !== null && -p.unrealisedPnL > limits.maxLossPerPosition) out.push({ key: `positionLoss:${p.symbol}`, limit: 'positionLoss', symbol: p.symbol, value: -p.unrealisedPnL, threshold: limits.maxLossPerPosition })
    if (p.weight > limits.maxPositionWeight) out.push({ key: `positionWeight:${p.symbol}`, limit: 'positionWeight', symbol: p.symbol, value: p.weight, threshold: limits.maxPositionWeight })
    if (p.daysToLiquidate !== null && p.daysToLiquidate > limits.maxDaysToLiquidate) out.push({ key: `daysToLiquidate:${p.symbol}`, limit: 'daysToLiquidate', symbol: p.symbol, value: p.daysToLiquidate, threshold: limits.maxDaysToLiquidate })
  }
  return out
}

function figures(r: RiskReport): { var: RiskReport['var']; es: RiskReport['es']; componentVaR: Record<string, number>; net: number; gross: number } {
  return { var: r.var, es: r.es, componentVaR: Object.fromEntries(r.positions.map((p) => [p.symbol, p.componentVaR])), net: r.marketValue.net, gross: r.marketValue.gross }
}

const money = (x: number): string => Math.round(x).toLocaleString('en-US')
const signed = (x: number): string => (x > 0 ? '+' : x < 0 ? '-' : '') + money(Math.abs(x))
const LABEL: Record<Breach['limit'], string> = { var: 'VaR', positionLoss: 'loss', positionWeight: 'weight', daysToLiquidate: 'days to liquidate' }
function describeBreach(b: Breach): string {
  const fmt = (x: number): string => (b.limit === 'positionWeight' ? `${(x * 100).toFixed(1)} %` : b.limit === 'daysToLiquidate' ? x.toFixed(2) : money(x))
  return `${b.symbol === null ? '' : `${b.symbol} `}${LABEL[b.limit]} ${fmt(b.value)} > limit ${fmt(b.threshold)}`
}

/**
 * `riskdesk whatif`: the book's VaR, ES and component VaR before and after hypothetical trades, each side by a full
 * recompute (risk/risk-report.ts computeRiskReport), the limits the traded book would breach, and under
 * --reduce-only the refusal of a risk-increasing trade (desk/overrides.ts checkChange) with its reason (exit 1).
 */
export function registerWhatIfCommand(program: Command, io: CliIo): void {
  program
    .command('whatif')
    .description('pre-trade what-if: VaR, ES and component VaR before and after trades, and the limits they would breach')
    .requiredOption('--book <file>', 'book CSV or JSON')
    .requiredOption('--trade <symbol:qty>', 'a trade, signed whole shares (contracts for an option row), e.g. MSFT:-2000; repeatable', tradeArg)
    .option('--asof <date>', 'as-of date YYYY-MM-DD (default: last date of the data)', isoDate)
    .option('--limits <file>', 'limits JSON (default: <book>.limits.json beside the book, if present)')
    .option('--prices <file>', 'price file date,symbol,close,adj_close,volume (.csv or .csv.gz); repeatable; default: bundled data', collect)
    .option('--sectors <file>', 'sectors.csv (symbol,gics_sector); default: bundled when --prices is not given')
    .option('--flags <file>', 'quality_flags.csv; default: bundled when --prices is not given')
    .option('--window <n>', 'number of daily returns W', positiveInt, 250)
    .option('--confidence <c>', 'confidence level, measured from the bottom', confidence, 0.99)
    .option('--reduce-only', 'refuse a trade that raises the VaR of the limits\' method (historical without limits)')
    .option('--json', 'print one JSON document')
    .action(async (args: WhatIfArgs) => {
      const market = loadCliMarket(args)
      const asof = args.asof ?? market.store.lastDate()
      if (asof === undefined) throw new CliError('no market data loaded', 1)
      const { book, warnings } = await loadBookForCli(args.book, new Set(market.store.symbols()), asof)
      for (const w of warnings) io.err(w)
      const explicitOrBeside = args.limits !== undefined || existsSync(limitsPathFor(args.book))
      const limits = explicitOrBeside ? loadLimitsForCli(args.book, args.limits) : null
      const known = new Set(market.store.symbols())
      for (const t of args.trade) if (!known.has(t.symbol) && !book.positions.some((p) => p.symbol === t.symbol)) throw new CliError(`--trade ${t.symbol}: no market data for ${t.symbol}`, 1)
      const { traded, legs } = tradedBook(book, args.trade, market, asof)
      const opts = { asof, window: args.window, confidence: args.confidence }
      const before = computeRiskReport(book, market, opts)
      const after = traded.positions.length === 0 ? null : computeRiskReport(traded, market, opts)
      for (const l of legs) {
        const ex = after?.excluded.find((e) => e.symbol === l.symbol)
        if (ex && l.toQuantity !== 0) throw new CliError(`--trade ${l.symbol}: ${l.symbol} cannot be valued on ${before.asof} (${ex.reason}); the after-figures would leave it out`, 1)
      }
      const method = limits?.limits.varMethod ?? 'historical'
      const varAfter = after === null ? 0 : after.var[method]
      const priced = legs.map((l) => {
        const price = (after?.positions.find((p) => p.symbol === l.symbol) ?? before.positions.find((p) => p.symbol === l.symbol))?.price ?? null
        return { ...l, quantity: l.toQuantity - l.fromQuantity, price, notional: price === null ? null : (l.toQuantity - l.fromQuantity) * price }
      })
      let reduceOnly: { allowed: boolean; reason: string | null } | null = null
      if (args.reduceOnly) {
        const controls: ControlState = { ...initialControls(book.name), reduceOnly: { by: 'whatif --reduce-only', role: 'trader', reason: 'command-line flag', since: { updates: 0, wallMs: 0, marketDate: before.asof }, span: null } }
        const verdict = checkChange(controls, { legs, varBefore: before.var[method], varAfter })
        reduceOnly = verdict.allowed ? { allowed: true, reason: null } : { allowed: false, reason: verdict.reason }
      }
      const breachesBefore = limits === null ? null : breachesOf(before, limits.limits)
      const breachesAfter = limits === null || after === null ? (limits === null ? null : []) : breachesOf(after, limits.limits)
      const beforeKeys = new Set(breachesBefore?.map((b) => b.key) ?? [])
      const doc = {
        book: book.name,
        asof: before.asof,
        window: before.window,
        confidence: before.confidence,
        varMethod: method,
        trades: priced,
        before: figures(before),
        after: after === null ? { var: { historical: 0, parametric: 0, ewma: 0 }, es: { historical: 0, parametric: 0 }, componentVaR: {}, net: 0, gross: 0, flat: true } : figures(after),
        limits:
          limits === null
            ? { source: null, note: `no limits: pass --limits FILE (looked for ${limitsPathFor(args.book)})`, before: null, after: null, newBreaches: null }
            : { source: limits.path, before: breachesBefore, after: breachesAfter, newBreaches: breachesAfter!.filter((b) => !beforeKeys.has(b.key)) },
        reduceOnly,
        excluded: before.excluded,
      }
      if (args.json) io.out(JSON.stringify(doc, null, 2))
      else io.out(formatWhatIf(doc, after === null ? null : after.positions.map((p) => p.symbol)))
      if (reduceOnly !== null && !reduceOnly.allowed) throw new CliError(`trade refused: ${reduceOnly.reason}`, 1)
    })
}

type WhatIfDoc = {
  book: string
  asof: string
  window: number
  confidence: number
  varMethod: string
  trades: { symbol: string; fromQuantity: number; toQuantity: number; quantity: number; price: number | null; notional: number | null }[]
  before: ReturnType<typeof figures>
  after: ReturnType<typeof figures> & { flat?: boolean }
  limits: { source: string | null; note?: string; before: Breach[] | null; after: Breach[] | null; newBreaches: Breach[] | null }
  reduceOnly: { allowed: boolean; reason: string | null } | null
}

function formatWhatIf(d: WhatIfDoc, afterSymbols: readonly string[] | null): string {
  const lines: string[] = [`What-if on ${d.book} at ${d.asof} (one day, ${(d.confidence * 100).toFixed(1)} %, W = ${d.window}; full recompute before and after; currency of the book)`, '']
  lines.push(
    table(
      ['trade', 'from', 'to', 'price', 'notional'],
      d.trades.map((t) => [t.symbol, money(t.fromQuantity), money(t.toQuantity), t.price === null ? 'unavailable' : t.price.toFixed(2), t.notional === null ? 'unavailable' : signed(t.notional)]),
      new Set([1, 2, 3, 4]),
    ),
    '',
  )
  const row = (name: string, b: number, a: number): string[] => [name, money(b), money(a), signed(a - b)]
  lines.push(
    table(
      ['figure', 'before', 'after', 'change'],
      [
        row('VaR historical', d.before.var.historical, d.after.var.historical),
        row('VaR parametric', d.before.var.parametric, d.after.var.parametric),
        row('VaR EWMA', d.before.var.ewma, d.after.var.ewma),
        row('ES historical', d.before.es.historical, d.after.es.historical),
        row('ES parametric', d.before.es.parametric, d.after.es.parametric),
        row('gross value', d.before.gross, d.after.gross),
      ],
      new Set([1, 2, 3]),
    ),
    '',
  )
  const symbols = [...new Set([...Object.keys(d.before.componentVaR), ...(afterSymbols ?? [])])]
  const comp = symbols
    .map((s) => ({ s, b: d.before.componentVaR[s] ?? 0, a: d.after.componentVaR[s] ?? 0 }))
    .sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b))
    .slice(0, 10)
  lines.push('Component VaR (parametric Euler), the 10 largest changes:', table(['symbol', 'before', 'after', 'change'], comp.map((c) => row(c.s, c.b, c.a)), new Set([1, 2, 3])), '')
  if (d.limits.source === null) lines.push(`Limits: ${d.limits.note}`)
  else if (d.limits.after!.length === 0) lines.push(`Limits (${d.limits.source}): the traded book breaches none`)
  else {
    lines.push(`Limits (${d.limits.source}): the traded book would breach`)
    const fresh = new Set(d.limits.newBreaches!.map((b) => b.key))
    for (const b of d.limits.after!) lines.push(`  ${describeBreach(b)}${fresh.has(b.key) ? '  (new)' : '  (already breached before)'}`)
  }
  if (d.reduceOnly !== null) lines.push(d.reduceOnly.allowed ? 'Reduce-only: allowed (VaR does not rise)' : `Reduce-only: REFUSED: ${d.reduceOnly.reason}`)
  return lines.join('\n')
}
