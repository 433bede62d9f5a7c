import { z } from 'zod'
import { ActionSchema } from './action'
import { AlertSchema } from './alert'
import { ControlsSchema } from './controls'
import { FeedStatusSchema } from './feed'
import { LimitsSchema } from './limits'
import { PositionRowSchema } from './position-row'
import { RiskFrameSchema } from './risk-frame'

export const DeskSnapshotSchema = z.object({
  book: z.string(),
  limits: LimitsSchema,
  feed: FeedStatusSchema,
  /** every frame so far (the VaR and P&L history for the charts) */
  frames: z.array(RiskFrameSchema),
  positions: z.array(PositionRowSchema),
  excluded: z.array(z.object({ symbol: z.string(), reason: z.string() })),
  alerts: z.array(AlertSchema),
  actions: z.array(ActionSchema),
  /** overrides in force (pause, kill switch, reduce-only, lock) */
  controls: ControlsSchema,
  /** the replay holds at a proposal until a decision (setting; off with --no-hold) */
  hold: z.boolean(),
  user: z.string(),
})
export type DeskSnapshot = z.infer<typeof DeskSnapshotSchema>
