/**
 * The desk's PostgreSQL copy as the external anchor of a local trail (`riskdesk audit verify --db FILE --pg URL`).
 *
 * A local chain checked only against itself cannot tell a full re-chain forgery (every hash recomputed after an
 * edit) or a rewound tail from the truth. The server holds, for this installation, every event replicated so far,
 * each checked on arrival and never changed since. Comparing the local (seq, hash) pairs with the server's names
 * the first event that was rewritten, deleted or re-ordered after it had been replicated. Events not yet replicated
 * can only be checked by the local chain itself (and the signed checkpoints).
 *
 * Both sides are read in seq order, in pages of 10 000, so memory stays flat. The local pages are separate reads (a
 * better-sqlite3 transaction cannot span the awaits on the server); that is sound because the local log only grows
 * at its end while the desk appends.
 */
import type { Database } from 'better-sqlite3'
import type { ClientBase } from 'pg'
import { readInstallation } from '../audit/installation'
import { connectPg } from './pg-connection'
import { serverHashes } from './server-chain'

/** Outcome of `compareWithServer`. */
export interface ServerAnchorResult {
  readonly ok: boolean
  readonly installationId: string
  /** rows compared (the replicated part). */
  readonly compared: number
  /** the server's highest seq for this installation. */
  readonly serverSeq: number
  /** the local head seq. */
  readonly localSeq: number
  /** the first disagreement, when not ok. */
  readonly firstMismatch: { readonly seq: number; readonly localHash: string | null; readonly serverHash: string; readonly reason: string } | null
}

const PAGE = 10_000

/**
 * Compare a local trail with its replicated copy.
 *
 * @param db - the local database (read-only is fine).
 * @param client - a connection as this workstation's role or the desk head's.
 * @param installationId - the local trail's installation id.
 * @returns ok when every replicated (seq, hash) is present locally with the same hash; otherwise the first seq that
 *   differs or is missing locally, with a sentence for a person.
 * @throws pg errors when the server cannot be read.
 */
export async function compareWithServer(db: Database, client: ClientBase, installationId: string): Promise<ServerAnchorResult> {
  const localHead = db.prepare<[], { seq: number }>('SELECT seq FROM chain_head WHERE id = 1').get()?.seq ?? 0
  const localPage = db.prepare<[number, number], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?')
  let compared = 0
  let after = 0
  let serverSeq = 0
  const result = (firstMismatch: ServerAnchorResult['firstMismatch']): ServerAnchorResult => ({
    ok: firstMismatch === null,
    installationId,
    compared,
    serverSeq,
    localSeq: localHead,
    firstMismatch,
  })
  for (;;) {
    const remote = await serverHashes(client, installationId, after, PAGE)
    if (remote.length === 0) break
    serverSeq = remote[remote.length - 1]!.seq
    const local = localPage.all(after, remote.length)
    for (let i = 0; i < remote.length; i++) {
      const r = remote[i]!
      const l = local[i]
      if (l === undefined || l.seq !== r.seq) {
        const missingFrom = l === undefined ? r.seq : Math.min(r.seq, l.seq)
        return result({
          seq: missingFrom,
          localHash: null,
          serverHash: r.hash,
          reason: `seq ${missingFrom} was replicated (hash ${r.hash.slice(0, 16)}...) but is missing from the local trail: deleted rows or a rewound tail`,
        })
      }
      if (l.hash !== r.hash) {
        return result({
          seq: r.seq,
          localHash: l.hash,
          serverHash: r.hash,
          reason: `seq ${r.seq} differs from its replicated copy (local ${l.hash.slice(0, 16)}..., server ${r.hash.slice(0, 16)}...): the local trail was rewritten after it was replicated`,
        })
      }
      compared += 1
    }
    after = serverSeq
  }
  return result(null)
}

/** `compareWithServer` for a CLI: connects, finds the trail's installation id, and says the outcome in one sentence. */
export interface DeskCopyCheck {
  readonly ok: boolean
  readonly message: string
  readonly result: ServerAnchorResult | null
}

/**
 * Check a local trail against the desk's PostgreSQL copy (`riskdesk audit verify --db FILE --pg URL`).
 *
 * @param db - the local database (read-only is fine).
 * @param url - the desk PostgreSQL, as this workstation's login or the desk head's.
 * @returns ok with what was compared, or not ok naming the first rewritten or missing seq. A trail with no
 *   installation id, or nothing replicated yet, is ok with a message saying that nothing could be compared.
 * @throws Error when the server cannot be reached (message with the URL's password masked).
 */
export async function checkAgainstDeskCopy(db: Database, url: string): Promise<DeskCopyCheck> {
  const installationId = readInstallation(db)?.id
  if (installationId === undefined) {
    return { ok: true, message: 'desk copy: this trail has no installation id yet, so none of it was replicated; nothing to compare', result: null }
  }
  const client = await connectPg(url, { applicationName: 'riskdesk-verify' })
  let result: ServerAnchorResult
  try {
    result = await compareWithServer(db, client, installationId)
  } finally {
    await client.end().catch(() => undefined)
  }
  if (result.firstMismatch !== null) return { ok: false, message: result.firstMismatch.reason, result }
  const pending = result.localSeq - result.serverSeq
  const message =
    result.serverSeq === 0
      ? `desk copy: nothing of installation ${installationId} replicated yet; nothing to compare`
      : `desk copy: the ${result.compared} replicated events (seq 1..${result.serverSeq}) of installation ${installationId} match the local trail` +
        (pending > 0 ? ` (${pending} newer events not replicated yet)` : '')
  return { ok: true, message, result }
}
