import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkpointedAuditLog } from '../../../src-main/audit/checkpoint'
import { openDatabase } from '../../../src-main/audit/db'
import { trailStatus } from '../../../src-main/audit/trail-status'
import { HistoryStatusSchema } from '../../../src-shared/domain/alert-history-view'
import { dropGuards, makeTempDir, sampleEvents } from './audit-test-helpers'

describe('trailStatus', () => {
  it('reports the head and the newest signed checkpoint, then the first problem after tampering', () => {
    const { dir, cleanup } = makeTempDir()
    try {
      const db = openDatabase(':memory:')
      const { log, identity } = checkpointedAuditLog(db, { keyDir: join(dir, 'k'), every: 10 })
      log.appendMany(sampleEvents(25))
      const ok = HistoryStatusSchema.parse(trailStatus(db))
      expect(ok).toMatchObject({ ok: true, rows: 26, headSeq: 26, problem: null, installationId: identity.id, lastCheckpoint: { seq: 26, coveredSeq: 25, keyId: identity.keyId } })
      dropGuards(db)
      db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3").run()
      expect(trailStatus(db)).toMatchObject({ ok: false, problem: expect.stringMatching(/^at seq 3: hash mismatch/) })
    } finally {
      cleanup()
    }
  })
})
