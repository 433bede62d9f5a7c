import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadMarket } from '../../../src-main/market/load-market'
import { computeExtendedRiskReport } from '../../../src-main/risk/extended-risk-report'

/**
 * One instrument's model failure leaves that instrument's row of the per-instrument volatility table unavailable with
 * its reason and keeps the others (issue 7). FLAT has unchanged prices at the start of the window, so its EWMA forecast
 * starts at 0 and its forecast losses (QLIKE divides by the forecast) are undefined; MOVE is an ordinary random walk.
 */
const W = 60
const LAMBDA = 0.94
/** Same recursion, different summation order: a few ulps. */
const REL_TOL = 1e-12

/** A deterministic walk (LCG), so the fixture needs no committed data file. */
function walk(seed: number, n: number, flatDays: number): number[] {
  let s = seed
  const out: number[] = []
  let p = 100
  for (let t = 0; t < n; t++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    if (t >= flatDays) p *= 1 + ((s / 2 ** 32) - 0.5) * 0.04
    out.push(Math.round(p * 100) / 100)
  }
  return out
}

function businessDays(n: number): string[] {
  const out: string[] = []
  const d = new Date(Date.UTC(2020, 0, 2))
  while (out.length < n) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10))
    d.setUTCDate(d.getUTCDate() + 1)
  }
  return out
}

/** σ_{T+1} by the weighted sum (1−λ)λ^k r²_{T−k} / (1 − λ^W): the closed form of the engine's recursion. */
function ewmaReference(r: readonly number[]): number {
  let s = 0
  for (let k = 0; k < r.length; k++) s += (1 - LAMBDA) * LAMBDA ** k * r[r.length - 1 - k]! ** 2
  return Math.sqrt(s / (1 - LAMBDA ** r.length))
}

describe('per-instrument volatility table', () => {
  const dates = businessDays(W + 1)
  const flat = walk(7, W + 1, 4)
  const move = walk(11, W + 1, 0)
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-instvol-'))
  const prices = join(dir, 'prices.csv')
  const rows = dates.flatMap((d, t) => [`${d},FLAT,${flat[t]},${flat[t]},1000000`, `${d},MOVE,${move[t]},${move[t]},1000000`])
  writeFileSync(prices, `date,symbol,close,adj_close,volume\n${rows.join('\n')}\n`)
  const market = loadMarket({ prices: [prices], sectors: null, qualityFlags: null })
  const book = { name: 'two', positions: [{ symbol: 'FLAT', quantity: 100 }, { symbol: 'MOVE', quantity: 100 }] }
  const report = computeExtendedRiskReport(book, market, { window: W, paths: 1000 })
  const table = report.profile.instrumentVolatility!

  it('keeps both rows: FLAT unavailable with its reason in the user’s terms, MOVE computed', () => {
    expect(table.map((r) => r.symbol)).toEqual(['FLAT', 'MOVE'])
    const f = table[0]!
    expect([f.ewmaForecast, f.ewmaAccuracy, f.garch]).toEqual([null, null, null])
    expect(f.unavailable).toBe(`its returns are exactly 0 from the window start to ${dates[3]} (unchanged or carried-forward prices), so the EWMA forecast starts at 0 and its forecast losses are undefined`)
    expect(f.unavailable).not.toMatch(/forecastAccuracy|ewmaVarianceForecasts|fitGarch11/)
    const m = table[1]!
    expect(m.unavailable).toBeUndefined()
    const r = move.slice(1).map((p, t) => p / move[t]! - 1)
    expect(Math.abs(m.ewmaForecast! - ewmaReference(r))).toBeLessThanOrEqual(REL_TOL * ewmaReference(r))
    expect(m.ewmaAccuracy!.n).toBe(W - 1)
  })

  it('the rest of the report stands (VaR computed over both instruments)', () => {
    expect(report.positions.map((p) => p.symbol)).toEqual(['FLAT', 'MOVE'])
    expect(report.var.historical).toBeGreaterThan(0)
    expect(report.profile.reasons.find((x) => x.figure === 'instrumentVolatility')).toBeUndefined()
  })
})
