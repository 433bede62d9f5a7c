/**
 * Staleness per instrument (docs/RISK-CONVENTIONS.md "Feed checks"): an instrument that delivers no price in
 * STALE_AFTER_UPDATES consecutive market updates in which other instruments did deliver one is stale. Its last price
 * is then carried forward and every figure that uses it says so; it clears when a price comes back.
 */

/**
 * Market updates without a price, while others tick, after which an instrument is stale. Two: one missing daily close
 * can be a late print or a one-day halt and is only marked as carried forward; a second one in a row means the price
 * is at least two market days old, so it is stale (the test: a 10-day gap is stale from its second update).
 */
export const STALE_AFTER_UPDATES = 2

export interface StalenessChange {
  readonly symbol: string
  readonly change: 'stale' | 'restored'
  /** market updates without a price so far (for 'restored': how many were missed) */
  readonly missed: number
  /** market date of the instrument's last price */
  readonly lastDate: string
  /** market date of the update that changed the state */
  readonly date: string
}

/** Counts, per instrument, the consecutive market updates in which it delivered no price while others did. */
export class StalenessTracker {
  private readonly missedBy: Map<string, number>
  private readonly lastDateBy: Map<string, string>

  /**
   * @param symbols - the instruments the feed should price
   * @param lastDates - each instrument's last price date before the session (index-aligned)
   * @param threshold - STALE_AFTER_UPDATES by default; an integer >= 1
   * @throws RangeError on a bad threshold or misaligned arrays
   */
  constructor(
    symbols: readonly string[],
    lastDates: readonly string[],
    readonly threshold: number = STALE_AFTER_UPDATES,
  ) {
    if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`staleness threshold must be an integer >= 1, got ${threshold}`)
    if (lastDates.length !== symbols.length) throw new RangeError('StalenessTracker: one last date per symbol')
    this.missedBy = new Map(symbols.map((s) => [s, 0]))
    this.lastDateBy = new Map(symbols.map((s, i) => [s, lastDates[i] as string]))
  }

  /**
   * One market date: `delivered` holds the instruments that delivered a valid price on it (applied or held as suspect).
   * A date on which nobody delivered is not a market update and changes nothing.
   * @returns the instruments that became stale or came back, in symbol order of the constructor
   */
  update(date: string, delivered: ReadonlySet<string>): StalenessChange[] {
    const changes: StalenessChange[] = []
    if (delivered.size === 0) return changes
    for (const [symbol, missed] of this.missedBy) {
      const lastDate = this.lastDateBy.get(symbol) as string
      if (delivered.has(symbol)) {
        if (missed >= this.threshold) changes.push({ symbol, change: 'restored', missed, lastDate, date })
        this.missedBy.set(symbol, 0)
        this.lastDateBy.set(symbol, date)
        continue
      }
      // others delivered (delivered is not empty and does not hold this symbol): a missed market update
      const now = missed + 1
      this.missedBy.set(symbol, now)
      if (now === this.threshold) changes.push({ symbol, change: 'stale', missed: now, lastDate, date })
    }
    return changes
  }

  /** Consecutive market updates without a price (0 when the last update priced it; undefined for an unknown symbol). */
  missed(symbol: string): number | undefined {
    return this.missedBy.get(symbol)
  }

  lastDate(symbol: string): string | undefined {
    return this.lastDateBy.get(symbol)
  }

  /** Stale instruments, in constructor order. */
  stale(): string[] {
    return [...this.missedBy].filter(([, m]) => m >= this.threshold).map(([s]) => s)
  }

  /** Instruments whose price is carried forward (missed >= 1), with the count and the date of the price. */
  carried(): { symbol: string; missed: number; lastDate: string; stale: boolean }[] {
    return [...this.missedBy]
      .filter(([, m]) => m > 0)
      .map(([symbol, missed]) => ({ symbol, missed, lastDate: this.lastDateBy.get(symbol) as string, stale: missed >= this.threshold }))
  }
}
