import type { Alert } from '@shared/domain/alert'
import { SEVERITY_ORDER, type Severity } from '@shared/domain/alert'

/**
 * Alert ordering for the desk: most severe first (CRITICAL > HIGH > MEDIUM, per SEVERITY_ORDER in
 * src-shared/domain/limits.ts), then newest first by `raisedAt`, then by id so the order is total and stable.
 */
export function compareAlerts(a: Alert, b: Alert): number {
  const bySeverity = SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]
  if (bySeverity !== 0) return bySeverity
  const byTime = timeOf(b.raisedAt) - timeOf(a.raisedAt)
  if (byTime !== 0) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The highest severity among `alerts`, or null for an empty list. */
export function worstSeverity(alerts: readonly Alert[]): Severity | null {
  let worst: Severity | null = null
  for (const a of alerts) if (worst === null || SEVERITY_ORDER[a.severity] > SEVERITY_ORDER[worst]) worst = a.severity
  return worst
}

/** Severities that interrupt the user (toast, desktop notification). */
export function isInterrupting(severity: Severity): boolean {
  return SEVERITY_ORDER[severity] >= SEVERITY_ORDER.HIGH
}

/** Milliseconds of an ISO time; unparseable times sort as the oldest. */
export function timeOf(iso: string): number {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}
