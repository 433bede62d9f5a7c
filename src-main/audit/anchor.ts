/**
 * Anchors: the chain head written down somewhere the database's owner cannot rewrite (a ticket, an email to the
 * desk head, a WORM share, the desk-wide PostgreSQL copy). A hash chain checked only against itself cannot tell an
 * honest log from a fully re-chained forgery or a truncated log with its head rewound; checked against a head
 * recorded earlier, both show (verify.ts, verify-trail.ts).
 *
 * An anchor is JSON: `{format, installationId, seq, hash, ts, takenAt, keyId, publicKeyPem, signature}`. The
 * signature (installation.ts `signHead`) shows which installation's key vouched for the head, so an anchor file
 * cannot be edited to match a forged log without the key either; `publicKeyPem` makes it checkable on its own.
 */
import { createPublicKey } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import type { ChainHead } from './event-types'
import { keyIdOf, readInstallation, signHead, verifyHeadSignature } from './installation'
import type { KeyObject } from 'node:crypto'

/** Format tag of anchor files. */
export const ANCHOR_FORMAT = 'riskdesk-anchor/1'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)

/** An anchor file. Fields that could not be filled (no installation or key yet) are null. */
export const AnchorSchema = z
  .object({
    format: z.literal(ANCHOR_FORMAT),
    installationId: z.uuid().nullable(),
    seq: z.number().int().nonnegative(),
    hash: Hex64,
    /** ts of the head row (null for an empty log). */
    ts: z.string().nullable(),
    /** when the anchor was taken (wall clock, UTC). */
    takenAt: z.string(),
    keyId: Hex64.nullable(),
    publicKeyPem: z.string().nullable(),
    /** base64 Ed25519 signature of the head (installation.ts `headMessage`), or null when no key was available. */
    signature: z.string().nullable(),
  })
  .strict()
export type Anchor = z.infer<typeof AnchorSchema>

/** What `--anchor` can be: a full anchor, `seq:hash`, or a bare hash. */
export type AnchorRef = { readonly kind: 'anchor'; readonly anchor: Anchor } | { readonly kind: 'head'; readonly head: ChainHead } | { readonly kind: 'hash'; readonly hash: string }

/**
 * Take an anchor of the current head.
 *
 * @param db - any connection (read-only is fine).
 * @param key - the installation's private key, or null to take an unsigned anchor. It signs only when its public
 *   half is registered in this database (a stranger's key would vouch for nothing).
 * @param now - clock for `takenAt`.
 * @returns the anchor; `signature` null when unsigned.
 */
export function takeAnchor(db: Database, key: KeyObject | null, now: () => Date = () => new Date()): Anchor {
  const { head, ts } = db.transaction(() => {
    const h = db.prepare<[], ChainHead>('SELECT seq, hash FROM chain_head WHERE id = 1').get()
    if (h === undefined) throw new Error('chain_head row is missing: the database was not migrated or was tampered with')
    const row = db.prepare<[number], { ts: string }>('SELECT ts FROM audit_events WHERE seq = ?').get(h.seq)
    return { head: { seq: h.seq, hash: h.hash }, ts: row?.ts ?? null }
  })()
  const installation = readInstallation(db)
  let keyId: string | null = null
  let publicKeyPem: string | null = null
  let signature: string | null = null
  if (installation !== null && key !== null) {
    const pub = createPublicKey(key)
    const id = keyIdOf(pub)
    const registered = installation.keys.find((k) => k.keyId === id)
    if (registered !== undefined) {
      keyId = id
      publicKeyPem = registered.publicKeyPem
      signature = signHead({ id: installation.id, privateKey: key }, head)
    }
  }
  return { format: ANCHOR_FORMAT, installationId: installation?.id ?? null, seq: head.seq, hash: head.hash, ts, takenAt: now().toISOString(), keyId, publicKeyPem, signature }
}

/**
 * Read an `--anchor` argument's text: an anchor JSON document, `seq:hash`, or a 64-hex hash.
 *
 * @param text - the file's content or the argument itself.
 * @param source - how to name it in errors (the file or "--anchor").
 * @throws Error naming `source` and what is wrong.
 */
export function parseAnchorRef(text: string, source: string): AnchorRef {
  const t = text.trim()
  if (/^[0-9a-f]{64}$/.test(t)) return { kind: 'hash', hash: t }
  const m = /^(\d+):([0-9a-f]{64})$/.exec(t)
  if (m) return { kind: 'head', head: { seq: Number(m[1]), hash: m[2] as string } }
  let json: unknown
  try {
    json = JSON.parse(t)
  } catch {
    throw new Error(`${source}: expected an anchor file (JSON from "riskdesk audit anchor"), SEQ:HASH or a 64-hex hash`)
  }
  const r = AnchorSchema.safeParse(json)
  if (!r.success) throw new Error(`${source}: not a RiskDesk anchor: ${z.prettifyError(r.error).replace(/\n/g, ' ')}`)
  return { kind: 'anchor', anchor: r.data }
}

/**
 * Checks of an anchor that do not need the rows: its own signature, and that it belongs to this trail and key set.
 *
 * @returns one sentence per problem (empty when the anchor is consistent with the database's installation).
 */
export function anchorIdentityProblems(db: Database, anchor: Anchor): string[] {
  const problems: string[] = []
  const installation = readInstallation(db)
  if (anchor.signature !== null) {
    if (anchor.publicKeyPem === null || anchor.installationId === null || anchor.keyId === null) {
      problems.push('anchor: signed, but its installation id, key id or public key is missing')
    } else {
      let keyId: string | null = null
      try {
        keyId = keyIdOf(createPublicKey(anchor.publicKeyPem))
      } catch {
        keyId = null
      }
      if (keyId !== anchor.keyId) problems.push('anchor: its public key does not match its key id (the anchor file was edited)')
      else if (!verifyHeadSignature(anchor.publicKeyPem, anchor.installationId, { seq: anchor.seq, hash: anchor.hash }, anchor.signature)) {
        problems.push(`anchor: BAD SIGNATURE over seq ${anchor.seq} (the anchor file was edited)`)
      }
    }
  }
  if (anchor.installationId !== null) {
    if (installation === null) problems.push(`anchor: taken on installation ${anchor.installationId}, but this database records no installation (identity removed?)`)
    else if (installation.id !== anchor.installationId) problems.push(`anchor: belongs to installation ${anchor.installationId}, this database is installation ${installation.id}`)
  }
  if (anchor.keyId !== null && installation !== null && !installation.keys.some((k) => k.keyId === anchor.keyId)) {
    problems.push(`anchor: signed with key ${anchor.keyId.slice(0, 16)}..., which this database no longer lists (keys replaced?)`)
  }
  return problems
}
