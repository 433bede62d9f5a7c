import type { Action } from '@shared/domain/action'
import type { Controls } from '@shared/domain/controls'
import type { Alert } from '@shared/domain/alert'
import type { FeedStatus } from '@shared/domain/feed'
import type { PositionRow } from '@shared/domain/position-row'
import type { RiskFrame } from '@shared/domain/risk-frame'
import type { Tick } from '../market/feeds/feed'
import type { SplitRecord } from './corporate-actions'
import type { FeedCheckEvent } from './feed-checks'
import type { OptionSettlement } from './option-book'

/**
 * Everything the desk reports, in the order it happened. Each event is durable in the audit trail (when the session
 * has one) before listeners see it. The CLI prints these as JSON lines; the host turns them into push messages.
 */
export type DeskEvent =
  | { readonly type: 'tick'; readonly tick: Tick }
  | { readonly type: 'tick.rejected'; readonly tick: unknown; readonly field: string; readonly reason: string }
  | { readonly type: 'risk'; readonly frame: RiskFrame; readonly positions: readonly PositionRow[] }
  /** the alert lifecycle (desk/lifecycle/alert-lifecycle.ts), with the alert as it is after the change */
  | { readonly type: 'alert'; readonly change: AlertChange; readonly alert: Alert }
  /**
   * the action lifecycle (desk/lifecycle/action-lifecycle.ts), with the action as it is after the change; 'applied'
   * also carries the execution's market date, the trades and the VaR recomputed on the traded book
   */
  | {
      readonly type: 'action'
      readonly change: ActionChange
      readonly action: Action
      readonly executedDate?: string
      readonly trades?: readonly { readonly symbol: string; readonly fromQuantity: number; readonly toQuantity: number; readonly price: number }[]
      readonly varAfter?: number
    }
  /** a manual override of the automation (pause, kill switch, reduce-only, lock, ...) or its expiry or refusal */
  | { readonly type: 'override'; readonly change: OverrideChange; readonly actor: string; readonly reason: string; readonly controls: Controls }
  | { readonly type: 'feed'; readonly status: FeedStatus }
  /** the book changed by itself: a split applied on its ex-date, or an option settled at expiry and removed */
  | { readonly type: 'position'; readonly change: 'split'; readonly symbol: string; readonly detail: SplitRecord }
  | { readonly type: 'position'; readonly change: 'expired'; readonly symbol: string; readonly detail: OptionSettlement }
  /** feed checks: a tick held as suspect, confirmed or dropped (by the next tick or by hand); a price stale or back */
  | FeedCheckEvent

export type AlertChange = 'raised' | 'acknowledged' | 'escalated' | 'resolved' | 'snoozed' | 'noted'
export type ActionChange = 'proposed' | 'resized' | 'approved' | 'rejected' | 'modified' | 'applied' | 'expired'
export type OverrideChange = 'paused' | 'resumed' | 'killed' | 'rearmed' | 'reduce-only' | 'reduce-only-lifted' | 'locked' | 'unlocked' | 'expired' | 'refused'

export type DeskListener = (event: DeskEvent) => void
