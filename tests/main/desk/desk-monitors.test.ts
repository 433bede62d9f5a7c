import { describe, expect, it } from 'vitest'
import { RiskFrameSchema, type RiskFrame } from '@shared/domain/risk-frame'
import type { AuditEntry } from '../../../src-main/desk/audit-sink'
import { REFERENCE, replayCase, type ReferenceCase } from './monitor-reference'

/**
 * The desk fits the regime HMM by EM, the reference by scipy's quasi-Newton search on the same likelihood: both reach
 * the same optimum (log-likelihoods equal to ~1e-6) but stop at slightly different points, which moves filtered
 * probabilities by up to ~1e-4 (7e-5 observed on these cases).
 */
const PROB_ABS_TOL = 5e-4
/** VaR, P&L and the correlation share are the same arithmetic in a different order: rounding only. */
const REL_TOL = 1e-9
/** Modified z-scores: ratios of differences of VaRs ~1e5 known to ~1e-10 relative; 1.5e-11 observed. */
const Z_ABS_TOL = 1e-8

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

const runs = new Map<string, { frames: RiskFrame[]; audit: AuditEntry[] }>()
function run(c: ReferenceCase): { frames: RiskFrame[]; audit: AuditEntry[] } {
  let r = runs.get(c.name)
  if (!r) {
    const { frames, audit } = replayCase(c)
    r = { frames, audit }
    runs.set(c.name, r)
  }
  return r
}

const byName = (part: string): ReferenceCase => REFERENCE.cases.find((c) => c.name.includes(part))!

describe('desk monitors on the bundled data against a NumPy/SciPy reference (tests/fixtures/desk/make_desk_monitors.py)', () => {
  it.each(REFERENCE.cases)('$name: every frame matches the reference and the contract', (c) => {
    const { frames } = run(c)
    expect(frames.map((f) => f.date)).toEqual(c.days.map((d) => d.date))
    frames.forEach((f, k) => {
      const r = c.days[k]!
      expect(RiskFrameSchema.parse(f)).toEqual(f)
      expect(f.regime!.source).toBe(c.source)
      expect(Math.abs(f.regime!.probabilityHigh - r.probabilityHigh)).toBeLessThan(PROB_ABS_TOL)
      if (Math.abs(r.probabilityHigh - 0.5) > PROB_ABS_TOL) expect(f.regime!.state).toBe(r.probabilityHigh >= 0.5 ? 'high' : 'low')
      expect(f.vix).toEqual(r.vix === null ? null : { level: r.vix, band: r.band })
      expect(rel(f.var.historical, r.var)).toBeLessThan(REL_TOL)
      expect(rel(f.pnl, r.pnl)).toBeLessThan(REL_TOL)
      expect(Math.abs(f.correlationShare! - r.correlationShare)).toBeLessThan(REL_TOL)
      for (const a of f.anomalies) expect(Math.abs(a.z - r.z[a.metric]!)).toBeLessThan(Z_ABS_TOL)
      // a z within the tolerance of the cut-off could fall either side; none does on these cases
      const borderline = Object.values(r.z).some((z) => z !== null && Math.abs(Math.abs(z) - 3.5) < Z_ABS_TOL)
      if (!borderline) expect(f.anomalies.map((a) => a.metric)).toEqual(r.flagged)
    })
  })

  it('the regime is high through March 2020 and low in mid-2019 (SPY), as in the reference', () => {
    const crash = byName('February-April 2020')
    const march = run(crash).frames.filter((f) => f.date >= '2020-03-01' && f.date <= '2020-03-31')
    expect(march.length).toBe(22)
    for (const f of march) {
      const ref = crash.days.find((d) => d.date === f.date)!
      expect(ref.probabilityHigh).toBeGreaterThan(0.5 + PROB_ABS_TOL)
      expect(f.regime).toMatchObject({ state: 'high', source: 'SPY' })
    }
    const calm = byName('June-August 2019')
    const midSummer = run(calm).frames.filter((f) => f.date >= '2019-06-12' && f.date <= '2019-07-30')
    expect(midSummer.length).toBeGreaterThan(30)
    for (const f of midSummer) {
      const ref = calm.days.find((d) => d.date === f.date)!
      expect(ref.probabilityHigh).toBeLessThan(0.5 - PROB_ABS_TOL)
      expect(f.regime).toMatchObject({ state: 'low', source: 'SPY' })
    }
  })

  it('VIX is in the stressed band on 2020-03-16', () => {
    const f = run(byName('February-April 2020')).frames.find((x) => x.date === '2020-03-16')!
    const ref = byName('February-April 2020').days.find((d) => d.date === '2020-03-16')!
    expect(ref.vix!).toBeGreaterThanOrEqual(REFERENCE.vixEdges.stressed)
    expect(f.vix).toEqual({ level: ref.vix, band: 'stressed' })
  })

  it("flags the demo book's VaR or P&L on 2020-03-09 and 2020-03-12, and writes every flag to the audit trail", () => {
    const c = byName('February-April 2020')
    const { frames, audit } = run(c)
    for (const date of ['2020-03-09', '2020-03-12']) {
      const metrics = frames.find((f) => f.date === date)!.anomalies.map((a) => a.metric)
      expect(metrics.some((m) => m === 'var' || m === 'pnl')).toBe(true)
      expect(metrics).toEqual(c.days.find((d) => d.date === date)!.flagged)
    }
    const logged = audit.filter((e) => e.type === 'anomaly.flagged').map((e) => e.payload as { date: string; metric: string; z: number; message: string })
    const shown = frames.flatMap((f) => f.anomalies.map((a) => ({ date: f.date, metric: a.metric, z: a.z, message: a.message })))
    expect(logged.map(({ date, metric, z, message }) => ({ date, metric, z, message }))).toEqual(shown)
    expect(shown.length).toBeGreaterThan(0)
    const pnl = logged.find((e) => e.date === '2020-03-12' && e.metric === 'pnl')!
    expect(pnl.message).toMatch(/^book P&L of the day -[\d,]+ \(robust z -\d+\.\d against the last \d+ daily changes\)$/)
    // no score before 20 changes: the first scored day is the 20th frame
    expect(frames.slice(0, 19).every((f) => f.anomalies.length === 0)).toBe(true)
    expect(c.days.slice(0, 19).every((d) => d.z.var === null)).toBe(true)
  })

  it('falls back to the book’s scenario P&L when the data has no SPY, and says so at the session start', () => {
    const c = byName('no SPY')
    const { frames, audit } = run(c)
    expect(frames.every((f) => f.regime?.source === 'book-pnl')).toBe(true)
    const started = audit.find((e) => e.type === 'session.started')!.payload as {
      monitors: { regime: { source: string; fallbackReason: string; from: string; to: string; observations: number; initial: { probabilityHigh: number } } }
    }
    expect(started.monitors.regime).toMatchObject({ source: 'book-pnl', from: c.fit.from, to: c.fit.to, observations: c.fit.observations })
    expect(started.monitors.regime.fallbackReason).toMatch(/no SPY history/)
    expect(Math.abs(started.monitors.regime.initial.probabilityHigh - c.fit.initialProbabilityHigh)).toBeLessThan(PROB_ABS_TOL)
  })
})
