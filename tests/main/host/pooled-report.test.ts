import { describe, expect, it } from 'vitest'
import { pooledRiskReport } from '../../../src-main/host/pooled-report'
import { computeExtendedRiskReport } from '../../../src-main/risk/extended-risk-report'
import { useTestPool } from '../compute/build-worker'
import { bundledMarket, SMALL_BOOK } from '../desk/desk-fixture'

const shared = useTestPool()

describe('risk report with Monte Carlo on the worker pool', () => {
  it('gives exactly the in-process report', async () => {
    const opts = { asof: '2020-03-31', paths: 20_000, seed: 7 }
    const inProcess = computeExtendedRiskReport(SMALL_BOOK, bundledMarket(), opts)
    const pooled = await pooledRiskReport(SMALL_BOOK, bundledMarket(), shared.pool, opts)
    expect(pooled).toEqual(inProcess)
    expect(pooled.monteCarlo.seed).toBe(7)
  })
  it('falls back to in-process simulation without a pool', async () => {
    const opts = { asof: '2020-03-31', paths: 5_000 }
    expect(await pooledRiskReport(SMALL_BOOK, bundledMarket(), null, opts)).toEqual(computeExtendedRiskReport(SMALL_BOOK, bundledMarket(), opts))
  })
})
