/**
 * Number and date formatting for the desk. Money is in the book's currency (no symbol: the contract carries none);
 * every formatter returns an em dash for null, undefined or non-finite input so an empty desk renders cleanly.
 */

const DASH = '\u2014'

/**
 * The currency figures are shown in. The contract carries no currency field: every price file the desk reads (the
 * bundled assets/data and ../shared/data) is US listings quoted in US dollars, so money is labelled USD.
 */
export const CURRENCY = 'USD'
const money0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const money2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

function usable(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x)
}

/** Whole currency units with thousands separators: 1234567.8 -> "1,234,568". */
export function formatMoney(x: number | null | undefined): string {
  return usable(x) ? money0.format(x) : DASH
}

/** Signed whole currency units: 1200 -> "+1,200", -5 -> "-5". */
export function formatSignedMoney(x: number | null | undefined): string {
  if (!usable(x)) return DASH
  const s = money0.format(x)
  return x > 0 ? `+${s}` : s
}

/** A price: two decimals. */
export function formatPrice(x: number | null | undefined): string {
  return usable(x) ? money2.format(x) : DASH
}

/** A fraction as a percentage: 0.1234 -> "12.3%" (digits after the point, default 1). */
export function formatPct(x: number | null | undefined, digits = 1): string {
  return usable(x) ? `${(x * 100).toFixed(digits)}%` : DASH
}

/** A plain number with a fixed number of decimals. */
export function formatFixed(x: number | null | undefined, digits: number): string {
  return usable(x) ? x.toFixed(digits) : DASH
}

/** A share quantity: integers without decimals, fractional shares with up to 4. */
export function formatQuantity(x: number | null | undefined): string {
  if (!usable(x)) return DASH
  return Number.isInteger(x) ? money0.format(x) : x.toLocaleString('en-US', { maximumFractionDigits: 4 })
}

/** Wall-clock time of an ISO timestamp in the user's zone, "HH:MM:SS"; the raw string if it does not parse. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return DASH
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t).toLocaleTimeString('en-GB', { hour12: false })
}
