/**
 * Writes a workstation trail template for fault.test.ts: `n` events in ONE transaction, chained with the real hash
 * (computeEventHash) into a database opened and migrated by openDatabase, without an installation id yet (the test
 * copies the file and gives each copy its own id, so the copies are distinct trails with equal content).
 * Rows are inserted directly rather than through AuditLog.appendMany only to skip building the returned records;
 * the table's own triggers still check that every row extends chain_head.
 */
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { computeEventHash, GENESIS_HASH } from '../../../src-main/audit/event-hash'

const [file, count, tag] = process.argv.slice(2) as [string, string, string]
const n = Number(count)
const db = openDatabase(file)
const insert = db.prepare('INSERT INTO audit_events (seq, ts, type, actor, book, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
const TYPES = ['risk.snapshot', 'risk.snapshot', 'risk.snapshot', 'alert.raised', 'risk.snapshot', 'action.proposed', 'risk.snapshot', 'action.approved']
db.transaction(() => {
  let prevHash = GENESIS_HASH
  const start = Date.UTC(2026, 2, 2, 13, 30)
  for (let seq = 1; seq <= n; seq++) {
    const ts = new Date(start + seq * 250).toISOString()
    const type = TYPES[seq % TYPES.length] as string
    const actor = type === 'action.approved' ? `trader-${tag}` : 'desk'
    const book = seq % 3 === 0 ? null : `Book-${seq % 3}`
    const marketDate = new Date(Date.UTC(2020, 1, 3) + Math.floor(seq / 200) * 86_400_000).toISOString().slice(0, 10)
    // canonical JSON (keys sorted, no spaces), as AuditLog writes it
    const payload = `{"marketDate":"${marketDate}","sessionId":"${tag}-s${Math.floor(seq / 10_000)}","value":${(seq * 1.25).toFixed(2)},"ws":"${tag}"}`
    const hash = computeEventHash({ seq, ts, type, actor, book, payloadJson: payload, prevHash })
    insert.run(seq, ts, type, actor, book, payload, prevHash, hash)
    prevHash = hash
  }
})()
closeDatabase(db)
