import { describe, expect, it } from 'vitest'
import { TOKEN_BYTES, generateSessionToken, readCookie, sessionCookie, tokensEqual } from '../../../src-main/transports/session-token'
import { TokenBucket, WindowCounter, peekMessageId } from '../../../src-main/transports/ws-protocol'

describe('session token', () => {
  it('is 32 random bytes in hex, different every time', () => {
    const a = generateSessionToken()
    expect(a).toMatch(new RegExp(`^[0-9a-f]{${TOKEN_BYTES * 2}}$`))
    expect(generateSessionToken()).not.toBe(a)
  })

  it('compares exactly, refusing prefixes, case changes, non-strings and empty expectations', () => {
    const t = generateSessionToken()
    expect(tokensEqual(t, t)).toBe(true)
    expect(tokensEqual(t.slice(0, -1), t)).toBe(false)
    expect(tokensEqual(`${t}0`, t)).toBe(false)
    expect(tokensEqual(t.toUpperCase(), t)).toBe(false)
    expect(tokensEqual(null, t)).toBe(false)
    expect(tokensEqual(['x'], t)).toBe(false)
    expect(tokensEqual('', '')).toBe(false)
  })

  it('reads one cookie by exact name', () => {
    expect(readCookie('a=1; riskdesk_session_5=abc; b=2', 'riskdesk_session_5')).toBe('abc')
    expect(readCookie('xriskdesk_session_5=abc', 'riskdesk_session_5')).toBeNull()
    expect(readCookie(undefined, 'a')).toBeNull()
    expect(readCookie('a', 'a')).toBeNull()
  })

  it('builds an HttpOnly SameSite=Strict cookie with a max age', () => {
    expect(sessionCookie('n', 'v', 900)).toBe('n=v; Max-Age=900; Path=/; HttpOnly; SameSite=Strict')
  })
})

describe('ws protocol helpers', () => {
  it('peeks a leading numeric id only', () => {
    expect(peekMessageId('{"id":17,"channel":"x"}')).toBe(17)
    expect(peekMessageId(' { "id" : 3 }')).toBe(3)
    expect(peekMessageId('{"channel":"x","id":17}')).toBeNull()
    expect(peekMessageId('{"id":"17"}')).toBeNull()
    expect(peekMessageId('{"id":-1}')).toBeNull()
    expect(peekMessageId('garbage')).toBeNull()
  })

  it('token bucket allows the burst, then refills at the configured rate', () => {
    let now = 0
    const bucket = new TokenBucket(3, 2, () => now)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    now = 499 // 0.998 of a token
    expect(bucket.take()).toBe(false)
    now = 1000 // two tokens per second: one more after 0.5 s
    expect(bucket.take()).toBe(true)
    now = 60_000 // never above capacity
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
  })

  it('window counter restarts each window', () => {
    let now = 0
    const counter = new WindowCounter(100, () => now)
    expect([counter.hit(), counter.hit()]).toEqual([1, 2])
    now = 100
    expect(counter.hit()).toBe(1)
  })
})
