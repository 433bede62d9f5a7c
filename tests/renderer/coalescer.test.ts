import { describe, expect, it, vi } from 'vitest'
import { createCoalescer, type CoalescerClock } from '../../src-renderer/src/util/coalescer'

/** A manual clock: time moves only when the test says so, and due timers run in order. */
function manualClock() {
  let now = 0
  let nextHandle = 1
  const timers = new Map<number, { at: number; fn: () => void }>()
  const clock: CoalescerClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const handle = nextHandle++
      timers.set(handle, { at: now + ms, fn })
      return handle
    },
    clearTimeout(handle) {
      timers.delete(handle as number)
    },
  }
  const advance = (ms: number): void => {
    const end = now + ms
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      timers.delete(due[0])
      now = due[1].at
      due[1].fn()
    }
    now = end
  }
  return { clock, advance, pending: () => timers.size }
}

const INTERVAL_MS = 50

describe('createCoalescer', () => {
  it('collapses a burst of schedules into one asynchronous flush', () => {
    const { clock, advance } = manualClock()
    const flush = vi.fn()
    const c = createCoalescer(flush, INTERVAL_MS, clock)
    for (let i = 0; i < 100; i++) c.schedule()
    expect(flush).not.toHaveBeenCalled() // never inside schedule()
    advance(0)
    expect(flush).toHaveBeenCalledTimes(1)
  })

  it('never flushes more often than once per interval under a steady stream', () => {
    const { clock, advance } = manualClock()
    const flushTimes: number[] = []
    const c = createCoalescer(() => flushTimes.push(clock.now()), INTERVAL_MS, clock)
    const PERIOD_MS = 3 // a push every 3 ms for 2 s: far faster than the limit
    for (let t = 0; t < 2000; t += PERIOD_MS) {
      c.schedule()
      advance(PERIOD_MS)
    }
    advance(INTERVAL_MS)
    const gaps = flushTimes.slice(1).map((t, i) => t - flushTimes[i]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS)
    expect(flushTimes.length).toBeLessThanOrEqual(2000 / INTERVAL_MS + 1)
    // and it keeps up: the stream is never starved for more than one interval
    expect(Math.max(...gaps)).toBeLessThanOrEqual(INTERVAL_MS + PERIOD_MS)
  })

  it('flushNow runs a scheduled flush immediately; cancel drops it', () => {
    const { clock, advance, pending } = manualClock()
    const flush = vi.fn()
    const c = createCoalescer(flush, INTERVAL_MS, clock)
    c.flushNow()
    expect(flush).not.toHaveBeenCalled() // nothing scheduled
    c.schedule()
    c.flushNow()
    expect(flush).toHaveBeenCalledTimes(1)
    expect(pending()).toBe(0)
    c.schedule()
    c.cancel()
    advance(1000)
    expect(flush).toHaveBeenCalledTimes(1)
  })

  it('rejects a negative interval', () => {
    expect(() => createCoalescer(() => {}, -1)).toThrow(RangeError)
  })
})
