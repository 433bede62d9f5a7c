/**
 * Live feeds behind one interface. A feed is pulled one market day (a batch of ticks) at a time; the desk's feed
 * runner owns pacing (days per second, or as fast as possible), pause/resume and feed health. Pulling instead of
 * pushing keeps replay deterministic and lets `--speed max` run without timers.
 */

/** One price update of one instrument. Prices in currency per share; volume in shares (NaN when unknown). */
export interface Tick {
  readonly symbol: string
  /** market date, YYYY-MM-DD */
  readonly date: string
  /** raw close: the traded price used for valuation */
  readonly close: number
  /** adjusted close: used for returns */
  readonly adjClose: number
  readonly volume: number
}

/**
 * All ticks of one market date. A symbol missing from a batch gets no tick (feeds never invent one): the desk carries
 * its last price forward (zero return) and counts it towards staleness (desk/staleness-tracker.ts).
 */
export interface DayBatch {
  readonly date: string
  readonly ticks: readonly Tick[]
}

export type FeedKind = 'replay' | 'simulated'

export interface Feed {
  readonly kind: FeedKind
  /** The next market day, or null when the feed is exhausted. */
  next(): DayBatch | null
  /** Days still to come when known (replay), else null. */
  remaining(): number | null
}
