import { describe, expect, it } from 'vitest'
import type { Result } from '@shared/api/contract'
import type { RiskReportView } from '@shared/domain/risk-report-view'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { useRiskReportStore } from '../../src-renderer/src/stores/risk-report'
import { createFakeDesk, piniaWith, settle, type Handlers } from './helpers/fake-desk'
import { frame, framePush, snapshot } from './helpers/fixtures'
import { riskReport } from './helpers/risk-report-fixture'

function setup(handlers: Handlers = { 'risk:report': (req) => ({ ok: true, value: riskReport({ horizon: { days: req.horizon ?? 1 } }) }) }) {
  const fake = createFakeDesk(handlers)
  piniaWith(fake)
  useDeskStore().applySnapshot(snapshot(), { discardPending: true })
  return { fake, store: useRiskReportStore(), desk: useDeskStore() }
}

describe('risk report store', () => {
  it('asks for the report at the chosen horizon and keeps the answer', async () => {
    const { fake, store } = setup()
    expect(store.horizon).toBe(1)
    const res = await store.load()
    expect(res?.ok).toBe(true)
    expect(store.report?.horizon.days).toBe(1)
    await store.setHorizon(10)
    expect(fake.callsOn('risk:report')).toEqual([{ horizon: 1 }, { horizon: 10 }])
    expect(store.report?.horizon.days).toBe(10)
    expect(store.busy).toBe(false)
  })

  it('is busy while computing', async () => {
    let answer: (r: Result<RiskReportView>) => void = () => {}
    const { store } = setup({ 'risk:report': () => new Promise((resolve) => (answer = resolve)) })
    const pending = store.load()
    await settle()
    expect(store.busy).toBe(true)
    answer({ ok: true, value: riskReport() })
    await pending
    expect(store.busy).toBe(false)
    expect(store.report).not.toBeNull()
  })

  it('keeps an error as a message and drops the previous report', async () => {
    let fail = false
    const { store } = setup({ 'risk:report': () => (fail ? { ok: false, error: { code: 'failed', message: 'compute pool: closed' } } : { ok: true, value: riskReport() }) })
    await store.load()
    fail = true
    await store.load()
    expect(store.report).toBeNull()
    expect(store.error).toBe('compute pool: closed')
  })

  it('is stale once a frame arrives after the request', async () => {
    const { store, desk } = setup()
    await store.load()
    expect(store.stale).toBe(false)
    desk.enqueueFrame(framePush(frame(1)))
    desk.flushFrames()
    expect(store.stale).toBe(true)
    await store.load()
    expect(store.stale).toBe(false)
  })

  it('keeps only the newest answer; clear() drops answers in flight', async () => {
    const pending: ((r: Result<RiskReportView>) => void)[] = []
    const { store } = setup({ 'risk:report': () => new Promise((resolve) => pending.push(resolve)) })
    const first = store.load()
    const second = store.setHorizon(5)
    await settle()
    pending[1]!({ ok: true, value: riskReport({ horizon: { days: 5 } }) })
    pending[0]!({ ok: true, value: riskReport({ horizon: { days: 1 } }) })
    expect(await first).toBeNull()
    await second
    expect(store.report?.horizon.days).toBe(5)
    const third = store.load()
    await settle()
    store.clear()
    pending[2]!({ ok: true, value: riskReport() })
    expect(await third).toBeNull()
    expect(store.report).toBeNull()
    expect(store.busy).toBe(false)
  })
})
