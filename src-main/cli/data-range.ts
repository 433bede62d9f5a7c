import type { MarketContext } from '../market/market-context'
import { CliError } from './cli-error'

/** Price files named in a message: the user's, or the bundled data. */
export function priceSource(prices: readonly string[] | undefined): string {
  return prices === undefined || prices.length === 0 ? 'the bundled price data' : `price file${prices.length > 1 ? 's' : ''} ${prices.join(', ')}`
}

/** `<source>: N symbols, FIRST..LAST`: what a book's symbols and a command's dates are checked against. */
export function describeMarket(market: MarketContext, prices: readonly string[] | undefined): string {
  const first = market.store.firstDate() ?? '?'
  const last = market.store.lastDate() ?? '?'
  return `${priceSource(prices)}: ${market.store.symbols().length} symbols, ${first} to ${last}`
}

/**
 * Refuses a date argument outside the loaded price data (no silent clamp to the nearest date).
 * @param flag - the option as the user typed it, e.g. `--asof`
 * @param date - a calendar date YYYY-MM-DD (already checked by options.ts isoDate)
 * @throws CliError (exit 2) naming the argument and the available range
 */
export function requireDateInData(flag: string, date: string, market: MarketContext, prices: readonly string[] | undefined): void {
  const first = market.store.firstDate()
  const last = market.store.lastDate()
  if (first === undefined || last === undefined) throw new CliError(`${priceSource(prices)} holds no prices`)
  if (date < first || date > last) {
    throw new CliError(`${flag} ${date} is outside the available data: ${priceSource(prices)} run from ${first} to ${last}`, 2)
  }
}
