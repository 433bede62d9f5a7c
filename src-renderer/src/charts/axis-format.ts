import { isoOfDayNumber } from './day-axis'

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** Tick label for the x axis (day numbers, see day-axis.ts). */
export function dayTick(value: string | number): string {
  return isoOfDayNumber(Number(value))
}

/** Tick label for a money axis: 1250000 -> "1.3M". */
export function moneyTick(value: string | number): string {
  return compact.format(Number(value))
}
