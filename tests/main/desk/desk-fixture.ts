import { join } from 'node:path'
import type { Book } from '@shared/domain/book'
import { LimitsSchema, type Limits } from '@shared/domain/limits'
import { loadMarket } from '../../../src-main/market/load-market'
import type { MarketContext } from '../../../src-main/market/market-context'

const ROOT = join(__dirname, '..', '..', '..')
export const ASSETS = join(ROOT, 'assets')
export const DEMO_BOOK = join(ASSETS, 'books', 'demo-desk.csv')
export const DEMO_LIMITS = join(ASSETS, 'books', 'demo-desk.limits.json')

let cached: MarketContext | undefined

/** The bundled market data with the VIX history (loaded once per test file). */
export function bundledMarket(): MarketContext {
  cached ??= loadMarket({
    prices: [join(ASSETS, 'data', 'prices_daily.csv.gz')],
    sectors: join(ASSETS, 'data', 'sectors.csv'),
    qualityFlags: join(ASSETS, 'data', 'quality_flags.csv'),
    vix: join(ASSETS, 'data', 'vix_daily.csv'),
  })
  return cached
}

/** A small real book: longs in several sectors, one short, one ETF hedge. */
export const SMALL_BOOK: Book = {
  name: 'small',
  positions: [
    { symbol: 'AAPL', quantity: 2000, cost: 150 },
    { symbol: 'JPM', quantity: 3000, cost: 100 },
    { symbol: 'XOM', quantity: 4000, cost: 70 },
    { symbol: 'JNJ', quantity: 1500 },
    { symbol: 'SPY', quantity: -800 },
  ],
}

export function limits(overrides: Partial<Limits> = {}): Limits {
  return LimitsSchema.parse({
    varLimit: 60_000,
    maxLossPerPosition: 1e9,
    maxPositionWeight: 1,
    maxDaysToLiquidate: 1e6,
    ...overrides,
  })
}
