/**
 * Market dates on a linear x axis: x = days since 1970-01-01 (UTC). Chart.js's time scale would need a date adapter
 * library; a day number keeps the axis linear, which is also what the Decimation plugin requires, and converts back to
 * the ISO date exactly.
 */
const MS_PER_DAY = 86_400_000

/** 'YYYY-MM-DD' -> whole days since the Unix epoch. @throws Error on a malformed date. */
export function dayNumber(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(isoDate)
  if (!m) throw new Error(`expected YYYY-MM-DD, got '${isoDate}'`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY
}

/** Inverse of dayNumber; fractional days (axis ticks between dates) round to the nearest day. */
export function isoOfDayNumber(day: number): string {
  return new Date(Math.round(day) * MS_PER_DAY).toISOString().slice(0, 10)
}
