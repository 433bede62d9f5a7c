/**
 * The history row of an alert spans its whole life across restarts of the desk on the same database: a desk reopened
 * on the book resumes it (`session.started` with `resumedAfter`) and restores its open alerts under their ids, so
 * everything done about a restored alert afterwards (decisions on its actions, the kill switch and its re-arm, limit
 * changes, its resolution) belongs to its row; an alert resolved before the restart gains nothing, a session on
 * another book neither ends nor feeds it, and a desk started afresh on the book ends it.
 *
 * Two trails: one hand-written (tests/main/audit/lifecycle-trail.ts restartTrail, every expected row spelled out) and
 * one written by the real DeskService closed and reopened on a database file (desk-restart-trail.ts).
 */
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertHistory, type AlertHistoryRow } from '../../../src-main/audit/alert-history'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { makeTempDir } from './audit-test-helpers'
import { deskRestartTrail, REASONS, type DeskRestartIds } from './desk-restart-trail'
import { LifecycleTrail, restartTrail, type RestartTrailIds } from './lifecycle-trail'

const { dir, cleanup } = makeTempDir('riskdesk-alert-history-restart-')
afterAll(() => cleanup())

const overrides = (r: AlertHistoryRow) => r.overrides.map((o) => [o.kind, o.actor, o.role, o.reason])

describe('a hand-written trail with a restart', () => {
  let db: Database.Database
  let history: AlertHistory
  let ids: RestartTrailIds
  let rows: AlertHistoryRow[]

  beforeAll(() => {
    db = openDatabase(':memory:')
    ids = restartTrail(new LifecycleTrail(db, join(dir, 'keys')))
    history = new AlertHistory(db)
    rows = [...history.all()]
  })
  afterAll(() => closeDatabase(db))

  it('one row per raised alert, in market-date order', () => {
    expect(rows.map((r) => [r.id, r.marketDate, r.book, r.actor])).toEqual([
      [ids.varAlert, '2020-03-09', 'Macro', 'alice'],
      [ids.resolvedBefore, '2020-03-09', 'Macro', 'alice'],
      [ids.dropped, '2020-03-10', 'Macro', 'alice'],
      [ids.otherBook, '2020-03-11', 'Equity L/S', 'erin'],
      [ids.fresh, '2020-03-16', 'Macro', 'carol'],
      [ids.dropped, '2020-03-16', 'Macro', 'carol'],
    ])
  })

  it('the restored alert\'s row holds what the resumed session did: escalation, approval and execution, kill switch, re-arm, resolution', () => {
    const row = rows[0]!
    expect(row).toMatchObject({
      sessionId: 'rst1aaaa-0000-4000-8000-000000000001',
      state: 'resolved',
      resolvedDate: '2020-03-12',
      severity: 'CRITICAL',
      raisedSeverity: 'HIGH',
      acknowledgedBy: 'alice',
    })
    expect(row.escalations.map((e) => [e.from, e.to, e.marketDate])).toEqual([['HIGH', 'CRITICAL', '2020-03-11']])
    expect(row.actions.map((a) => [a.id, a.state, a.executedDate, a.varAfter, a.decisions.map((d) => [d.decision, d.actor, d.marketDate, d.reason])])).toEqual([
      [
        ids.action,
        'applied',
        '2020-03-11',
        96,
        [
          ['proposed', 'system', '2020-03-09', null],
          ['approved', 'alice', '2020-03-11', 'cut as proposed after the restart'],
          ['applied', 'system', '2020-03-11', null],
        ],
      ],
    ])
    // the limit change while live in session 1, the kill switch and the re-arm in the resumed one; not the other
    // book's kill switch, not the limit change after the resolution
    expect(overrides(row)).toEqual([
      ['limits.changed', 'bob', null, 'widened for the crash week'],
      ['override.killed', 'alice', 'trader', 'crash day: stop all automation'],
      ['override.rearmed', 'dora', 'desk-head', 'reviewed the book after the kill switch'],
    ])
  })

  it('an alert resolved before the restart gains none of the resumed session\'s events', () => {
    const row = rows[1]!
    expect(row).toMatchObject({ state: 'resolved', resolvedDate: '2020-03-10', actions: [] })
    expect(overrides(row)).toEqual([['limits.changed', 'bob', null, 'widened for the crash week']])
  })

  it('an alert left open lives through another book\'s session and the resumed one, and ends where the book starts afresh', () => {
    const dropped = rows[2]!
    expect(dropped).toMatchObject({ state: 'open', severity: 'MEDIUM', acknowledgedBy: null })
    expect(overrides(dropped)).toEqual([
      ['override.killed', 'alice', 'trader', 'crash day: stop all automation'],
      ['override.rearmed', 'dora', 'desk-head', 'reviewed the book after the kill switch'],
      ['limits.changed', 'bob', null, 'back to normal after the resolution'],
    ])
    // the same id raised again after the fresh start is another alert, with its own acknowledgement
    const again = rows[5]!
    expect(again).toMatchObject({ sessionId: 'rst4dddd-0000-4000-8000-000000000004', state: 'acknowledged', severity: 'HIGH', acknowledgedBy: 'carol' })
    expect(overrides(again)).toEqual([['override.paused', 'carol', 'desk-head', 'automation paused for the auction']])
    expect(overrides(rows[4]!)).toEqual([['override.paused', 'carol', 'desk-head', 'automation paused for the auction']])
    expect(overrides(rows[3]!)).toEqual([['override.killed', 'erin', 'trader', 'other book: venue outage']])
  })

  it('the filters see the same extent as the rows (actor, state, severity, overridden, text, timeline)', () => {
    const found = (q: Parameters<AlertHistory['query']>[0]) => history.query(q).alerts.map((r) => `${r.id}@${r.marketDate}`)
    expect(found({ actor: 'dora' })).toEqual([`${ids.varAlert}@2020-03-09`, `${ids.dropped}@2020-03-10`])
    expect(found({ actor: 'erin' })).toEqual([`${ids.otherBook}@2020-03-11`])
    expect(found({ state: 'resolved' })).toEqual([`${ids.varAlert}@2020-03-09`, `${ids.resolvedBefore}@2020-03-09`])
    expect(found({ state: 'open' })).toEqual([`${ids.dropped}@2020-03-10`, `${ids.otherBook}@2020-03-11`, `${ids.fresh}@2020-03-16`])
    expect(found({ severity: 'CRITICAL' })).toEqual([`${ids.varAlert}@2020-03-09`])
    expect(found({ text: 'STOP ALL automation' })).toEqual([`${ids.varAlert}@2020-03-09`, `${ids.dropped}@2020-03-10`])
    expect(found({ text: 'after the restart' })).toEqual([`${ids.varAlert}@2020-03-09`])
    expect(found({ text: 'auction' })).toEqual([`${ids.fresh}@2020-03-16`, `${ids.dropped}@2020-03-16`])
    expect(found({ overridden: true })).toHaveLength(6)
    expect(history.timeline({ marketTo: '2020-03-10' })).toEqual([
      { marketDate: '2020-03-09', severity: 'CRITICAL', count: 1 },
      { marketDate: '2020-03-09', severity: 'HIGH', count: 1 },
      { marketDate: '2020-03-10', severity: 'MEDIUM', count: 1 },
    ])
  })
})

