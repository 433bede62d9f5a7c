import { describe, expect, it } from 'vitest'
import type { RiskFrame } from '@shared/domain/risk-frame'
import { detectAnomalies } from '../../../src-main/engine/anomaly'
import { correlationSpectrum } from '../../../src-main/engine/concentration-ext'
import { sampleCovariance } from '../../../src-main/engine/covariance'
import type { AuditEntry } from '../../../src-main/desk/audit-sink'
import { CORRELATION_SIGNAL_MAX_N, correlationShare, correlationSignalSkipReason } from '../../../src-main/desk/correlation-signal'
import { DeskSession } from '../../../src-main/desk/desk-session'
import { ANOMALY_MIN_CHANGES, ANOMALY_WINDOW, AnomalyMonitor } from '../../../src-main/desk/risk-anomalies'
import { createReplayFeed } from '../../../src-main/market/feeds/replay-feed'
import { buildMarketWindow } from '../../../src-main/market/history'
import { bundledMarket, limits } from './desk-fixture'

/** Real streams to watch: adjusted closes of three ETFs over 2019-2020 (300 days), standing in for VaR, P&L and λ₁/N. */
function streams(): { var: number[]; pnl: number[]; correlation: number[] } {
  const at = (s: string): number[] => {
    const series = bundledMarket().store.get(s)!
    const from = series.dates.indexOf('2019-01-02')
    return Array.from(series.adjClose.subarray(from, from + 300))
  }
  return { var: at('SPY'), pnl: at('QQQ'), correlation: at('GLD') }
}

describe('AnomalyMonitor (median/MAD z-scores of day-over-day changes over a trailing window)', () => {
  it('scores each new change against the last 60 changes once 20 exist, as detectAnomalies on that window', () => {
    const s = streams()
    const m = new AnomalyMonitor({ var: s.var[0]!, pnl: s.pnl[0]!, correlation: s.correlation[0]! })
    let flagged = 0
    for (let t = 1; t < s.var.length; t++) {
      const found = m.pushDay({ var: s.var[t]!, pnl: s.pnl[t]!, correlation: s.correlation[t]! })
      if (t < ANOMALY_MIN_CHANGES) {
        expect(found).toEqual([])
        continue
      }
      const expected = (['var', 'pnl', 'correlation'] as const).flatMap((metric) => {
        const tail = s[metric].slice(Math.max(0, t - ANOMALY_WINDOW), t + 1)
        const z = detectAnomalies(tail).z.at(-1)!
        return Math.abs(z) > 3.5 ? [{ metric, z }] : []
      })
      expect(found.map(({ metric, z }) => ({ metric, z }))).toEqual(expected)
      for (const f of found) expect(f.changes).toBe(Math.min(t, ANOMALY_WINDOW))
      flagged += found.length
    }
    // 2020's crash and rebound move these closes far beyond their usual daily changes
    expect(flagged).toBeGreaterThan(0)
  })

  it('replaceLast moves the base of the next change; a null correlation is skipped, not recorded', () => {
    const s = streams()
    const at = (k: number) => ({ var: s.var[k]!, pnl: s.pnl[k]!, correlation: s.correlation[k]! })
    const make = (): AnomalyMonitor => {
      const m = new AnomalyMonitor(at(0))
      for (let t = 1; t <= 30; t++) m.pushDay(at(t))
      return m
    }
    const last = s.var[30]!
    const onVar = (m: AnomalyMonitor, v: number) => m.pushDay({ ...at(31), var: v }).filter((f) => f.metric === 'var')
    // without the replacement a 40-point fall is a jump; replaced within the day, tomorrow's change is from the new level
    expect(onVar(make(), last - 40).length).toBe(1)
    const cut = make()
    cut.replaceLast({ ...at(30), var: last - 40, correlation: null })
    expect(onVar(cut, last - 40)).toEqual([])
    // a day without the correlation signal is not scored for it, and the next change spans the gap
    const gap = make()
    expect(gap.pushDay({ ...at(31), correlation: null }).filter((f) => f.metric === 'correlation')).toEqual([])
    const found = gap.pushDay({ ...at(32), correlation: s.correlation[30]! + 40 }).filter((f) => f.metric === 'correlation')
    expect(found.length).toBe(1)
    expect(found[0]!.change).toBeCloseTo(40, 9)
  })
})

describe('correlation-breakdown signal', () => {
  it('is λ₁ / N of the window’s correlation matrix for 2..100 instruments, null otherwise or with a constant column', () => {
    const mw = buildMarketWindow(bundledMarket().store, ['AAPL', 'MSFT', 'XOM', 'JPM', 'GLD'], '2020-03-31', 250)
    const N = mw.symbols.length
    expect(correlationShare(mw.returns, 250, N)).toBe(correlationSpectrum(sampleCovariance(mw.returns, 250, N), N).firstComponentShare)
    expect(correlationShare(mw.returns.subarray(0, 250), 250, 1)).toBeNull()
    const flat = Float64Array.from(mw.returns)
    for (let t = 0; t < 250; t++) flat[t * N + 2] = 0
    expect(correlationShare(flat, 250, N)).toBeNull()
    expect(correlationSignalSkipReason(CORRELATION_SIGNAL_MAX_N)).toBeNull()
    expect(correlationSignalSkipReason(CORRELATION_SIGNAL_MAX_N + 1)).toMatch(/skipped for books of more than 100 instruments/)
  })

  it('is skipped for a book of every bundled instrument (102 > 100), and the session start says so', () => {
    const market = bundledMarket()
    const symbols = market.store.symbols()
    expect(symbols.length).toBeGreaterThan(CORRELATION_SIGNAL_MAX_N)
    const book = { name: 'everything', positions: symbols.map((symbol) => ({ symbol, quantity: 100 })) }
    const audit: AuditEntry[] = []
    const session = new DeskSession({ book, limits: limits({ varLimit: 1e12 }), market, start: '2020-03-02', user: 't', audit: { appendMany: (e) => audit.push(...e) } })
    session.begin({})
    const frames: RiskFrame[] = []
    session.on((e) => e.type === 'risk' && frames.push(e.frame))
    const feed = createReplayFeed(market.store, symbols, '2020-03-02', '2020-03-06')
    for (let b = feed.next(); b !== null; b = feed.next()) session.applyDay(b)
    expect(frames.length).toBe(5)
    for (const f of frames) {
      expect(f.correlationShare).toBeNull()
      expect(f.regime?.source).toBe('SPY')
    }
    const started = audit.find((e) => e.type === 'session.started')!.payload as { monitors: { correlationSignal: string } }
    expect(started.monitors.correlationSignal).toMatch(/skipped for books of more than 100 instruments .*the book has 102/)
  })
})
