import type { Action, ActionKind, ActionState, Span } from '@shared/domain/action'
import type { Alert, AlertState } from '@shared/domain/alert'
import type { Controls } from '@shared/domain/controls'

/**
 * Plain words for the alert and action lifecycle (issue 8): what a trader reads in the panels instead of the host's
 * identifiers. Pure functions, tested in tests/renderer/lifecycle-text.test.ts.
 */

const KIND_LABEL: Record<ActionKind, string> = { reduce: 'Reduce', hedge: 'Hedge', flatten: 'Flatten (kill switch)' }
const METHOD_LABEL: Record<string, string> = {
  'least-turnover': 'least turnover',
  'pro-rata': 'pro rata',
  'min-variance': 'minimum-variance hedge',
  flatten: 'every position to zero',
  manual: "the trader's quantities",
}
const STATE_LABEL: Record<ActionState, string> = {
  proposed: 'proposed',
  resized: 're-sized: confirm again',
  approved: 'approved',
  modified: 'modified',
  rejected: 'rejected',
  applied: 'applied',
  expired: 'expired',
}
const ALERT_STATE_LABEL: Record<AlertState, string> = { open: 'open', escalated: 'escalated', acknowledged: 'acknowledged', resolved: 'resolved' }
// keyed by string: a cause the host adds later still reads (its name, dashes as spaces) instead of failing
const EXPIRY_LABEL: Readonly<Record<string, string>> = {
  'breach-cleared': 'the breach cleared before a decision',
  stale: 'the proposal grew older than the allowed number of market updates',
  'not-executable': 'it could not be executed',
  cancelled: 'withdrawn by an override (kill switch)',
}

export function actionKindLabel(kind: ActionKind): string {
  return KIND_LABEL[kind]
}

/** 'least-turnover' -> 'least turnover'; an unknown sizing is shown with its dashes as spaces. */
export function planMethodLabel(method: string): string {
  return METHOD_LABEL[method] ?? method.replace(/[-_]+/gu, ' ')
}

export function actionStateLabel(state: ActionState): string {
  return STATE_LABEL[state]
}

export function alertStateLabel(state: AlertState): string {
  return ALERT_STATE_LABEL[state]
}

/** Why an action expired, in words, with the host's detail when it gives one. */
export function expiryText(expiry: NonNullable<Action['expiry']>): string {
  const cause = EXPIRY_LABEL[expiry.cause] ?? expiry.cause.replace(/-/gu, ' ')
  return expiry.detail ? `${cause} (${expiry.detail})` : cause
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** A wall duration: "45 s", "3 min 5 s", "2 h 10 min". Negative input counts as 0. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`
  const h = Math.floor(m / 60)
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`
}

/** A snooze or pause period: market updates in replay, wall time live ("5 market updates (replay) or 30 min (live)"). */
export function formatSpan(span: Span): string {
  return `${plural(span.updates, 'market update')} (replay) or ${formatDuration(span.ms)} (live)`
}

/** The preview's age: "sized on 2020-03-13, 2 updates ago" (the market date of its snapshot and the updates since). */
export function previewAgeText(action: Pick<Action, 'basis' | 'age'>): string {
  const n = action.age.updates
  return `sized on ${action.basis.marketDate}, ${n === 0 ? 'this update' : `${plural(n, 'update')} ago`}`
}

/**
 * What is left of an `auto` action's grace at `elapsedMs` after the view arrived. Market updates (a running replay)
 * do not tick between pushes; wall milliseconds count down here. At zero it says the action is due, never a frozen
 * "0 s": the host applies it at its next step.
 * @returns null when the action has no grace (policy propose, or decided).
 */
export function graceText(grace: Action['grace'], elapsedMs: number): { text: string; due: boolean } | null {
  if (grace === null) return null
  const parts: string[] = []
  let due = false
  if (grace.updates !== null) {
    if (grace.updates <= 0) due = true
    else parts.push(`after ${plural(grace.updates, 'more market update')}`)
  }
  if (grace.ms !== null) {
    const left = grace.ms - Math.max(0, elapsedMs)
    if (left <= 0) due = true
    else parts.push(`in ${formatDuration(left)}`)
  }
  if (due || parts.length === 0) return { text: 'grace over: applies at the next step unless rejected', due: true }
  return { text: `applies ${parts.join(' or ')} unless rejected`, due: false }
}

/** The one-line state of automation: "Automation armed" or "Automation not armed: <why>". */
export function armedText(controls: Controls): string {
  if (controls.armed) return 'Automation armed'
  return `Automation not armed${controls.armedReason ? `: ${controls.armedReason}` : ''}`
}

/** Signed share change of a leg, as a trade: "sell 100", "buy 50", "no change". */
export function legTradeText(fromQuantity: number, toQuantity: number, format: (n: number) => string): string {
  const d = toQuantity - fromQuantity
  if (d === 0) return 'no change'
  return `${d > 0 ? 'buy' : 'sell'} ${format(Math.abs(d))}`
}

/** An alert's figure in its unit: currency for VaR and losses, percent for a weight, days for days to liquidate. */
export function alertFigure(value: number, kind: Alert['kind']): string {
  if (!Number.isFinite(value)) return '\u2014'
  if (kind === 'positionWeight') return `${(value * 100).toFixed(1)} %`
  if (kind === 'daysToLiquidate') return `${value.toFixed(1)} days`
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 })
}

/** The alert in one plain line: "BA loss 12,400 > limit 10,000". */
export function alertLine(alert: Pick<Alert, 'label' | 'value' | 'limit' | 'kind'>): string {
  const rel = alert.value > alert.limit ? '>' : alert.value < alert.limit ? '<' : '='
  return `${alert.label} ${alertFigure(alert.value, alert.kind)} ${rel} limit ${alertFigure(alert.limit, alert.kind)}`
}
