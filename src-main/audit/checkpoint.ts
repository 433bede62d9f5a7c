/**
 * Signed checkpoints: every N events, and at the end of each desk session, the audit layer itself appends an
 * `audit.checkpoint` event whose payload holds the head it covers (the seq and hash of the row just before it) and
 * the installation's Ed25519 signature of that head (installation.ts `headMessage`).
 *
 * The checkpoint is appended inside the same transaction as the frame that triggered it (AuditLog `sealer`), so no
 * caller writes checkpoints and none can forget to. Since a head hash commits to every row before it, a valid
 * signature at seq K says "this installation's key saw exactly these K rows". A forger who rewrites the file must
 * either re-sign (needs the private key, kept outside the database) or drop / leave invalid checkpoints, which
 * `verifyCheckpoints` reports.
 */
import type { Database } from 'better-sqlite3'
import { CheckpointPayloadSchema, type CheckpointPayload } from '@shared/domain/audit-events/checkpoint'
import { z } from 'zod'
import { AuditLog, type AuditLogOptions, type FrameSealer } from './event-log'
import type { AuditEventRow, ChainHead } from './event-types'
import { EVENT_COLUMNS } from './history-query'
import { installationIdentity, readInstallation, signHead, verifyHeadSignature, type InstallationIdentity, type InstallationOptions } from './installation'

/** Event type of a checkpoint. */
export const CHECKPOINT_TYPE = 'audit.checkpoint'
/** Actor recorded on checkpoints: the audit layer, not a person. */
export const CHECKPOINT_ACTOR = 'audit'
/** Default spacing of interval checkpoints, in events. */
export const DEFAULT_CHECKPOINT_EVERY = 500

// the payload's schema is part of the event vocabulary (src-shared/domain/audit-events/checkpoint.ts)
export { CheckpointPayloadSchema, type CheckpointPayload }

/** Options of the checkpointing log. */
export interface CheckpointOptions {
  /** an interval checkpoint follows the frame during which the seq passes a multiple of `every`; default 500. */
  readonly every?: number
}

/**
 * The sealer that appends checkpoints (see the module header).
 *
 * @param identity - the installation whose key signs.
 * @param opts - interval (default DEFAULT_CHECKPOINT_EVERY, an integer >= 2).
 * @throws RangeError for a bad interval.
 */
export function checkpointSealer(identity: Pick<InstallationIdentity, 'id' | 'keyId' | 'privateKey'>, opts: CheckpointOptions = {}): FrameSealer {
  const every = opts.every ?? DEFAULT_CHECKPOINT_EVERY
  if (!Number.isSafeInteger(every) || every < 2) throw new RangeError(`checkpoint interval must be an integer >= 2, got ${every}`)
  return {
    seal(head: ChainHead, frame) {
      if (frame.length === 0) return null
      const startSeq = (frame[0]?.seq ?? 1) - 1
      const sessionEnd = frame.some((r) => r.type === 'session.ended')
      const interval = Math.floor(head.seq / every) > Math.floor(startSeq / every)
      if (!sessionEnd && !interval) return null
      const payload: CheckpointPayload = {
        covered: { seq: head.seq, hash: head.hash },
        installationId: identity.id,
        keyId: identity.keyId,
        signature: signHead(identity, head),
        reason: sessionEnd ? 'session-end' : 'interval',
      }
      return { type: CHECKPOINT_TYPE, actor: CHECKPOINT_ACTOR, book: null, payload }
    },
  }
}

/**
 * An AuditLog that checkpoints: what the desk and the CLI replay write through.
 *
 * @param db - a writable connection from `openDatabase`.
 * @param opts - key location (installation.ts), checkpoint interval, and AuditLog options.
 * @returns the log and the installation it signs for.
 * @throws as `installationIdentity`.
 */
