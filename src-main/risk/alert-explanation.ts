/**
 * An alert's explanation: the figure that raised it recomputed from the inputs the trail stored with it (issue #10
 * drill-down; issue #8 `riskdesk explain`). Reads the alert's `alert.raised` event (alertId, ruleKey, label, value, limit,
 * severity and the inputs the figure was computed with) and the `risk.snapshot` of the same frame (same desk session
 * and market date, the last one written before the alert: settings, frame, limits and the book as held), rebuilds the
 * book, and recomputes by full recompute (risk-report.ts computeRiskReport) at the alert's window and confidence (its
 * inputs, else the snapshot's), as of the market date. SQL with bound parameters only.
 */
import type Database from 'better-sqlite3'
import type { AlertExplanation } from '@shared/domain/alert-explanation'
import { LimitKindSchema, type LimitKind } from '@shared/domain/alert'
import { AUDIT_EVENT_SCHEMAS } from '@shared/domain/audit-events'
import type { Book, Position } from '@shared/domain/book'
import type { RiskReport } from '@shared/domain/risk-report'
import type { MarketContext } from '../market/market-context'
import { computeRiskReport } from './risk-report'

/** How many contributors the explanation lists. */
export const TOP_CONTRIBUTORS = 5

/** The alert is not in the trail, or its raising event cannot be read. */
export class AlertExplanationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AlertExplanationError'
  }
}

interface Row {
  seq: number
  payload: string
}

type SnapshotPayload = {
  sessionId: string
  marketDate: string | null
  window: number
  confidence: number
  method: string
  engineVersion: string
  frame: { date: string; dataQuality?: { note: string }[] }
  limits: { varMethod: string }
  positions?: Position[]
}

function parse<T>(type: string, row: Row): T {
  const schema = AUDIT_EVENT_SCHEMAS[type]
  const parsed = schema?.safeParse(JSON.parse(row.payload))
  if (!parsed?.success) throw new AlertExplanationError(`the ${type} event at seq ${row.seq} does not parse`)
  return parsed.data as T
}

/** Feed checks that changed the desk's price history earlier in the session (its returns window then differs). */
const HELD_TICK_TYPES = ['tick.suspect', 'tick.dropped', 'tick.rejected', 'price.stale'] as const
const HELD_TICK_LABEL: Record<(typeof HELD_TICK_TYPES)[number], string> = {
  'tick.suspect': 'held a suspect tick',
  'tick.dropped': 'dropped a tick',
  'tick.rejected': 'rejected a malformed tick',
  'price.stale': 'carried a stale price forward',
}

function heldTicks(db: Database.Database, sessionId: string, beforeSeq: number): string[] {
  const rows = db
    .prepare(
      `SELECT type, market_date AS marketDate, coalesce(json_extract(payload, '$.id'), json_extract(payload, '$.symbol'), '') AS what FROM audit_events
       WHERE type IN (${HELD_TICK_TYPES.map(() => '?').join(', ')}) AND seq < ? AND json_extract(payload, '$.sessionId') = ? ORDER BY seq`,
    )
    .all(...HELD_TICK_TYPES, beforeSeq, sessionId) as { type: (typeof HELD_TICK_TYPES)[number]; marketDate: string | null; what: string }[]
  return rows.map((r) => `on ${r.marketDate ?? 'an earlier day'} the desk ${HELD_TICK_LABEL[r.type]} (${r.what}): its returns window may differ from the stored prices the recompute uses`)
}

/** The alert.raised payload as the explanation reads it (src-shared/domain/audit-events/lifecycle.ts). */
type RaisedPayload = {
  alertId: string
  ruleKey: string
  label: string
  value: number
  limit: number
  sessionId: string
  marketDate: string | null
  inputs: Record<string, string | number | boolean | null>
}

/** The figure an alert read: its kind of limit and, for a per-position limit, the symbol ('positionLoss:BA'). */
interface Figure {
  readonly rule: LimitKind
  readonly symbol: string | null
}

/** The stored figure's recomputation from a report, or why it cannot be recomputed. */
function figureOf(f: Figure, method: string, report: RiskReport): { value: number } | { reason: string } {
  if (f.rule === 'var') {
    if (method === 'historical' || method === 'parametric' || method === 'ewma') return { value: report.var[method] }
    return { reason: `VaR method ${method} is not recomputed by the risk report` }
  }
  const p = report.positions.find((r) => r.symbol === f.symbol)
  if (p === undefined) {
    const ex = report.excluded.find((e) => e.symbol === f.symbol)
    return { reason: ex ? `${f.symbol} is excluded from the recomputed report: ${ex.reason}` : `${f.symbol} is not held in the stored book` }
  }
  if (f.rule === 'positionLoss') return p.unrealisedPnL === null ? { reason: `${p.symbol} has no cost, so no unrealised P&L` } : { value: -p.unrealisedPnL }
  if (f.rule === 'positionWeight') return { value: p.weight }
  return p.daysToLiquidate === null ? { reason: `${p.symbol} has no volume data, so no days to liquidate` } : { value: p.daysToLiquidate }
}

