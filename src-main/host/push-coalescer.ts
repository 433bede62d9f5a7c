import type { PositionRow } from '@shared/domain/position-row'
import type { RiskFrame } from '@shared/domain/risk-frame'

/** The UI is updated at most this often with risk frames (alerts and actions are never delayed). */
export const FRAME_PUSH_INTERVAL_MS = 50

/**
 * Coalesces risk frames so a replay at full speed does not flood the UI: at most one `desk:frame` push per interval,
 * carrying the newest frame and the earlier ones since the last push (so charts lose no point).
 */
export class FrameCoalescer {
  private pending: RiskFrame[] = []
  private positions: PositionRow[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastSent = 0

  constructor(
    private readonly send: (payload: { frame: RiskFrame; earlier: RiskFrame[]; positions: PositionRow[] }) => void,
    private readonly intervalMs = FRAME_PUSH_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  push(frame: RiskFrame, positions: PositionRow[]): void {
    this.pending.push(frame)
    this.positions = positions
    if (this.timer !== null) return
    const wait = Math.max(0, this.lastSent + this.intervalMs - this.now())
    this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Sends what is pending now (before an alert push, so the chart already shows the frame that raised it). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    const frames = this.pending
    if (frames.length === 0) return
    this.pending = []
    this.lastSent = this.now()
    this.send({ frame: frames[frames.length - 1]!, earlier: frames.slice(0, -1), positions: this.positions })
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.pending = []
  }
}
