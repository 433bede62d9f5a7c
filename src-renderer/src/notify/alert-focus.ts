import type { DeskApi } from '@shared/api/contract'

/**
 * Selecting an alert in the page when its notification is clicked: the alert's row in the alert list
 * (`[data-testid="alert-item"][data-alert-id=ID]`) is scrolled into view, focused and marked `data-focused`, and a
 * `riskdesk:alert-focus` event (detail `{ alertId }`) is dispatched on the document for the alert panel to follow.
 * In Electron the shell asks for it with the `alert:focus` push; in browser mode the web notification's click does.
 */

export const ALERT_FOCUS_EVENT = 'riskdesk:alert-focus'

/**
 * @param doc the page's document
 * @param alertId the alert to select
 * @returns true when its row was found and focused (false: not rendered, e.g. an old alert beyond the list's cap)
 */
export function focusAlertInPage(doc: Document, alertId: string): boolean {
  const rows = [...doc.querySelectorAll<HTMLElement>('[data-testid="alert-item"]')]
  for (const r of rows) if (r.dataset['focused'] !== undefined && r.dataset['alertId'] !== alertId) delete r.dataset['focused']
  const row = rows.find((r) => r.dataset['alertId'] === alertId)
  doc.dispatchEvent(new CustomEvent(ALERT_FOCUS_EVENT, { detail: { alertId } }))
  if (row === undefined) return false
  row.dataset['focused'] = 'true'
  if (!row.hasAttribute('tabindex')) row.setAttribute('tabindex', '-1')
  row.scrollIntoView?.({ block: 'nearest' })
  row.focus()
  return true
}

/**
 * Follows the shell's `alert:focus` pushes (Electron).
 * @returns the unsubscribe function
 */
export function watchAlertFocus(api: Pick<DeskApi, 'onAlertFocus'>, doc: () => Document): () => void {
  return api.onAlertFocus(({ alertId }) => void focusAlertInPage(doc(), alertId))
}
