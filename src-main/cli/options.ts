import { InvalidArgumentError } from 'commander'
import { isCalendarDate } from '../market/iso-dates'

/** commander argument parsers: each throws InvalidArgumentError with a one-line reason. */
export function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError(`expected a date YYYY-MM-DD, got "${value}"`)
  if (!isCalendarDate(value)) throw new InvalidArgumentError(`"${value}" is not a calendar date YYYY-MM-DD (no such day in that month)`)
  return value
}

export function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 2 || n > 100_000) throw new InvalidArgumentError(`expected an integer from 2 to 100000, got "${value}"`)
  return n
}

export function confidence(value: string): number {
  const c = Number(value)
  if (!(c > 0.5 && c < 1)) throw new InvalidArgumentError(`expected a confidence in (0.5, 1) such as 0.99, got "${value}"`)
  return c
}

export function speed(value: string): number | 'max' {
  if (value === 'max') return 'max'
  const s = Number(value)
  if (!(s > 0 && s <= 1000)) throw new InvalidArgumentError(`expected days per second in (0, 1000] or "max", got "${value}"`)
  return s
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}
