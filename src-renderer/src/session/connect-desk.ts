import type { Pinia } from 'pinia'
import type { DeskApi } from '@shared/api/contract'
import type { Alert } from '@shared/domain/alert'
import { SEVERITY_ORDER } from '@shared/domain/alert'
import { useActionsStore } from '../stores/actions'
import { useAlertsStore } from '../stores/alerts'
import { useControlsStore } from '../stores/controls'
import { useDeskStore } from '../stores/desk'
import { useToastsStore } from '../stores/toasts'
import { isInterrupting } from '../util/severity'

export interface DeskSession {
  /** Fetches a fresh snapshot (after a reconnect the pushes in between are lost). */
  resync(): Promise<void>
  /** Unsubscribes every push listener. */
  stop(): void
}

export interface DeskSessionOptions {
  /** Called for a new HIGH/CRITICAL alert, or an unacknowledged alert escalated into HIGH/CRITICAL (Web Notifications hook). */
  onInterruptingAlert?: (alert: Alert) => void
}

/**
 * Whether an alert change interrupts the trader (toast, web notification): an unacknowledged, unsnoozed HIGH or
 * CRITICAL alert that is new (`alert:raised`), became escalated, or rose in severity. A repeat of the version already
 * shown does not; an alert first seen through `alert:updated` (already open when the desk loaded) does not either.
 */
export function deservesInterrupt(before: Alert | undefined, alert: Alert, raised: boolean): boolean {
  if ((alert.state !== 'open' && alert.state !== 'escalated') || alert.snoozed !== null || !isInterrupting(alert.severity)) return false
  if (before === undefined) return raised
  const rose = SEVERITY_ORDER[alert.severity] > SEVERITY_ORDER[before.severity]
  return rose || (alert.state === 'escalated' && before.state !== 'escalated')
}

/**
 * Wires a DeskApi's pushes into the stores and loads the first snapshot. Subscribes before fetching, so no push is
 * lost between the snapshot and the first frame; overlaps are harmless (frames are de-duplicated by seq, alerts and
 * actions are upserted by id).
 * @param api - the DeskApi (already attached to the connection store by the caller).
 */
export function connectDesk(pinia: Pinia, api: DeskApi, options: DeskSessionOptions = {}): DeskSession {
  const desk = useDeskStore(pinia)
  const alerts = useAlertsStore(pinia)
  const actions = useActionsStore(pinia)
  const controls = useControlsStore(pinia)
  const toasts = useToastsStore(pinia)

  const interrupt = (alert: Alert): void => {
    toasts.push(alert)
    options.onInterruptingAlert?.(alert)
  }

  const unsubscribers = [
    api.onDeskFrame((payload) => desk.enqueueFrame(payload)),
    api.onFeedStatus((status) => desk.applyFeedStatus(status)),
    api.onDeskReset((snapshot) => desk.applySnapshot(snapshot, { discardPending: true })),
    // 'alert:raised' carries a raise and an escalation (the host notifies on both); a push replaces the alert by id
    api.onAlertRaised((alert) => {
      const before = alerts.byId(alert.id)
      alerts.upsert(alert)
      if (deservesInterrupt(before, alert, true)) interrupt(alert)
    }),
    api.onAlertUpdated((alert) => {
      const before = alerts.byId(alert.id)
      alerts.upsert(alert)
      if (deservesInterrupt(before, alert, false)) interrupt(alert)
    }),
    api.onActionProposed((action) => actions.upsert(action)),
    api.onActionUpdated((action) => actions.upsert(action)),
    api.onControlsUpdated((next) => controls.apply(next)),
  ]

  const resync = async (): Promise<void> => {
    await desk.loadSnapshot()
  }
  void resync()

  return {
    resync,
    stop() {
      for (const off of unsubscribers.splice(0)) off()
    },
  }
}
