import { SEVERITY_ORDER, type Alert, type LimitKind, type Severity } from '../domain/alert'

/**
 * What a desktop or web notification says about alerts, and which alert changes deserve one (issue 8 "Alerts:
 * Notifications"). Shared by the Electron shell (native notifications) and browser mode (Web Notifications) so both
 * say the same plain words: the alert's label, its value against the limit, the market date it was raised on, and
 * "escalated to the desk head" when the desk head was notified. Never an id, a rule key or a function name.
 */

/** Severities that get a notification at all; MEDIUM alerts stay in the alert list. */
export const NOTIFY_SEVERITIES: ReadonlySet<Severity> = new Set<Severity>(['HIGH', 'CRITICAL'])
/** Alert lines listed in a grouped notification's body; the rest are counted as "+N more". */
export const MAX_NOTICE_LINES = 3

/** An alert still calling for attention: raised or escalated, not yet acknowledged or resolved. */
export function isActiveAlert(alert: Alert): boolean {
  return alert.state === 'open' || alert.state === 'escalated'
}

/** True when the desk head was notified at the alert's last raise or escalation. */
export function escalatedToDeskHead(alert: Alert): boolean {
  return alert.notify.includes('desk-head')
}

/**
 * Whether an alert change deserves a notification.
 * - `raised` (the host's `alert:raised` push: a raise or an escalation): an active, unsnoozed HIGH/CRITICAL alert,
 *   unless it is a repeat of the version last seen (same severity, state and recipients).
 * - otherwise (`alert:updated`): only when the alert was seen before and its severity rose, or it became escalated.
 *   An alert first seen through an update (it was already open when the desk was loaded) never notifies.
 *
 * @param previous the last version seen of this alert (undefined: never seen)
 * @param next the new version
 * @param raised true for an `alert:raised` push
 */
export function needsNotice(previous: Alert | undefined, next: Alert, raised: boolean): boolean {
  if (!isActiveAlert(next) || !NOTIFY_SEVERITIES.has(next.severity) || next.snoozed !== null) return false
  if (previous === undefined) return raised
  const rose = SEVERITY_ORDER[next.severity] > SEVERITY_ORDER[previous.severity]
  const newlyEscalated = next.state === 'escalated' && previous.state !== 'escalated'
  if (!raised) return rose || newlyEscalated
  const sameRecipients = previous.notify.length === next.notify.length && previous.notify.every((r) => next.notify.includes(r))
  return rose || newlyEscalated || previous.state !== next.state || !sameRecipients
}

/** Do-not-disturb: only CRITICAL alerts get through while it is on. */
export function passesDoNotDisturb(alert: Alert, doNotDisturb: boolean): boolean {
  return !doNotDisturb || alert.severity === 'CRITICAL'
}

/**
 * A figure in its unit, as a person reads it: money rounded to whole units with thousands separators (the book's
 * currency), a position weight in percent with one decimal, days to liquidate with two decimals.
 */
export function formatAlertFigure(kind: LimitKind, x: number): string {
  if (!Number.isFinite(x)) return 'unavailable'
  if (kind === 'positionWeight') return `${(x * 100).toFixed(1)} %`
  if (kind === 'daysToLiquidate') return `${x.toFixed(2)} days`
  return Math.round(x).toLocaleString('en-US')
}

/** "VaR (historical) 462,593 vs limit 310,000, market date 2020-03-13" */
export function alertLine(alert: Alert): string {
  return `${alert.label} ${formatAlertFigure(alert.kind, alert.value)} vs limit ${formatAlertFigure(alert.kind, alert.limit)}, market date ${alert.date}`
}

export interface AlertNotice {
  readonly title: string
  readonly body: string
  /** the alert a click should focus: the most severe, earliest in the group */
  readonly focus: Alert
  /** every alert of the notice, most severe first (stable within a severity) */
  readonly alerts: readonly Alert[]
  /** true when one of them is CRITICAL (the notification should stay until dismissed) */
  readonly critical: boolean
}

/**
 * The text of one notification for a group of alerts (non-empty).
 * One alert: title `CRITICAL: VaR (historical) over its limit`, body its line, then `Escalated to the desk head.` when
 * the desk head was notified. Several (a storm): title `5 alerts on book demo-desk (2 CRITICAL)` (or `(5 HIGH)`),
 * body the first {@link MAX_NOTICE_LINES} lines most severe first, `+N more`, and how many went to the desk head.
 *
 * @param alerts the alerts to announce
 * @param book the desk's book name, or null when unknown (the title then says `5 alerts`)
 * @throws RangeError for an empty list
 */
export function alertNotice(alerts: readonly Alert[], book: string | null): AlertNotice {
  const sorted = [...alerts].sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity])
  const focus = sorted[0]
  if (focus === undefined) throw new RangeError('a notification needs at least one alert')
  const critical = sorted.some((a) => a.severity === 'CRITICAL')
  const onBook = book === null || book === '' ? '' : ` on book ${book}`
  if (sorted.length === 1) {
    const head = escalatedToDeskHead(focus) ? '\nEscalated to the desk head.' : ''
    return { title: `${focus.severity}: ${focus.label} over its limit${onBook}`, body: `${alertLine(focus)}.${head}`, focus, alerts: sorted, critical }
  }
  const criticalCount = sorted.filter((a) => a.severity === 'CRITICAL').length
  const detail = criticalCount > 0 ? `${criticalCount} CRITICAL` : `${sorted.length} HIGH`
  const lines = sorted.slice(0, MAX_NOTICE_LINES).map((a) => `${a.severity}: ${alertLine(a)}`)
  if (sorted.length > MAX_NOTICE_LINES) lines.push(`+${sorted.length - MAX_NOTICE_LINES} more`)
  const heads = sorted.filter(escalatedToDeskHead).length
  if (heads > 0) lines.push(heads === 1 ? '1 of them escalated to the desk head.' : `${heads} of them escalated to the desk head.`)
  return { title: `${sorted.length} alerts${onBook} (${detail})`, body: lines.join('\n'), focus, alerts: sorted, critical }
}
