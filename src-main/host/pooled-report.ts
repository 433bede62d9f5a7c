import type { Book } from '@shared/domain/book'
import type { ExtendedRiskReport } from '@shared/domain/risk-report'
import type { ComputePool } from '../compute/compute-pool'
import type { MarketContext } from '../market/market-context'
import { planExtendedRiskReport, type ExtendedRiskOptions } from '../risk/extended-risk-report'

/**
 * The extended risk report with its Monte Carlo paths simulated on the worker pool, so the desk's event loop keeps
 * serving ticks and clicks while 100,000 paths run. Same numbers as computeExtendedRiskReport (the pool is
 * bit-identical to the single-threaded simulation). A book with options is revalued in-process (its repricer is a
 * closure over the option terms and does not cross a thread).
 */
export async function pooledRiskReport(book: Book, market: MarketContext, pool: ComputePool | null, opts: ExtendedRiskOptions = {}): Promise<ExtendedRiskReport> {
  const plan = planExtendedRiskReport(book, market, opts)
  if (pool === null || plan.monteCarloModel === null) return plan.finish()
  return plan.finish(await pool.simulatePnL(plan.monteCarloModel))
}
