/**
 * Everything `riskdesk audit verify` checks, in one report:
 * 1. the file: SQLite's full `PRAGMA integrity_check`, which (unlike the `quick_check` run at open) also checks that
 *    every index holds exactly the rows of its table. A damaged index page makes indexed queries and exports skip
 *    rows silently while the table itself, and so the chain walk, still looks perfect; this is what catches it;
 * 2. the chain (verify.ts), against the anchor when one is given: a re-chained forgery or a rewound tail shows as a
 *    mismatch at, or rows missing before, the anchor's seq;
 * 3. every checkpoint's signature (checkpoint.ts);
 * 4. the anchor's own signature and installation (anchor.ts).
 * When the anchor disagrees, the newest good checkpoint before it bounds where the rewrite happened ("the gap").
 */
import type { Database } from 'better-sqlite3'
import { anchorIdentityProblems, type AnchorRef } from './anchor'
import { verifyCheckpoints, type CheckpointReport } from './checkpoint'
import type { ChainHead } from './event-types'
import { readInstallation } from './installation'
import { verifyChain, type VerifyResult } from './verify'

/** Full report of `verifyTrail`. */
export interface TrailReport {
  /** true only when every check passed. */
  readonly ok: boolean
  /** every problem found, most fundamental first (file, chain, anchor, checkpoints); empty when ok. */
  readonly problems: readonly string[]
  readonly integrity: { readonly ok: boolean; readonly problems: readonly string[] }
  /** null when the chain could not be read (a damaged table; see integrity). */
  readonly chain: VerifyResult | null
  readonly checkpoints: CheckpointReport | null
  readonly anchor: { readonly ok: boolean; readonly seq: number | null; readonly hash: string } | null
  readonly installation: { readonly id: string; readonly keyIds: readonly string[] } | null
}

/** Integrity messages kept (SQLite stops after this many). */
const MAX_INTEGRITY_MESSAGES = 20

/**
 * Run `PRAGMA integrity_check` and name the table or index of each problem where SQLite gives its root page.
 *
 * @returns `{ ok: true, problems: [] }` for a sound file.
 */
export function integrityCheck(db: Database): { ok: boolean; problems: string[] } {
  let messages: string[]
  let label = 'integrity_check'
  try {
    const rows = db.pragma(`integrity_check(${MAX_INTEGRITY_MESSAGES})`) as Record<string, string>[]
    messages = rows.flatMap((r) => Object.values(r))
  } catch (err) {
    // A damaged index page can make the full check itself stop with SQLITE_CORRUPT (it looks rows up through the
    // index); quick_check walks the b-trees without those lookups, so it still says which page of which tree is bad.
    const why = err instanceof Error ? err.message : String(err)
    label = `integrity_check stopped (${why}); quick_check`
    try {
      const rows = db.pragma(`quick_check(${MAX_INTEGRITY_MESSAGES})`) as Record<string, string>[]
      messages = rows.flatMap((r) => Object.values(r))
      if (messages.length === 1 && messages[0] === 'ok') messages = []
    } catch (err2) {
      messages = [`could not run: ${err2 instanceof Error ? err2.message : String(err2)}`]
    }
  }
  if (messages.length === 1 && messages[0] === 'ok' && label === 'integrity_check') return { ok: true, problems: [] }
  messages = messages.flatMap((m) => m.split('\n')).filter((m) => m.length > 0 && !/^\*\*\* in database/.test(m))
  if (messages.length === 0) messages = ['no detail given']
  let roots = new Map<number, string>()
  try {
    roots = new Map(
      db
        .prepare<[], { rootpage: number; name: string; type: string }>("SELECT rootpage, name, type FROM sqlite_schema WHERE rootpage > 0")
        .all()
        .map((r) => [r.rootpage, `${r.type} ${r.name}`]),
    )
  } catch {
    // the schema itself is unreadable: report SQLite's words as they are
  }
  const named = messages.map((m) => {
    const tree = /Tree (\d+) page/.exec(m)
    const owner = tree ? roots.get(Number(tree[1])) : undefined
    return owner ? `${m} (${owner})` : m
  })
  return { ok: false, problems: named.map((m) => `${label}: ${m}`) }
}

/**
 * Verify the file, the chain, the checkpoints and (optionally) an anchor.
 *
 * @param db - any connection from `openDatabase` (read-only is fine; open with `integrityCheck: 'none'`, the full
 *   check runs here).
 * @param opts - the anchor (`parseAnchorRef`), and a progress callback for the chain walk.
 * @returns the report; never throws for a damaged file or a tampered log (those are problems in the report).
 */
export function verifyTrail(db: Database, opts: { readonly anchor?: AnchorRef; readonly onProgress?: (rows: number) => void } = {}): TrailReport {
  const problems: string[] = []
  const integrity = integrityCheck(db)
  problems.push(...integrity.problems)

  let anchorHead: ChainHead | undefined
  let anchorReport: TrailReport['anchor'] = null
  const anchorProblems: string[] = []
  const ref = opts.anchor
  let installation: TrailReport['installation'] = null
  let chain: VerifyResult | null = null
  let checkpoints: CheckpointReport | null = null
  try {
    const inst = readInstallation(db)
    installation = inst === null ? null : { id: inst.id, keyIds: inst.keys.map((k) => k.keyId) }
    if (ref !== undefined) {
      if (ref.kind === 'hash') {
        const row = db.prepare<[string], { seq: number }>('SELECT seq FROM audit_events WHERE hash = ?').get(ref.hash)
        if (row === undefined) anchorProblems.push(`anchor: hash ${ref.hash} does not occur in the log: the log was rewritten or its tail deleted since the anchor was taken`)
        else anchorHead = { seq: row.seq, hash: ref.hash }
      } else if (ref.kind === 'head') anchorHead = ref.head
      else {
        anchorHead = { seq: ref.anchor.seq, hash: ref.anchor.hash }
        anchorProblems.push(...anchorIdentityProblems(db, ref.anchor))
      }
    }
    chain = verifyChain(db, { ...(anchorHead ? { anchor: anchorHead } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) })
    checkpoints = verifyCheckpoints(db)
  } catch (err) {
    problems.push(`the log could not be read to the end: ${err instanceof Error ? err.message : String(err)}`)
  }

  if (chain !== null && !chain.ok) {
    let reason = `at seq ${chain.firstBadSeq}: ${chain.reason}`
    if (anchorHead !== undefined && /^anchor mismatch/.test(chain.reason) && checkpoints !== null) {
      const before = checkpoints.good.filter((c) => c.covered.seq < anchorHead.seq).at(-1)
      const from = before === undefined ? 1 : before.covered.seq + 1
      reason += `; rows up to seq ${from - 1} are vouched for by ${before === undefined ? 'nothing (no good checkpoint before the anchor)' : `the signed checkpoint at seq ${before.seq}`}, so the rewrite lies in seq ${from}..${anchorHead.seq}`
    }
    problems.push(reason)
  }
  problems.push(...anchorProblems)
  if (checkpoints !== null) problems.push(...checkpoints.problems.map((p) => p.reason))
  if (ref !== undefined) {
    const anchorOk = anchorProblems.length === 0 && anchorHead !== undefined && chain !== null && (chain.ok || !/anchor|tail truncated/.test(chain.reason))
    anchorReport = { ok: anchorOk, seq: anchorHead?.seq ?? null, hash: anchorHead?.hash ?? (ref.kind === 'hash' ? ref.hash : '') }
  }
  return { ok: problems.length === 0, problems, integrity, chain, checkpoints, anchor: anchorReport, installation }
}
