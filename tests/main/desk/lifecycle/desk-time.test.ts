import { describe, expect, it } from 'vitest'
import { markOf, remaining, spanElapsed } from '../../../../src-main/desk/lifecycle/desk-time'
import { fakeClock } from './fake-time'

const span = { updates: 3, ms: 30_000 }

describe('DeskTime spans', () => {
  it('replay: counts market updates, not wall time, while the feed runs', () => {
    const { clock, advance } = fakeClock('replay')
    const since = markOf(clock.now())
    advance(10 * 60_000) // ten minutes of wall time change nothing in a running replay
    expect(remaining(span, since, clock.now())).toEqual({ updates: 3, ms: null, elapsed: false })
    clock.update('2020-03-03')
    clock.update('2020-03-04')
    expect(spanElapsed(span, since, clock.now())).toBe(false)
    clock.update('2020-03-05')
    expect(remaining(span, since, clock.now())).toEqual({ updates: 0, ms: null, elapsed: true })
  })
  it('replay: a stopped feed counts wall time from the stop, so nothing waits forever', () => {
    const { clock, advance } = fakeClock('replay')
    const since = markOf(clock.now())
    clock.update('2020-03-03')
    advance(5_000)
    clock.stop()
    advance(29_999)
    expect(remaining(span, since, clock.now())).toMatchObject({ updates: 2, ms: 1, elapsed: false })
    advance(1)
    expect(spanElapsed(span, since, clock.now())).toBe(true)
    // running again: the wall time of the stop no longer counts, updates do
    clock.run()
    expect(spanElapsed(span, since, clock.now())).toBe(false)
  })
  it('replay: stop() keeps the first stop time; a new frame restarts the feed', () => {
    const { clock, advance } = fakeClock('replay')
    const t0 = clock.stop().stoppedAtMs
    advance(1000)
    expect(clock.stop().stoppedAtMs).toBe(t0)
    expect(clock.update('2020-03-03').stoppedAtMs).toBeNull()
  })
  it('live: counts wall time, paused or not; updates do not shorten it', () => {
    const { clock, advance } = fakeClock('live')
    const since = markOf(clock.now())
    for (let i = 0; i < 10; i++) clock.update('2020-03-02')
    expect(remaining(span, since, clock.now())).toEqual({ updates: null, ms: 30_000, elapsed: false })
    clock.stop()
    advance(30_000)
    expect(spanElapsed(span, since, clock.now())).toBe(true)
  })
  it('refuses a negative or non-finite span', () => {
    const { clock } = fakeClock('live')
    const since = markOf(clock.now())
    expect(() => remaining({ updates: -1, ms: 0 }, since, clock.now())).toThrow(RangeError)
    expect(() => remaining({ updates: 1, ms: Number.NaN }, since, clock.now())).toThrow(RangeError)
  })
})
