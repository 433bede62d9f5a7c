import { it } from 'vitest'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, closeDatabase } from '../../../src-main/audit/db'
import { AuditLog } from '../../../src-main/audit/event-log'
import { verifyChain } from '../../../src-main/audit/verify'
import { exportEvents } from '../../../src-main/audit/export'

it('perf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-perf-'))
  const payload = { metric: 'var', value: 123456.789, limit: 100000, positions: [{ s: 'AAPL', q: 100 }, { s: 'MSFT', q: -50 }], severity: 'HIGH' }
  const ev = { type: 'risk.snapshot', actor: 'desk', book: 'Main', payload }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!
  for (const file of [join(dir, 'a.db'), ':memory:']) {
    const db = openDatabase(file)
    const log = new AuditLog(db)
    const singles: number[] = [], frames: number[] = []
    for (let rep = 0; rep < 5; rep++) {
      let t = performance.now(); const N1 = 500
      for (let i = 0; i < N1; i++) log.append(ev)
      singles.push(N1 / ((performance.now() - t) / 1000))
      const frame = Array.from({ length: 100 }, () => ev)
      t = performance.now(); const F = 50
      for (let i = 0; i < F; i++) log.appendMany(frame)
      frames.push(F * 100 / ((performance.now() - t) / 1000))
    }
    console.log('R', file === ':memory:' ? 'memory' : 'file', 'single appends/s median', Math.round(med(singles)), 'all', singles.map(Math.round).join(' '))
    console.log('R', file === ':memory:' ? 'memory' : 'file', '100-event frames: events/s median', Math.round(med(frames)), 'frames/s', Math.round(med(frames) / 100), 'all', frames.map(Math.round).join(' '))
    if (file !== ':memory:') {
      log.appendMany(Array.from({ length: 200000 - log.head().seq }, () => ev))
      let t = performance.now(); const r = verifyChain(db); const vs = (performance.now() - t) / 1000
      console.log('R verify', r.ok, r.rows, 'rows in', vs.toFixed(2), 's =', Math.round(r.rows / vs), 'rows/s')
      t = performance.now(); const csv = exportEvents(db, { format: 'csv' }); console.log('R export csv', (csv.length / 1e6).toFixed(1), 'MB in', ((performance.now() - t) / 1000).toFixed(2), 's')
      closeDatabase(db)
      console.log('R file size MB', (statSync(file).size / 1e6).toFixed(1))
      t = performance.now(); const db2 = openDatabase(file); console.log('R open with quick_check s', ((performance.now() - t) / 1000).toFixed(2))
      closeDatabase(db2)
      t = performance.now(); const db3 = openDatabase(file, { integrityCheck: 'none' }); console.log('R open without quick_check s', ((performance.now() - t) / 1000).toFixed(3))
      closeDatabase(db3)
    } else closeDatabase(db)
  }
  rmSync(dir, { recursive: true })
})
