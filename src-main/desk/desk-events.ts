import type { Action } from '@shared/domain/action'
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
  | { readonly type: 'alert'; readonly change: 'raised' | 'escalated' | 'cleared' | 'acknowledged'; readonly alert: Alert }
  | { readonly type: 'action'; readonly change: 'proposed' | 'applied' | 'expired'; readonly action: Action }
  | { readonly type: 'override'; readonly decision: 'approved' | 'rejected'; readonly action: Action }
  | { readonly type: 'feed'; readonly status: FeedStatus }
  /** the book changed by itself: a split applied on its ex-date, or an option settled at expiry and removed */
  | { readonly type: 'position'; readonly change: 'split'; readonly symbol: string; readonly detail: SplitRecord }
  | { readonly type: 'position'; readonly change: 'expired'; readonly symbol: string; readonly detail: OptionSettlement }
  /** feed checks: a tick held as suspect, confirmed or dropped (by the next tick or by hand); a price stale or back */
  | FeedCheckEvent

export type DeskListener = (event: DeskEvent) => void
