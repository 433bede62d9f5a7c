/** Calendar arithmetic on ISO dates (YYYY-MM-DD, UTC), shared by the desk, the feeds and the host. */

const MS_PER_DAY = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * true for a `YYYY-MM-DD` string that names a real calendar date (proleptic Gregorian, years 0001-9999). 2021-02-30,
 * 2021-13-01 and 2019-02-29 are not dates; `Date.parse` would roll them over to the next month, so it is never used
 * to validate input.
 */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1) return false
  const t = new Date(Date.UTC(2000, mo - 1, d))
  t.setUTCFullYear(y)
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

/**
 * The calendar day before an ISO date. A window "ending before D" uses it: the market-window builder resolves it to
 * the last trading date on or before it.
 * @throws RangeError when `iso` is not a calendar date
 */
export function dayBefore(iso: string): string {
  if (!isCalendarDate(iso)) throw new RangeError(`not a date: ${iso}`)
  const t = Date.parse(`${iso}T00:00:00Z`)
  return new Date(t - MS_PER_DAY).toISOString().slice(0, 10)
}

/** The next Monday-to-Friday date after an ISO date (exchange holidays are not modelled). */
export function nextBusinessDay(iso: string): string {
  const t = new Date(`${iso}T00:00:00Z`)
  do t.setUTCDate(t.getUTCDate() + 1)
  while (t.getUTCDay() === 0 || t.getUTCDay() === 6)
  return t.toISOString().slice(0, 10)
}