describe('the real desk closed and reopened on the same database', () => {
  let ids: DeskRestartIds
  let rows: AlertHistoryRow[]

  beforeAll(async () => {
    const file = join(dir, 'desk.db')
    ids = await deskRestartTrail(file)
    const db = openDatabase(file, { readonly: true })
    rows = [...new AlertHistory(db).all()]
    closeDatabase(db)
  }, 120_000)

  it('the restored alert\'s row holds the approval and execution, the kill switch, the desk head\'s re-arm and the resolution', () => {
    const row = rows.find((r) => r.id === ids.restored)!
    expect(row).toMatchObject({ state: 'resolved', resolvedDate: '2020-03-18', actor: 'tester', book: 'small' })
    expect(row.seq).toBeLessThan(ids.restartSeq)
    const action = row.actions.find((a) => a.id === ids.action)!
    expect(action).toMatchObject({ state: 'applied', executedDate: '2020-03-16', withinLimit: true })
    const steps = action.decisions.map((d) => [d.decision, d.seq > ids.restartSeq])
    // proposed before the restart; decided (after a re-size, if the day moved the plan) and applied after it
    expect(steps[0]).toEqual(['proposed', false])
    expect(steps.slice(-2)).toEqual([
      ['approved', true],
      ['applied', true],
    ])
    expect(action.decisions.at(-2)!.reason).toBe(REASONS.approve)
    expect(overrides(row).filter(([kind]) => kind !== 'action.modified')).toEqual([
      ['override.killed', 'tester', 'trader', REASONS.kill],
      ['override.rearmed', 'dora', 'desk-head', REASONS.rearm],
      ['limits.changed', 'tester', null, REASONS.widenAgain],
    ])
  })

  it('the alert resolved before the restart keeps only what happened while it was live', () => {
    const row = rows.find((r) => r.id === ids.resolvedBefore)!
    expect(row).toMatchObject({ state: 'resolved', resolvedDate: '2020-02-25', actions: [] })
    expect(overrides(row)).toEqual([['limits.changed', 'tester', null, REASONS.widen]])
  })
})
