/** Calendar arithmetic on ISO dates (YYYY-MM-DD, UTC), shared by the desk, the feeds and the host. */
import { isCalendarDate } from '@shared/domain/calendar-date'

export { isCalendarDate }

const MS_PER_DAY = 86_400_000

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
