import { describe, expect, it } from 'vitest'
import { buildRiskStateOnPool } from '../../../src-main/compute/risk-state-pool'
import { DeskMonitors } from '../../../src-main/desk/desk-monitors'
import { openLiveBook } from '../../../src-main/desk/live-book'
import { regimeProxyReturns } from '../../../src-main/desk/regime-tracker'
import { fitRegimeHmm } from '../../../src-main/engine/regime-hmm'
import { PriceStore, type SymbolSeries } from '../../../src-main/market/price-store'
import { SMALL_BOOK, bundledMarket } from '../desk/desk-fixture'
import { useTestPool } from './build-worker'

/**
 * The off-thread start of a desk session: the initial risk state and regime fit built on the compute pool must be
 * the synchronous path's, bit for bit (same functions on the same inputs), now and after ticks and rolls.
 */
const ASOF = '2020-03-31'
const W = 250

describe('buildRiskStateOnPool', () => {
  const t = useTestPool(1)

  it('equals openLiveBook exactly: figures, components, the window, and after ticks and rolls', async () => {
    const market = bundledMarket()
    const pre = await buildRiskStateOnPool(t.pool, { book: SMALL_BOOK, market, asof: ASOF, window: W })
    const ref = openLiveBook(SMALL_BOOK, market, ASOF, W).risk
    expect(pre.risk.N).toBe(ref.N)
    expect(pre.risk.snapshot(0.99)).toEqual(ref.snapshot(0.99))
    expect(Array.from(pre.risk.decomposition(0.99).component)).toEqual(Array.from(ref.decomposition(0.99).component))
    expect(Array.from(pre.risk.window())).toEqual(Array.from(ref.window()))
    const row = Float64Array.from({ length: ref.N }, (_, i) => 0.01 * Math.sin(i + 1))
    for (const r of [pre.risk, ref]) {
      r.setValue(1, 123_456)
      r.rollDay(row)
    }
    expect(pre.risk.snapshot(0.975)).toEqual(ref.snapshot(0.975))
    expect(Array.from(pre.risk.sigmaV())).toEqual(Array.from(ref.sigmaV()))
    expect(pre.timings.mainThreadMs).toBeGreaterThanOrEqual(0)
  })

  it("carries the regime fit of SPY's returns, and the monitors read the same regime with it", async () => {
    const market = bundledMarket()
    const pre = await buildRiskStateOnPool(t.pool, { book: SMALL_BOOK, market, asof: ASOF, window: W })
    const proxy = regimeProxyReturns(market.store, pre.val.mw.asof)
    if (!('x' in proxy)) throw new Error(`the bundled data should have SPY returns: ${proxy.reason}`)
    const fit = fitRegimeHmm(proxy.x)
    expect(pre.regimeFit?.source).toBe('SPY')
    expect(pre.regimeFit?.fit.logLikelihood).toBe(fit.logLikelihood)
    expect(Array.from(pre.regimeFit!.fit.filteredHighVol)).toEqual(Array.from(fit.filteredHighVol))
    const live = openLiveBook(SMALL_BOOK, market, ASOF, W)
    const init = { market, asof: pre.val.mw.asof, windowDates: pre.val.mw.dates, risk: live.risk, book: live.state, initialVaR: 1 }
    expect(new DeskMonitors({ ...init, regimeFit: pre.regimeFit }).currentRegime()).toEqual(new DeskMonitors(init).currentRegime())
  })

  it("without SPY in the data, carries the fit of the book's scenario P&L, exactly the one the monitors would make", async () => {
    const full = bundledMarket()
    const store = new PriceStore(full.store.symbols().filter((s) => s !== 'SPY').map((s) => full.store.get(s) as SymbolSeries))
    const market = { ...full, store }
    const book = { name: 'no-spy', positions: SMALL_BOOK.positions.filter((p) => p.symbol !== 'SPY') }
    const pre = await buildRiskStateOnPool(t.pool, { book, market, asof: ASOF, window: W })
    expect(pre.regimeFit?.source).toBe('book-pnl')
    const fit = fitRegimeHmm(openLiveBook(book, market, ASOF, W).risk.scenarioPnL())
    expect(pre.regimeFit?.fit.logLikelihood).toBe(fit.logLikelihood)
    const live = openLiveBook(book, market, ASOF, W)
    const init = { market, asof: pre.val.mw.asof, windowDates: pre.val.mw.dates, risk: live.risk, book: live.state, initialVaR: 1 }
    const withFit = new DeskMonitors({ ...init, regimeFit: pre.regimeFit })
    expect(withFit.currentRegime()).toEqual(new DeskMonitors(init).currentRegime())
    expect(withFit.currentRegime()?.source).toBe('book-pnl')
  })

  it('refuses a book with no instrument that has the window, as openLiveBook does', async () => {
    const market = bundledMarket()
    await expect(buildRiskStateOnPool(t.pool, { book: SMALL_BOOK, market, asof: '2005-03-01', window: W })).rejects.toThrow(/has 250 returns/)
  })
})
