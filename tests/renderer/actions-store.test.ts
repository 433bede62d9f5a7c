import { describe, expect, it } from 'vitest'
import { invokeSchemas } from '@shared/api/contract'
import { ActionSchema } from '@shared/domain/action'
import { useActionsStore } from '../../src-renderer/src/stores/actions'
import { MIN_NON_BLANK, reasonProblem, rejectReasonProblem } from '../../src-renderer/src/util/reasons'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { action, plan } from './helpers/fixtures'

const INVALID_REASONS = ['', '   ', 'ab', '  ab  ', 'a b', ' a\tb ', '\n\n\n', 'x'.repeat(501)]
const VALID_REASONS = ['abc', 'too risky into the close', '  spaced out  ']

const decision = (reason: string) => ({ actor: 'trader1', reason, date: '2024-06-04', automatic: false })

function deskWithDecisions() {
  return createFakeDesk({
    'action:approve': (req) => ({ ok: true, value: action(req.actionId, { state: 'approved', decision: decision(req.reason) }) }),
    'action:reject': (req) => ({ ok: true, value: action(req.actionId, { state: 'rejected', decision: decision(req.reason) }) }),
    'action:modify': (req) => ({ ok: true, value: action(req.actionId, { state: 'modified', decision: decision(req.reason), plan: plan({ kind: req.kind ?? 'reduce', method: 'manual' }) }) }),
    'action:ticket': (req) => ({ ok: true, value: { fileName: `ticket-${req.actionId}.csv`, csv: 'symbol,side,quantity\nAAPL,SELL,100\n' } }),
  })
}

function storeWith(fake = deskWithDecisions(), actions = [action('x1')]) {
  piniaWith(fake)
  const store = useActionsStore()
  store.replaceAll(actions)
  return { fake, store }
}

describe('action fixtures', () => {
  it('follow the domain schema', () => {
    expect(ActionSchema.safeParse(action('x')).success).toBe(true)
    expect(() => action('x', { state: 'pending' as never })).toThrow()
  })
})

