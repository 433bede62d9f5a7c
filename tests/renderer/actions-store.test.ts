import { describe, expect, it } from 'vitest'
import { invokeSchemas } from '@shared/api/contract'
import { useActionsStore } from '../../src-renderer/src/stores/actions'
import { MIN_NON_BLANK, rejectReasonProblem } from '../../src-renderer/src/util/reasons'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { action } from './helpers/fixtures'

const INVALID_REASONS = ['', '   ', 'ab', '  ab  ', 'a b', ' a\tb ', '\n\n\n', 'x'.repeat(501)]
const VALID_REASONS = ['abc', 'too risky into the close', '  spaced out  ']

function deskWithDecisions() {
  return createFakeDesk({
    'action:approve': (req) => ({ ok: true, value: action(req.actionId, { state: 'approved', decidedBy: 'trader1', reason: req.reason ?? null }) }),
    'action:reject': (req) => ({ ok: true, value: action(req.actionId, { state: 'rejected', decidedBy: 'trader1', reason: req.reason }) }),
  })
}

describe('actions store', () => {
  it('current is the oldest pending action; decided lists the rest newest first', () => {
    piniaWith(createFakeDesk())
    const actions = useActionsStore()
    actions.replaceAll([
      action('new', { proposedAt: '2024-06-01T10:05:00Z' }),
      action('old', { proposedAt: '2024-06-01T10:00:00Z' }),
      action('done1', { state: 'rejected', proposedAt: '2024-06-01T09:00:00Z' }),
      action('done2', { state: 'applied', proposedAt: '2024-06-01T09:30:00Z' }),
    ])
    expect(actions.current?.id).toBe('old')
    expect(actions.pending.map((a) => a.id)).toEqual(['old', 'new'])
    expect(actions.decided.map((a) => a.id)).toEqual(['done2', 'done1'])
  })

  it.each(INVALID_REASONS)('refuses to reject with reason %j and makes no call', async (reason) => {
    const fake = deskWithDecisions()
    piniaWith(fake)
    const actions = useActionsStore()
    actions.replaceAll([action('x1')])
    const result = await actions.reject('x1', reason)
    expect(result.ok).toBe(false)
    expect(result.ok ? null : result.error.code).toBe('invalid_reason')
    expect(fake.callsOn('action:reject')).toEqual([])
    expect(actions.current?.id).toBe('x1')
  })

  it.each(VALID_REASONS)('rejects with reason %j, sent trimmed', async (reason) => {
    const fake = deskWithDecisions()
    piniaWith(fake)
    const actions = useActionsStore()
    actions.replaceAll([action('x1')])
    const result = await actions.reject('x1', reason)
    expect(result.ok).toBe(true)
    expect(fake.callsOn('action:reject')).toEqual([{ actionId: 'x1', reason: reason.trim() }])
    expect(actions.current).toBeNull()
    expect(actions.decided[0]?.reason).toBe(reason.trim())
  })

  it('approve calls action:approve without a reason', async () => {
    const fake = deskWithDecisions()
    piniaWith(fake)
    const actions = useActionsStore()
    actions.replaceAll([action('x1')])
    expect((await actions.approve('x1')).ok).toBe(true)
    expect(fake.callsOn('action:approve')).toEqual([{ actionId: 'x1' }])
    expect(actions.decided[0]?.state).toBe('approved')
  })

  it('the reason rule is never looser than the contract', () => {
    const contract = invokeSchemas['action:reject'].req.shape.reason
    for (const reason of [...INVALID_REASONS, ...VALID_REASONS]) {
      if (rejectReasonProblem(reason) === null) expect(contract.safeParse(reason).success).toBe(true)
    }
    // and stricter where the contract only counts characters after trimming
    expect(contract.safeParse('a b').success).toBe(true)
    expect(rejectReasonProblem('a b')).toContain(String(MIN_NON_BLANK))
  })
})
