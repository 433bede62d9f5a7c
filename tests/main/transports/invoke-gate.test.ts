import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, invokeSchemas } from '@shared/api/contract'
import { MAX_ERROR_MESSAGE_CHARS, dispatchInvoke, isInvokeChannel } from '../../../src-main/transports/invoke-gate'
import { FakeHost, VALID_REQUESTS } from './contract-samples'

const ACTOR = 'trader1'

/** Requests no schema may accept, per channel, built from a valid one. */
function hostileVariants(valid: Record<string, unknown>): [string, unknown][] {
  const firstKey = Object.keys(valid)[0]
  return [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'DROP TABLE audit'],
    ['an array', [valid]],
    ['a number', 42],
    ['an extra key', { ...valid, extra: 1 }],
    ['an own __proto__ key (JSON.parse)', JSON.parse(`{"__proto__":{"polluted":true}${Object.keys(valid).length > 0 ? ',' + JSON.stringify(valid).slice(1) : '}'}`)],
    ['a constructor.prototype key', { ...valid, constructor: { prototype: { polluted: true } } }],
    ...(firstKey === undefined ? [] : ([['a wrong-typed field', { ...valid, [firstKey]: { $gt: '' } }]] as [string, unknown][])),
  ]
}

describe('dispatchInvoke', () => {
  it.each(INVOKE_CHANNELS)('%s: forwards the schema-parsed request and the actor', async (channel) => {
    const host = new FakeHost()
    const result = await dispatchInvoke(host, channel, VALID_REQUESTS[channel], ACTOR)
    const expected = invokeSchemas[channel].req.parse(VALID_REQUESTS[channel])
    expect(result).toEqual({ ok: true, value: { echo: expected } })
    expect(host.calls).toEqual([{ channel, request: expected, actor: ACTOR }])
  })

  it('hands the host the parsed copy (defaults applied), not the caller object', async () => {
    const host = new FakeHost()
    const request = VALID_REQUESTS['limits:update']
    await dispatchInvoke(host, 'limits:update', request, ACTOR)
    const received = host.calls[0]?.request as { limits: Record<string, unknown> }
    expect(received).not.toBe(request)
    expect(received.limits['policy']).toBe(invokeSchemas['limits:update'].req.parse(request).limits.policy)
  })

  it.each(INVOKE_CHANNELS)('%s: refuses hostile payloads without calling the host', async (channel) => {
    for (const [label, payload] of hostileVariants(VALID_REQUESTS[channel] as Record<string, unknown>)) {
      const host = new FakeHost()
      const result = await dispatchInvoke(host, channel, payload, ACTOR)
      expect(result.ok, `${channel} with ${label}`).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('bad_request')
        expect(result.error.message.startsWith(channel)).toBe(true)
      }
      expect(host.calls, `${channel} with ${label}`).toHaveLength(0)
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('refuses strings beyond the schema limits, with a bounded error message', async () => {
    const host = new FakeHost()
    const huge = 'x'.repeat(6_000_000)
    for (const [channel, request] of [
      ['book:open', { name: huge }],
      ['book:import', { fileName: 'a.csv', content: huge, save: true }],
      ['action:reject', { actionId: 'a', reason: huge }],
    ] as const) {
      const result = await dispatchInvoke(host, channel, request, ACTOR)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS)
    }
    expect(host.calls).toHaveLength(0)
  })

  it.each([['__proto__'], ['toString'], ['constructor'], ['hasOwnProperty'], ['book:delete'], [''], [42], [null], ['x'.repeat(100_000)]])(
    'refuses the unknown channel %#',
    async (channel) => {
      const host = new FakeHost()
      const result = await dispatchInvoke(host, channel, {}, ACTOR)
      expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } })
      if (!result.ok) expect(result.error.message.length).toBeLessThan(200)
      expect(host.calls).toHaveLength(0)
    },
  )

  it('turns a throwing host into an internal error without leaking the exception text', async () => {
    const host = new FakeHost()
    host.respond = () => {
      throw new Error('SQLITE_CORRUPT at /home/trader/secret/path.db')
    }
    const result = await dispatchInvoke(host, 'desk:snapshot', {}, ACTOR)
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    if (!result.ok) expect(result.error.message).not.toContain('secret')
  })

  it('turns a non-Result answer into an internal error', async () => {
    const host = new FakeHost()
    host.respond = () => ({ value: 1 }) as never
    expect(await dispatchInvoke(host, 'desk:snapshot', {}, ACTOR)).toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('passes host error Results through unchanged', async () => {
    const host = new FakeHost()
    const error = { ok: false as const, error: { code: 'not_found', message: 'no book "x"' } }
    host.respond = () => error
    expect(await dispatchInvoke(host, 'book:open', { name: 'x' }, ACTOR)).toEqual(error)
  })

  it('isInvokeChannel accepts exactly the contract channels', () => {
    expect(INVOKE_CHANNELS.every(isInvokeChannel)).toBe(true)
    expect(isInvokeChannel('__proto__')).toBe(false)
    expect(isInvokeChannel('alert:raised')).toBe(false) // a push channel is not invocable
  })
})
