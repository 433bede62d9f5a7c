import { InvalidArgumentError, type Command } from 'commander'
import type { RiskReport } from '@shared/domain/risk-report'
import { initialControls, type ControlState } from '../../desk/overrides'
import { runWhatIfTrade, WhatIfError, type Breach } from '../../risk/what-if-trade'
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
      // the control's mark is not part of the verdict's text; the date only records when it was set
      const controls: ControlState | null = args.reduceOnly
        ? { ...initialControls(book.name), reduceOnly: { by: 'whatif --reduce-only', role: 'trader', reason: 'command-line flag', since: { updates: 0, wallMs: 0, marketDate: asof }, span: null } }
        : null
      let outcome
      try {
        outcome = runWhatIfTrade({ book, trades: args.trade, market, asof, window: args.window, confidence: args.confidence, limits: limits?.limits ?? null, controls })
      } catch (err) {
        if (err instanceof WhatIfError) throw new CliError(`--${err.message}`, err.usage ? 2 : 1)
        throw err
      }
      const { before, after, legs: priced, varMethod: method, breachesBefore, breachesAfter, newBreaches } = outcome
      const reduceOnly = outcome.check === null ? null : outcome.check.allowed ? { allowed: true, reason: null } : { allowed: false, reason: outcome.check.reason }
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
            : { source: limits.path, before: breachesBefore, after: breachesAfter, newBreaches },
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
  trades: readonly { symbol: string; fromQuantity: number; toQuantity: number; quantity: number; price: number | null; notional: number | null }[]
  before: ReturnType<typeof figures>
  after: ReturnType<typeof figures> & { flat?: boolean }
  limits: { source: string | null; note?: string; before: readonly Breach[] | null; after: readonly Breach[] | null; newBreaches: readonly Breach[] | null }
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
