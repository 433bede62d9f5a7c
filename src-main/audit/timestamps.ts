/**
 * Timestamps and date bounds of the audit trail.
 *
 * Every event's `ts` is ISO 8601 in UTC with exactly three fractional digits, `YYYY-MM-DDTHH:mm:ss.sssZ`, the form
 * `Date.prototype.toISOString()` produces for years 0000-9999. Being fixed-width, these strings sort in time order,
 * so SQL range filters on `ts` compare text and can use an index.
 */

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Is `ts` an audit timestamp: `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant (no 2026-02-30, no 24:00)?
 *
 * @param ts - candidate string.
 * @returns true when `new Date(ts).toISOString() === ts`, i.e. the text is already in canonical form.
 */
export function isAuditTimestamp(ts: string): boolean {
  if (!ISO_UTC_MS.test(ts)) return false
  const t = Date.parse(ts)
  return Number.isFinite(t) && new Date(t).toISOString() === ts
}

/**
 * Is `date` a calendar date `YYYY-MM-DD` that exists (2024-02-29 yes, 2026-02-29 no)?
 *
 * @param date - candidate string.
 */
export function isIsoDate(date: string): boolean {
  return ISO_DATE.test(date) && isAuditTimestamp(`${date}T00:00:00.000Z`)
}

/** A half-open range of audit timestamps `[fromTs, toTsExclusive)`; an absent side is unbounded. */
export interface TsRange {
  readonly fromTs?: string
  readonly toTsExclusive?: string
}

/** SQL conditions (with their bound parameters, never inlined) that keep `ts` inside a range. */
export function tsRangeConditions(range: TsRange): { where: string[]; args: string[] } {
  const where: string[] = []
  const args: string[] = []
  if (range.fromTs !== undefined) {
    where.push('ts >= ?')
    args.push(range.fromTs)
  }
  if (range.toTsExclusive !== undefined) {
    where.push('ts < ?')
    args.push(range.toTsExclusive)
  }
  return { where, args }
}

/**
 * Turn inclusive day bounds into a timestamp range on `ts` (UTC days).
 *
 * @param from - first day included, `YYYY-MM-DD`, or undefined for no lower bound.
 * @param to - last day included, `YYYY-MM-DD`, or undefined for no upper bound.
 * @returns `{ fromTs: 'fromT00:00:00.000Z', toTsExclusive: '(to + 1 day)T00:00:00.000Z' }`.
 * @throws RangeError naming the bound (`from`/`to`) when it is not a real `YYYY-MM-DD` date, or when from > to.
 */
export function dayBoundsToRange(from: string | undefined, to: string | undefined): TsRange {
  if (from !== undefined && !isIsoDate(from)) throw new RangeError(`from: expected a date YYYY-MM-DD, got ${JSON.stringify(from)}`)
  if (to !== undefined && !isIsoDate(to)) throw new RangeError(`to: expected a date YYYY-MM-DD, got ${JSON.stringify(to)}`)
  if (from !== undefined && to !== undefined && from > to) throw new RangeError(`from (${from}) is after to (${to})`)
  const range: { fromTs?: string; toTsExclusive?: string } = {}
  if (from !== undefined) range.fromTs = `${from}T00:00:00.000Z`
  if (to !== undefined) {
    const DAY_MS = 86_400_000
    range.toTsExclusive = new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS).toISOString()
  }
  return range
}

/**
 * Bounds for history queries: each side is either a whole day `YYYY-MM-DD` (inclusive) or an exact audit
 * timestamp (inclusive).
 *
 * @param from - lower bound or undefined.
 * @param to - upper bound or undefined.
 * @returns `{ fromTs, toTsExclusive }`; an exact `to` timestamp becomes the next millisecond, exclusive.
 * @throws RangeError naming the bound when it is neither form, or when from > to.
 */
export function queryBoundsToRange(from: string | undefined, to: string | undefined): TsRange {
  const fromTs = from === undefined ? undefined : isIsoDate(from) ? `${from}T00:00:00.000Z` : checkedTs('from', from)
  let toTsExclusive: string | undefined
  if (to !== undefined) {
    if (isIsoDate(to)) toTsExclusive = dayBoundsToRange(undefined, to).toTsExclusive
    else toTsExclusive = new Date(Date.parse(checkedTs('to', to)) + 1).toISOString()
  }
  if (fromTs !== undefined && toTsExclusive !== undefined && fromTs >= toTsExclusive) {
    throw new RangeError(`from (${from}) is after to (${to})`)
  }
  const range: { fromTs?: string; toTsExclusive?: string } = {}
  if (fromTs !== undefined) range.fromTs = fromTs
  if (toTsExclusive !== undefined) range.toTsExclusive = toTsExclusive
  return range
}

function checkedTs(name: string, value: string): string {
  if (!isAuditTimestamp(value)) {
    throw new RangeError(`${name}: expected YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss.sssZ (UTC), got ${JSON.stringify(value)}`)
  }
  return value
}
