/**
 * Rate limiter for UI updates: many `schedule()` calls collapse into one `flush()`, and two flushes are never closer
 * than `minIntervalMs`. The desk uses it so that frame pushes (which may arrive faster than the host's own ~20/s
 * coalescing at replay speed "max", or in bursts after a reconnect) repaint the UI at most 1000 / minIntervalMs times
 * per second.
 *
 * A timer rather than requestAnimationFrame: rAF stops in background tabs, and we still want the store (and so the
 * alert badge and the title) to stay current there; the 50 ms timer already keeps repaints under the display rate.
 */

/** The clock and timer the coalescer uses; injectable so tests can drive it with fake timers. */
export interface CoalescerClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface Coalescer {
  /** Ask for a flush; returns at once. The flush runs asynchronously, never inside this call. */
  schedule(): void
  /** Flush now if something is scheduled (used before a snapshot replaces the state). */
  flushNow(): void
  /** Drop a scheduled flush without running it. */
  cancel(): void
}

const defaultClock: CoalescerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

/**
 * Creates a coalescer around `flush`.
 * @param flush - the work to run; exceptions propagate out of the timer callback (they are bugs, not data).
 * @param minIntervalMs - minimum spacing of two flushes in milliseconds (50 ms = at most 20 flushes per second).
 * @param clock - time source, default `Date.now` + global timers.
 * @throws RangeError when minIntervalMs is negative or not finite.
 */
export function createCoalescer(flush: () => void, minIntervalMs: number, clock: CoalescerClock = defaultClock): Coalescer {
  if (!Number.isFinite(minIntervalMs) || minIntervalMs < 0) throw new RangeError(`minIntervalMs must be >= 0, got ${minIntervalMs}`)
  let handle: unknown = null
  let lastFlush = Number.NEGATIVE_INFINITY

  const run = (): void => {
    handle = null
    lastFlush = clock.now()
    flush()
  }

  return {
    schedule() {
      if (handle !== null) return
      const wait = Math.max(0, lastFlush + minIntervalMs - clock.now())
      handle = clock.setTimeout(run, wait)
    },
    flushNow() {
      if (handle === null) return
      clock.clearTimeout(handle)
      run()
    },
    cancel() {
      if (handle === null) return
      clock.clearTimeout(handle)
      handle = null
    },
  }
}
