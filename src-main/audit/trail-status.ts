/**
 * The verification status the history view keeps on screen: the chain recomputed, every checkpoint signature
 * checked, and the newest signed checkpoint (the last head this installation vouched for). The full
 * `PRAGMA integrity_check` is left to `riskdesk audit verify` (it reads the whole file; seconds on a large trail).
 */
import type { Database } from 'better-sqlite3'
import { verifyCheckpoints } from './checkpoint'
import { readInstallation } from './installation'
import { verifyChain } from './verify'

/** See the module header; `problem` is the first failure in words, null when all checks passed. */
export interface TrailStatus {
  readonly ok: boolean
  readonly rows: number
  readonly headSeq: number
  readonly headHash: string
  readonly problem: string | null
  readonly installationId: string | null
  readonly lastCheckpoint: { readonly seq: number; readonly coveredSeq: number; readonly coveredHash: string; readonly keyId: string; readonly ts: string } | null
  readonly checkedAt: string
}

/**
 * Check the trail of `db` (chain and checkpoint signatures).
 *
 * @param db - any connection.
 * @param now - clock for `checkedAt`.
 */
export function trailStatus(db: Database, now: () => Date = () => new Date()): TrailStatus {
  return db.transaction(() => {
    const chain = verifyChain(db)
    const checkpoints = verifyCheckpoints(db)
    const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM chain_head WHERE id = 1').get() ?? { seq: 0, hash: '' }
    const last = checkpoints.good.at(-1)
    const lastTs = last === undefined ? undefined : db.prepare<[number], { ts: string }>('SELECT ts FROM audit_events WHERE seq = ?').get(last.seq)?.ts
    const problem = !chain.ok ? `at seq ${chain.firstBadSeq}: ${chain.reason}` : (checkpoints.problems[0]?.reason ?? null)
    return {
      ok: problem === null,
      rows: chain.rows,
      headSeq: head.seq,
      headHash: head.hash,
      problem,
      installationId: readInstallation(db)?.id ?? null,
      lastCheckpoint:
        last === undefined ? null : { seq: last.seq, coveredSeq: last.covered.seq, coveredHash: last.covered.hash, keyId: last.keyId, ts: lastTs ?? '' },
      checkedAt: now().toISOString(),
    }
  })()
}
