/**
 * Local profiles of the desk: a trader and a desk head (issue 8, "Roles"). A desk head's actions need the desk head's
 * passphrase, stored only as a slow hash: scrypt (RFC 7914) from node:crypto with a random 16-byte salt; the salt
 * and the cost parameters are stored beside the hash, so they can be raised later without breaking old profiles,
 * and verification recomputes with the stored parameters and compares in constant time (crypto.timingSafeEqual).
 * Parameters: N = 2^15, r = 8, p = 1, 64-byte key (OWASP Password Storage Cheat Sheet recommends at least
 * N = 2^17 with r = 8, p = 1 for servers; a desktop verifying once per override can afford 2^15 at ~0.1 s, and we
 * refuse stored parameters below N = 2^14 so a tampered profile cannot downgrade the cost).
 * Who may do what is decided by overrides.ts; this module only says who someone is.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

export const ROLES = ['trader', 'desk-head'] as const
export type Role = (typeof ROLES)[number]

export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1, keyLength: 64 } as const
/** Stored parameters weaker than this are refused (no downgrade through an edited profile). */
export const MIN_SCRYPT_N = 2 ** 14
/** Shortest accepted passphrase. */
export const MIN_PASSPHRASE_LENGTH = 10

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64')

export const PassphraseHashSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    N: z.number().int().min(MIN_SCRYPT_N).max(2 ** 22).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLength: z.number().int().min(32).max(128),
    salt: Base64,
    hash: Base64,
  })
  .strict()
export type PassphraseHash = z.infer<typeof PassphraseHashSchema>

/** A stored profile: a desk head must have a passphrase hash, a trader has none. */
export const ProfileSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    role: z.enum(ROLES),
    passphrase: PassphraseHashSchema.nullable(),
  })
  .strict()
  .refine((p) => (p.role === 'desk-head') === (p.passphrase !== null), { message: 'a desk head needs a passphrase hash, a trader has none', path: ['passphrase'] })
export type Profile = z.infer<typeof ProfileSchema>

export class RoleError extends Error {
  override readonly name = 'RoleError'
  constructor(
    readonly code: 'weak_passphrase' | 'invalid_profile',
    message: string,
  ) {
    super(message)
  }
}

function scrypt(passphrase: string, salt: Buffer, prm: { N: number; r: number; p: number; keyLength: number }): Buffer {
  // scrypt needs 128·N·r bytes; allow twice that
  return scryptSync(passphrase.normalize('NFC'), salt, prm.keyLength, { N: prm.N, r: prm.r, p: prm.p, maxmem: 256 * prm.N * prm.r })
}

/**
 * Hashes a desk head's passphrase (NFC-normalised) with scrypt and a fresh salt.
 * @throws RoleError('weak_passphrase') when shorter than MIN_PASSPHRASE_LENGTH characters
 */
export function hashPassphrase(passphrase: string): PassphraseHash {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) throw new RoleError('weak_passphrase', `a desk-head passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`)
  const salt = randomBytes(16)
  const hash = scrypt(passphrase, salt, SCRYPT_DEFAULTS)
  return { algorithm: 'scrypt', ...SCRYPT_DEFAULTS, salt: salt.toString('base64'), hash: hash.toString('base64') }
}

/**
 * Checks a passphrase against a stored hash, recomputing with the stored salt and parameters; constant-time compare.
 * A stored hash that does not parse (wrong algorithm, parameters below MIN_SCRYPT_N, bad base64) never verifies.
 */
export function verifyPassphrase(passphrase: string, stored: PassphraseHash): boolean {
  const parsed = PassphraseHashSchema.safeParse(stored)
  if (!parsed.success) return false
  const s = parsed.data
  const expected = Buffer.from(s.hash, 'base64')
  if (expected.length !== s.keyLength) return false
  const actual = scrypt(passphrase, Buffer.from(s.salt, 'base64'), s)
  return timingSafeEqual(actual, expected)
}

/**
 * A new local profile. A desk head needs a passphrase (hashed here); a trader has none.
 * @throws RoleError invalid_profile (passphrase given to a trader, missing for a desk head, blank name) or weak_passphrase
 */
export function createProfile(name: string, role: Role, passphrase: string | null): Profile {
  if (role === 'trader' && passphrase !== null) throw new RoleError('invalid_profile', 'a trader profile has no passphrase')
  if (role === 'desk-head' && passphrase === null) throw new RoleError('invalid_profile', 'a desk-head profile needs a passphrase')
  const profile = { name: name.trim(), role, passphrase: passphrase === null ? null : hashPassphrase(passphrase) }
  const parsed = ProfileSchema.safeParse(profile)
  if (!parsed.success) throw new RoleError('invalid_profile', parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; '))
  return parsed.data
}

/** Who is acting, as the policy sees it: `verified` is true only when a desk head's passphrase was checked for this act. */
export interface Actor {
  readonly name: string
  readonly role: Role
  readonly verified: boolean
}

/**
 * The actor for one act: a desk head is `verified` only when `passphrase` matches the profile's hash now; a trader
 * needs no passphrase (and `verified` stays false: trader acts never depend on it).
 */
export function actorFor(profile: Profile, passphrase: string | null): Actor {
  const verified = profile.role === 'desk-head' && profile.passphrase !== null && passphrase !== null && verifyPassphrase(passphrase, profile.passphrase)
  return { name: profile.name, role: profile.role, verified }
}