/** A number the alert's inputs hold under `key`, else null. */
const inputNumber = (inputs: RaisedPayload['inputs'], key: string): number | null => {
  const v = inputs[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/**
 * Explains one alert of an audit trail.
 * @param db the audit database (read only)
 * @param alertId the alert's id (as in `riskdesk history`)
 * @param market the market data to recompute on (the same prices the desk ran on, else the figure differs)
 * @returns stored and recomputed figure (currency for VaR and loss, a fraction for weight, days for days to
 *   liquidate), their difference, the five largest component VaR, and the stored inputs; `recomputed` is null with
 *   `unavailable` giving the reason when the trail has no book snapshot for the alert (older trails) or the figure
 *   cannot be recomputed on this market data
 * @throws AlertExplanationError when no alert has this id, its stored event does not parse, it has no market date, or
 *   its rule is not one the risk report recomputes
 */
export function explainAlert(db: Database.Database, alertId: string, market: MarketContext): AlertExplanation {
  // alert_ref (migration 40) is the payload's alertId: one seek on its index
  const raisedRow = db.prepare("SELECT seq, payload FROM audit_events WHERE alert_ref = ? AND type = 'alert.raised' ORDER BY seq LIMIT 1").get(alertId) as Row | undefined
  if (raisedRow === undefined) throw new AlertExplanationError(`no alert ${alertId} in this audit trail`)
  const raised = parse<RaisedPayload>('alert.raised', raisedRow)
  const marketDate = raised.marketDate
  if (marketDate === null) throw new AlertExplanationError(`alert ${alertId} (seq ${raisedRow.seq}) has no market date`)
  const colon = raised.ruleKey.indexOf(':')
  const kind = LimitKindSchema.safeParse(colon < 0 ? raised.ruleKey : raised.ruleKey.slice(0, colon))
  if (!kind.success) throw new AlertExplanationError(`alert ${alertId} reads ${raised.label} (rule ${raised.ruleKey}), which explain does not recompute (it recomputes VaR, position loss, weight and days to liquidate)`)
  const figure: Figure = { rule: kind.data, symbol: colon < 0 ? null : raised.ruleKey.slice(colon + 1) }
  const snapRow = db
    .prepare(
      "SELECT seq, payload FROM audit_events WHERE type = 'risk.snapshot' AND market_date = ? AND seq < ? AND json_extract(payload, '$.sessionId') = ? ORDER BY seq DESC LIMIT 1",
    )
    .get(marketDate, raisedRow.seq, raised.sessionId) as Row | undefined
  const snap = snapRow === undefined ? null : parse<SnapshotPayload>('risk.snapshot', snapRow)
  // what the figure was computed with: the alert's own inputs where it recorded them, else its frame's snapshot
  const method = typeof raised.inputs.method === 'string' ? raised.inputs.method : (snap?.limits.varMethod ?? snap?.method ?? 'historical')
  const window = inputNumber(raised.inputs, 'window') ?? snap?.window ?? 0
  const confidence = inputNumber(raised.inputs, 'confidence') ?? snap?.confidence ?? 0
  const engineVersion = typeof raised.inputs.engineVersion === 'string' ? raised.inputs.engineVersion : (snap?.engineVersion ?? '')
  const base = {
    alertId,
    rule: figure.rule,
    symbol: figure.symbol,
    marketDate,
    method,
    stored: raised.value,
    limit: raised.limit,
    alertSeq: raisedRow.seq,
    snapshotSeq: snapRow?.seq ?? null,
  }
  const unavailable = (reason: string, positions: Position[] = []): AlertExplanation => ({
    ...base,
    recomputed: null,
    difference: null,
    unavailable: reason,
    notes: [],
    topContributors: [],
    inputs: { window, confidence, engineVersion, positions },
  })
  if (snap === null) return unavailable(`the trail has no risk snapshot for the frame of ${marketDate} that raised the alert`)
  if (snap.positions === undefined) return unavailable('the trail predates stored book snapshots (no positions in its risk snapshot)')
  // an alert raised on a same-day frame after a paper execution has no snapshot of its own: the last one holds the
  // book before the trades, so recomputing from it would explain a different figure
  const traded = db
    .prepare("SELECT count(*) AS n FROM audit_events WHERE type = 'action.applied' AND seq > ? AND seq < ? AND json_extract(payload, '$.sessionId') = ?")
    .get(snapRow!.seq, raisedRow.seq, raised.sessionId) as { n: number }
  if (traded.n > 0) return unavailable(`an action was applied between the last risk snapshot of ${marketDate} and the alert; the trail holds no snapshot of the book the alert was read on`)
  const book: Book = { name: 'snapshot', positions: snap.positions }
  const inputs = { window, confidence, engineVersion, positions: snap.positions }
  let report: RiskReport
  try {
    report = computeRiskReport(book, market, { asof: marketDate, window, confidence })
  } catch (e) {
    return unavailable(`the stored inputs cannot be recomputed on these prices: ${(e as Error).message}`, snap.positions)
  }
  if (report.asof !== marketDate) return unavailable(`the prices have no close on ${marketDate} (last before it: ${report.asof})`, snap.positions)
  const recomputed = figureOf(figure, method, report)
  const topContributors = [...report.positions]
    .sort((a, b) => b.componentVaR - a.componentVaR)
    .slice(0, TOP_CONTRIBUTORS)
    .map((p) => ({ symbol: p.symbol, componentVaR: p.componentVaR }))
  const notes = [
    ...(snap.frame.dataQuality ?? []).map((d) => `the desk used ${d.note}; the recompute uses the prices as stored`),
    ...heldTicks(db, raised.sessionId, raisedRow.seq),
    ...(window !== snap.window || confidence !== snap.confidence
      ? [`the alert records window ${window} and confidence ${confidence}, its frame's snapshot ${snap.window} and ${snap.confidence}: recomputed with the alert's`]
      : []),
  ]
  if ('reason' in recomputed) return { ...unavailable(recomputed.reason, snap.positions), topContributors, inputs, notes }
  return { ...base, recomputed: recomputed.value, difference: recomputed.value - raised.value, unavailable: null, notes, topContributors, inputs }
}