describe('actions store', () => {
  it('current is the oldest open action (proposed or resized); decided lists the rest newest first', () => {
    const { store } = storeWith(createFakeDesk(), [
      action('new', { proposedAt: '2024-06-01T10:05:00Z' }),
      action('old', { state: 'resized', previousPlan: plan(), proposedAt: '2024-06-01T10:00:00Z' }),
      action('done1', { state: 'rejected', date: '2024-05-30', proposedAt: '2024-06-01T09:00:00Z' }),
      action('done2', { state: 'applied', date: '2024-05-31', proposedAt: '2024-06-01T09:30:00Z' }),
      action('done3', { state: 'expired', date: '2024-05-31', proposedAt: '2024-06-01T09:10:00Z', expiry: { cause: 'breach-cleared', detail: '' } }),
    ])
    expect(store.current?.id).toBe('old')
    expect(store.pending.map((a) => a.id)).toEqual(['old', 'new'])
    expect(store.decided.map((a) => a.id)).toEqual(['done2', 'done3', 'done1'])
    expect(store.latestDecided?.id).toBe('done2')
  })

  it.each(INVALID_REASONS)('refuses to approve, reject or modify with reason %j and makes no call', async (reason) => {
    const { fake, store } = storeWith()
    for (const result of [await store.approve('x1', reason), await store.reject('x1', reason), await store.modify('x1', reason, { kind: 'hedge' })]) {
      expect(result.ok ? null : result.error.code).toBe('invalid_reason')
    }
    expect(fake.calls.filter((c) => c.channel.startsWith('action:'))).toEqual([])
    expect(store.current?.id).toBe('x1')
  })

  it.each(VALID_REASONS)('rejects with reason %j, sent trimmed', async (reason) => {
    const { fake, store } = storeWith()
    expect((await store.reject('x1', reason)).ok).toBe(true)
    expect(fake.callsOn('action:reject')).toEqual([{ actionId: 'x1', reason: reason.trim() }])
    expect(store.current).toBeNull()
    expect(store.decided[0]?.decision?.reason).toBe(reason.trim())
  })

  it('approve requires and sends a reason; a desk head is sent only when given', async () => {
    const { fake, store } = storeWith(deskWithDecisions(), [action('x1'), action('x2', { proposedAt: '2024-06-01T11:00:00Z' })])
    expect((await store.approve('x1', ' within mandate ')).ok).toBe(true)
    expect((await store.approve('x2', 'desk head signs', { name: ' carol ', passphrase: 'pw pw' })).ok).toBe(true)
    expect(fake.callsOn('action:approve')).toEqual([
      { actionId: 'x1', reason: 'within mandate' },
      { actionId: 'x2', reason: 'desk head signs', deskHead: { name: 'carol', passphrase: 'pw pw' } },
    ])
    // every request the store makes parses with the contract's request schema
    for (const req of fake.callsOn('action:approve')) expect(invokeSchemas['action:approve'].req.safeParse(req).success).toBe(true)
  })

  it('modify sends either another kind or target quantities per leg, never both', async () => {
    const { fake, store } = storeWith(deskWithDecisions(), [action('x1'), action('x2', { proposedAt: '2024-06-01T11:00:00Z' })])
    expect((await store.modify('x1', 'hedge instead', { kind: 'hedge' })).ok).toBe(true)
    expect((await store.modify('x2', 'smaller cut', { legs: [{ symbol: 'AAPL', toQuantity: 350 }, { symbol: 'MSFT', toQuantity: 180 }] })).ok).toBe(true)
    const sent = fake.callsOn('action:modify')
    expect(sent).toEqual([
      { actionId: 'x1', reason: 'hedge instead', kind: 'hedge' },
      { actionId: 'x2', reason: 'smaller cut', legs: [{ symbol: 'AAPL', toQuantity: 350 }, { symbol: 'MSFT', toQuantity: 180 }] },
    ])
    for (const req of sent) expect(invokeSchemas['action:modify'].req.safeParse(req).success).toBe(true)
    expect(store.decided.map((a) => a.state)).toEqual(['modified', 'modified'])
  })

  it('modify refuses fractional or missing quantities before any call', async () => {
    const { fake, store } = storeWith()
    const fractional = await store.modify('x1', 'odd lot', { legs: [{ symbol: 'AAPL', toQuantity: 350.5 }] })
    expect(fractional.ok ? null : fractional.error.code).toBe('invalid_legs')
    const none = await store.modify('x1', 'nothing', { legs: [] })
    expect(none.ok ? null : none.error.code).toBe('invalid_legs')
    expect(fake.callsOn('action:modify')).toEqual([])
  })

  it('a refusal by the host leaves the action open and returns the code', async () => {
    const fake = createFakeDesk({ 'action:approve': () => ({ ok: false, error: { code: 'forbidden', message: 'a desk head must approve under the lock' } }) })
    const { store } = storeWith(fake)
    const result = await store.approve('x1', 'go ahead')
    expect(result.ok ? null : result.error.code).toBe('forbidden')
    expect(store.current?.id).toBe('x1')
  })

  it('ticket returns the CSV file from action:ticket', async () => {
    const { fake, store } = storeWith()
    const result = await store.ticket('x1')
    expect(result.ok && result.value.fileName).toBe('ticket-x1.csv')
    expect(fake.callsOn('action:ticket')).toEqual([{ actionId: 'x1' }])
  })

  it('stamps when each view arrived (the grace counts down from there)', () => {
    const { store } = storeWith()
    const t0 = store.receivedAt.get('x1')
    expect(typeof t0).toBe('number')
    store.upsert(action('x2'))
    expect(store.receivedAt.get('x2')).toBeGreaterThanOrEqual(t0!)
  })

  it('the reason rule is never looser than the contract, for every channel that takes a reason', () => {
    const channels = ['action:approve', 'action:reject', 'controls:override', 'alert:snooze'] as const
    for (const reason of [...INVALID_REASONS, ...VALID_REASONS]) {
      if (reasonProblem(reason) !== null) continue
      for (const c of channels) expect(invokeSchemas[c].req.shape.reason.safeParse(reason).success, `${c} ${JSON.stringify(reason)}`).toBe(true)
      expect(rejectReasonProblem(reason)).toBeNull()
    }
    // stricter where the contract only counts characters after trimming
    expect(invokeSchemas['action:reject'].req.shape.reason.safeParse('a b').success).toBe(true)
    expect(reasonProblem('a b')).toContain(String(MIN_NON_BLANK))
  })
})
