import { DeskClock, type FeedMode } from '../../../../src-main/desk/lifecycle/desk-time'

/** A desk clock on a hand-driven wall clock: `advance(ms)` moves wall time, `clock.update(date)` adds a market update. */
export function fakeClock(mode: FeedMode, startMs = Date.UTC(2020, 2, 2, 21, 0, 0)): { clock: DeskClock; advance: (ms: number) => void } {
  let wall = startMs
  const clock = new DeskClock(mode, () => wall, '2020-03-02')
  return { clock, advance: (ms) => void (wall += ms) }
}
