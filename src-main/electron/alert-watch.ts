import { z } from 'zod'
import type { PushChannel } from '@shared/api/contract'
import { AlertSchema, type Alert } from '@shared/domain/alert'
import { needsNotice } from '@shared/notify/alert-notice'
import type { HostPort } from '../host/host-port'
import { OpenAlertBoard, type AlertSummary } from './alert-board'

/**
 * Keeps an {@link OpenAlertBoard} in step with the host: seeds it from `desk:snapshot`, then applies `alert:raised`
 * (a raise or an escalation), `alert:updated` and `desk:reset` pushes. Pushes arriving while the snapshot is in flight
 * are queued and replayed after it, so neither an early alert nor the snapshot is lost. Also remembers the desk's book
 * name for the notifications' text.
 */

const ResetAlertsSchema = z.object({ book: z.string().optional(), alerts: z.array(AlertSchema) })

export interface AlertWatchHandlers {
  /** the active-alert summary changed (or was first computed) */
  onSummary(summary: AlertSummary): void
  /**
   * an alert change deserves a notification (@shared/notify/alert-notice needsNotice: a HIGH/CRITICAL raise or
   * escalation; never an alert already active in a snapshot or reset)
   */
  onNotice(alert: Alert): void
}

export interface AlertWatch {
  readonly board: OpenAlertBoard
  /** the desk's book name from the last snapshot or reset, null before the first */
  book(): string | null
  /** resolves once the snapshot has been applied (or failed, which is logged) */
  readonly ready: Promise<void>
  dispose(): void
}

/**
 * @param host the desk service
 * @param actor user for the `desk:snapshot` call
 * @param handlers receivers of summary changes and of alerts to notify
 */
export function watchAlerts(host: HostPort, actor: string, handlers: AlertWatchHandlers): AlertWatch {
  const board = new OpenAlertBoard()
  let book: string | null = null
  let queue: { channel: PushChannel; payload: unknown }[] | null = []
  let disposed = false

  const reset = (payload: unknown): boolean => {
    const parsed = ResetAlertsSchema.safeParse(payload)
    if (!parsed.success) return false
    board.reset(parsed.data.alerts)
    if (parsed.data.book !== undefined) book = parsed.data.book
    return true
  }

  const apply = (channel: PushChannel, payload: unknown): void => {
    if (channel === 'alert:raised' || channel === 'alert:updated') {
      const parsed = AlertSchema.safeParse(payload)
      if (!parsed.success) return
      const previous = board.apply(parsed.data)
      if (needsNotice(previous, parsed.data, channel === 'alert:raised')) handlers.onNotice(parsed.data)
      handlers.onSummary(board.summary())
    } else if (channel === 'desk:reset') {
      if (reset(payload)) handlers.onSummary(board.summary())
    }
  }

  const unsubscribe = host.onPush((channel, payload) => {
    if (queue !== null) queue.push({ channel, payload })
    else apply(channel, payload)
  })

  const ready = host
    .handle('desk:snapshot', {}, actor)
    .then((result) => {
      if (!result.ok) {
        console.error(`[alerts] desk:snapshot failed: ${result.error.message}`)
        return
      }
      reset(result.value)
    })
    .catch((err: unknown) => console.error('[alerts] desk:snapshot threw:', err))
    .finally(() => {
      if (disposed) return
      const pending = queue ?? []
      queue = null
      for (const { channel, payload } of pending) apply(channel, payload)
      handlers.onSummary(board.summary())
    })

  const dispose = (): void => {
    disposed = true
    unsubscribe()
  }
  return { board, book: () => book, ready, dispose }
}
