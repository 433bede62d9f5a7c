import { scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { actorFor, createProfile, hashPassphrase, MIN_SCRYPT_N, ProfileSchema, SCRYPT_DEFAULTS, verifyPassphrase } from '../../../../src-main/desk/roles'

const PASS = 'correct horse battery'

describe('roles: desk-head passphrase as a slow hash', () => {
  const stored = hashPassphrase(PASS)
  it('stores scrypt with its salt and parameters, never the passphrase', () => {
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: SCRYPT_DEFAULTS.N, r: 8, p: 1, keyLength: 64 })
    expect(Buffer.from(stored.salt, 'base64')).toHaveLength(16)
    expect(JSON.stringify(stored)).not.toContain(PASS)
    // the hash is RFC 7914 scrypt of the passphrase under the stored salt and parameters (node's reference implementation)
    const ref = scryptSync(PASS, Buffer.from(stored.salt, 'base64'), 64, { N: stored.N, r: 8, p: 1, maxmem: 256 * stored.N * 8 })
    expect(ref.toString('base64')).toBe(stored.hash)
  })
  it('verifies the right passphrase only; a fresh salt each time', () => {
    expect(verifyPassphrase(PASS, stored)).toBe(true)
    expect(verifyPassphrase('correct horse battery ', stored)).toBe(false)
    expect(verifyPassphrase('', stored)).toBe(false)
    expect(hashPassphrase(PASS).salt).not.toBe(stored.salt)
  })
  it('a tampered or downgraded stored hash never verifies', () => {
    expect(verifyPassphrase(PASS, { ...stored, N: MIN_SCRYPT_N / 2 })).toBe(false)
    expect(verifyPassphrase(PASS, { ...stored, hash: stored.hash.slice(4) })).toBe(false)
    expect(verifyPassphrase(PASS, { ...stored, algorithm: 'md5' as 'scrypt' })).toBe(false)
    expect(verifyPassphrase(PASS, { ...stored, salt: Buffer.from('other salt bytes').toString('base64') })).toBe(false)
  })
  it('refuses short passphrases and inconsistent profiles', () => {
    expect(() => hashPassphrase('short')).toThrow(/at least 10/)
    expect(() => createProfile('ann', 'trader', PASS)).toThrow(/no passphrase/)
    expect(() => createProfile('dora', 'desk-head', null)).toThrow(/needs a passphrase/)
    expect(() => createProfile('  ', 'trader', null)).toThrow(/name/)
    expect(ProfileSchema.safeParse({ name: 'ann', role: 'desk-head', passphrase: null }).success).toBe(false)
  })
  it('actorFor: a desk head is verified only with the right passphrase now; a trader never needs one', () => {
    const head = createProfile('dora', 'desk-head', PASS)
    expect(ProfileSchema.parse(JSON.parse(JSON.stringify(head)))).toEqual(head)
    expect(actorFor(head, PASS)).toEqual({ name: 'dora', role: 'desk-head', verified: true })
    expect(actorFor(head, 'wrong passphrase').verified).toBe(false)
    expect(actorFor(head, null).verified).toBe(false)
    expect(actorFor(createProfile('ann', 'trader', null), null)).toEqual({ name: 'ann', role: 'trader', verified: false })
  })
})
