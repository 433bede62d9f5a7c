/**
 * The hash that links audit events into a chain.
 *
 * hash(row) = lowercase hex SHA-256 (FIPS 180-4) of the UTF-8 bytes of the canonical JSON (see canonical-json.ts) of
 * `{ seq, ts, type, actor, book, payload, prevHash }`, where `payload` is the event's payload value and `prevHash` the
 * previous row's hash (GENESIS_HASH for the first row). The construction is the one of a hash chain / linked
 * timestamping log (Haber & Stornetta 1991; the same idea as Certificate Transparency's log, RFC 6962, without the
 * Merkle tree): changing, removing or reordering any row changes every hash after it.
 *
 * The payload is stored as its canonical JSON text, so the preimage is built by splicing that stored text verbatim
 * between the other canonical members rather than by parsing and re-serialising it. For a canonical payload the two
 * are byte-identical (tested); for a tampered one splicing guarantees that any changed byte changes the hash, even a
 * change that would parse back to the same value (`1e+21` -> `1e021`, `\u001f` -> `\u001F`).
 */
import { hash as oneShotHash } from 'node:crypto'

/** prev_hash of the first event: 64 zeros (a SHA-256 digest's length in hex, matching no real digest in practice). */
export const GENESIS_HASH = '0'.repeat(64)

/** A 64-character lowercase hex SHA-256 digest. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/

/** The members of an event that are hashed, with the payload given as its canonical JSON text. */
export interface HashedEventFields {
  readonly seq: number
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  /** canonical JSON of the payload, exactly as stored in `audit_events.payload`. */
  readonly payloadJson: string
  readonly prevHash: string
}

/**
 * The exact text that is hashed for one event: canonical JSON of `{actor, book, payload, prevHash, seq, ts, type}`
 * (members already in JCS order) with `payloadJson` spliced in as the payload.
 *
 * @param fields - the event's stored values; `payloadJson` must be canonical for the result to equal
 *   `canonicalJson({ ..., payload: JSON.parse(payloadJson) })`.
 * @returns the preimage string (hashed as UTF-8).
 */
export function hashPreimage(fields: HashedEventFields): string {
  if (!Number.isSafeInteger(fields.seq)) throw new RangeError(`seq must be a safe integer, got ${fields.seq}`)
  // Member names sorted by UTF-16 code units: actor < book < payload < prevHash < seq < ts < type. For strings, null
  // and safe integers JSON.stringify is exactly the canonical form (see canonical-json.ts), and cheaper to call.
  return (
    `{"actor":${JSON.stringify(fields.actor)},"book":${JSON.stringify(fields.book)},"payload":${fields.payloadJson},` +
    `"prevHash":${JSON.stringify(fields.prevHash)},"seq":${fields.seq},"ts":${JSON.stringify(fields.ts)},` +
    `"type":${JSON.stringify(fields.type)}}`
  )
}

/**
 * SHA-256 of `hashPreimage(fields)`.
 *
 * @param fields - the stored event values (see `HashedEventFields`).
 * @returns 64 lowercase hex characters.
 */
export function computeEventHash(fields: HashedEventFields): string {
  // One-shot crypto.hash (Node >= 21.7) avoids creating a Hash object per event; UTF-8 is its encoding for strings.
  return oneShotHash('sha256', hashPreimage(fields), 'hex')
}
