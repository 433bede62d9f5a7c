/**
 * A trail written by the real desk across a restart: DeskService on a database file, closed, then reopened on the
 * same file (it resumes the book: a new `session.started` with `resumedAfter`, the open alerts and pending actions
 * restored under their ids). Shared by the local history test and the desk-wide one, which replicates the file.
 *
 * The path (small book of tests/main/desk/desk-fixture.ts, VaR limit 40,000, replay from 2020-02-24 without holds):
 * session 1 sees a VaR alert on 2020-02-24, widens the limit so that it resolves on 2020-02-25, puts the limit back
 * (a new VaR alert on 2020-02-26, escalated, a reduce proposed by 2020-03-13) and closes; session 2 restores the
 * alert and the proposal, plays one day, approves the proposal (confirming a re-size if the day moved it), engages
 * the kill switch, plays a day (the re-arm's cooling-off), has a desk head re-arm, widens the limit (the alert resolves
 * on the next day) and changes it once more after the resolution.
 */
import type { Database } from 'better-sqlite3'
import { expect } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { ProfileStore } from '../../../src-main/audit/profile-store'
import { DeskService } from '../../../src-main/host/desk-service'
import { createProfile } from '../../../src-main/desk/roles'
import { bundledMarket, limits, SMALL_BOOK } from '../desk/desk-fixture'

export const DESK_HEAD = { name: 'dora', passphrase: 'correct horse battery staple' }
export const REASONS = {
  widen: 'widened: the warning is expected this week',
  back: 'back to the desk limit',
  approve: 'cut as proposed after the restart',
  kill: 'crash day: stop all automation',
  rearm: 'reviewed the book after the kill switch',
  widenAgain: 'desk head widened the limit for the crash',
  after: 'limit set after the alert resolved',
} as const

const LIMITS = limits({ varLimit: 40_000, risingUpdates: 2 })

/** What the test needs to know of the trail. */
export interface DeskRestartIds {
  /** the first VaR alert, resolved in session 1 */
  readonly resolvedBefore: string
  /** the VaR alert raised in session 1, restored in session 2 and resolved there */
  readonly restored: string
  /** its action, proposed in session 1 and applied in session 2 */
  readonly action: string
  /** seq of session 2's `session.started` */
  readonly restartSeq: number
}

function service(db: Database): DeskService {
  return new DeskService({
    market: bundledMarket(),
    db,
    user: 'tester',
    // no holds: a restored desk is decided on after its first market day (the proposal then waits as pending)
    hold: false,
    replay: { from: '2020-02-24', to: '2020-04-30', speed: 'max', autoplay: false },
    initial: { book: SMALL_BOOK, limits: LIMITS, sourceFile: 'small.csv' },
  })
}

async function runTo(s: DeskService, date: string): Promise<void> {
  expect((await s.invoke('feed:runTo', { date }, 'tester')).ok).toBe(true)
  for (let i = 0; i < 4000; i++) {
    const f = s.snapshot().feed
    if (f.health === 'paused' && f.date === date) return
    if (f.health === 'finished' || f.health === 'error') break
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`the desk did not stop on ${date}: ${JSON.stringify(s.snapshot().feed)}`)
}

async function setVarLimit(s: DeskService, varLimit: number, reason: string): Promise<void> {
  const r = await s.invoke('limits:update', { limits: { ...LIMITS, varLimit }, reason }, 'tester')
  expect(r.ok, JSON.stringify(r)).toBe(true)
}

const varAlerts = (s: DeskService) => s.snapshot().alerts.filter((a) => a.ruleKey === 'var')

/**
 * Writes the trail into `file` (created) and checks the desk's own view of each step on the way.
 *
 * @returns the ids and the restart's seq; the database is closed.
 */
export async function deskRestartTrail(file: string): Promise<DeskRestartIds> {
  let db = openDatabase(file)
  new ProfileStore(db).put(createProfile(DESK_HEAD.name, 'desk-head', DESK_HEAD.passphrase))
  let s = service(db)
  await runTo(s, '2020-02-24')
  const warning = varAlerts(s)[0]!
  expect(warning.state).toBe('open')
  await setVarLimit(s, 100_000, REASONS.widen)
  await runTo(s, '2020-02-25')
  expect(s.snapshot().alerts.find((a) => a.id === warning.id)?.state).toBe('resolved')
  await setVarLimit(s, 40_000, REASONS.back)
  await runTo(s, '2020-03-13')
  const live = varAlerts(s).find((a) => a.state !== 'resolved')!
  const proposed = s.snapshot().actions.find((a) => a.state === 'proposed')!
  expect(proposed.alertId).toBe(live.id)
  await s.close()
  closeDatabase(db)

  db = openDatabase(file)
  s = service(db)
  const restartSeq = (db.prepare("SELECT max(seq) AS seq FROM audit_events WHERE type = 'session.started'").get() as { seq: number }).seq
  // the same alert and proposal, under the same ids
  expect(s.snapshot().alerts.find((a) => a.id === live.id)?.state).toBe(live.state)
  expect(s.snapshot().actions.find((a) => a.id === proposed.id)?.state).toBe('proposed')
  await runTo(s, '2020-03-16')
  let decided = await s.invoke('action:approve', { actionId: proposed.id, reason: REASONS.approve }, 'tester')
  // a re-size beyond the tolerance on the day's prices asks the trader to confirm the new plan
  if (decided.ok && decided.value.state === 'resized') decided = await s.invoke('action:approve', { actionId: proposed.id, reason: REASONS.approve }, 'tester')
  expect(decided.ok && decided.value.state, JSON.stringify(decided)).toBe('applied')
  expect((await s.invoke('controls:override', { kind: 'kill', reason: REASONS.kill, confirmation: SMALL_BOOK.name }, 'tester')).ok).toBe(true)
  await runTo(s, '2020-03-17')
  const rearmed = await s.invoke('controls:override', { kind: 'rearm', reason: REASONS.rearm, deskHead: DESK_HEAD }, 'tester')
  expect(rearmed.ok && rearmed.value.armed, JSON.stringify(rearmed)).toBe(true)
  await setVarLimit(s, 200_000, REASONS.widenAgain)
  await runTo(s, '2020-03-18')
  expect(s.snapshot().alerts.find((a) => a.id === live.id)?.state).toBe('resolved')
  await setVarLimit(s, 150_000, REASONS.after)
  await runTo(s, '2020-03-19')
  await s.close()
  closeDatabase(db)
  return { resolvedBefore: warning.id, restored: live.id, action: proposed.id, restartSeq }
}
