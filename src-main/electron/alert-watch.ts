import { z } from 'zod'
import type { PushChannel } from '@shared/api/contract'
import { AlertSchema, type Alert } from '@shared/domain/alert'
import type { HostPort } from '../host/host-port'
import { OpenAlertBoard, isNewSevereAlert, type AlertSummary } from './alert-board'

/**
 * Keeps an {@link OpenAlertBoard} in step with the host: seeds it from `desk:snapshot`, then applies `alert:raised`,
 * `alert:updated` and `desk:reset` pushes. Pushes arriving while the snapshot is in flight are queued and replayed
 * after it, so neither an early alert nor the snapshot is lost.
 */

const ResetAlertsSchema = z.object({ alerts: z.array(AlertSchema) })

export interface AlertWatchHandlers {
  /** the open-alert summary changed (or was first computed) */
  onSummary(summary: AlertSummary): void
  /** an open alert newly reached HIGH or CRITICAL (never called for alerts already open in a snapshot or reset) */
  onNewSevere(alert: Alert): void
}

export interface AlertWatch {
  readonly board: OpenAlertBoard
  /** resolves once the snapshot has been applied (or failed, which is logged) */
  readonly ready: Promise<void>
  dispose(): void
}

/**
 * @param host the desk service
 * @param actor user for the `desk:snapshot` call
 * @param handlers receivers of summary changes and new severe alerts
 */
export function watchAlerts(host: HostPort, actor: string, handlers: AlertWatchHandlers): AlertWatch {
  const board = new OpenAlertBoard()
  let queue: { channel: PushChannel; payload: unknown }[] | null = []
  let disposed = false

  const apply = (channel: PushChannel, payload: unknown): void => {
    if (channel === 'alert:raised' || channel === 'alert:updated') {
      const parsed = AlertSchema.safeParse(payload)
      if (!parsed.success) return
      const previous = board.apply(parsed.data)
      if (isNewSevereAlert(previous, parsed.data)) handlers.onNewSevere(parsed.data)
      handlers.onSummary(board.summary())
    } else if (channel === 'desk:reset') {
      const parsed = ResetAlertsSchema.safeParse(payload)
      if (!parsed.success) return
      board.reset(parsed.data.alerts)
      handlers.onSummary(board.summary())
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
      const parsed = ResetAlertsSchema.safeParse(result.value)
      if (parsed.success) board.reset(parsed.data.alerts)
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
  return { board, ready, dispose }
}