export function checkpointedAuditLog(
  db: Database,
  opts: InstallationOptions & CheckpointOptions & Omit<AuditLogOptions, 'sealer'> = {},
): { log: AuditLog; identity: InstallationIdentity } {
  const identity = installationIdentity(db, opts)
  const log = new AuditLog(db, { ...(opts.now ? { now: opts.now } : {}), ...(opts.events ? { events: opts.events } : {}), sealer: checkpointSealer(identity, opts) })
  return { log, identity }
}

/** A checkpoint that verified: its own seq, the head it covers and the key that signed. */
export interface GoodCheckpoint {
  readonly seq: number
  readonly covered: ChainHead
  readonly keyId: string
}

/** One checkpoint that did not check out. */
export interface CheckpointProblem {
  readonly seq: number
  readonly reason: string
}

/** Outcome of `verifyCheckpoints`. */
export interface CheckpointReport {
  /** checkpoints found. */
  readonly checked: number
  /** every checkpoint whose signature verified, in seq order. */
  readonly good: readonly GoodCheckpoint[]
  /** every bad checkpoint, in seq order. */
  readonly problems: readonly CheckpointProblem[]
}

/**
 * Check every `audit.checkpoint` row: its payload parses, it covers the row right before it (seq - 1, prev_hash),
 * it names this database's installation, and its signature verifies with the registered public key it names.
 *
 * @param db - any connection (read-only is fine).
 * @returns the count, the good checkpoints and each problem (signatures of rows the chain check already
 *   rejected are still checked here; the two reports are independent).
 */
export function verifyCheckpoints(db: Database): CheckpointReport {
  const installation = readInstallation(db)
  const keys = new Map((installation?.keys ?? []).map((k) => [k.keyId, k.publicKeyPem]))
  const rows = db.prepare<[string], AuditEventRow>(`SELECT ${EVENT_COLUMNS} FROM audit_events WHERE type = ? ORDER BY seq`)
  const problems: CheckpointProblem[] = []
  let checked = 0
  const good: GoodCheckpoint[] = []
  for (const row of rows.iterate(CHECKPOINT_TYPE)) {
    checked += 1
    const bad = (reason: string): void => {
      problems.push({ seq: row.seq, reason: `checkpoint at seq ${row.seq}: ${reason}` })
    }
    let parsed: CheckpointPayload
    try {
      const r = CheckpointPayloadSchema.safeParse(JSON.parse(row.payload))
      if (!r.success) {
        bad(`malformed payload (${z.prettifyError(r.error).replace(/\n/g, ' ')})`)
        continue
      }
      parsed = r.data
    } catch {
      bad('payload is not JSON')
      continue
    }
    if (parsed.covered.seq !== row.seq - 1 || parsed.covered.hash !== row.prev_hash) {
      bad(`covers seq ${parsed.covered.seq} (hash ${parsed.covered.hash.slice(0, 12)}...) but follows seq ${row.seq - 1} (hash ${row.prev_hash.slice(0, 12)}...): the rows before it were rewritten, or the checkpoint was moved`)
      continue
    }
    if (installation === null) {
      bad('the database records no installation, so no key to check the signature with')
      continue
    }
    if (parsed.installationId !== installation.id) {
      bad(`signed for installation ${parsed.installationId}, but this database is installation ${installation.id}`)
      continue
    }
    const pem = keys.get(parsed.keyId)
    if (pem === undefined) {
      bad(`signed with key ${parsed.keyId.slice(0, 16)}..., which is not registered in this database`)
      continue
    }
    if (!verifyHeadSignature(pem, parsed.installationId, parsed.covered, parsed.signature)) {
      bad(`BAD SIGNATURE: the signature does not match head seq ${parsed.covered.seq} under key ${parsed.keyId.slice(0, 16)}... (the rows before it were rewritten, or the checkpoint was forged)`)
      continue
    }
    good.push({ seq: row.seq, covered: parsed.covered, keyId: parsed.keyId })
  }
  return { checked, good, problems }
}
