/**
 * A large, realistic audit trail built fast, for the history query-plan test (tests/main/audit/history-plan.test.ts)
 * and the history bench (bench/history.bench.ts).
 *
 * The shape follows a desk: sessions of one trader each over consecutive market days; per day a risk snapshot and
 * feed events, now and then a rejected tick, and in stressed spells alerts as the issue-8 lifecycle writes them
 * (raised, escalated, acknowledged, noted, resolved) with actions (proposed, then approved and applied, rejected with
 * a reason, or expired), limit changes and now and then a desk head pausing the automation. Payloads carry
 * `sessionId` and `marketDate` (the typed audit events); a share of sessions writes its feed and risk rows in the
 * older shape without them, so the market-date fallback (frame date) is exercised at scale too.
 *
 * The chain is valid: every hash is computed with the real `computeEventHash` over the canonical payload. Speed
 * comes from loading like any bulk import into SQLite: one transaction, the chain trigger and the indices dropped
 * during the load and re-created afterwards from their own stored SQL (index builds sort once instead of updating
 * B-trees row by row), `synchronous = OFF` for the build only.
 */
import type { Database } from 'better-sqlite3'
import type { AlertHistoryQuery } from '../src-main/audit/alert-history'
import { canonicalJson } from '../src-main/audit/canonical-json'
import { computeEventHash, GENESIS_HASH } from '../src-main/audit/event-hash'

/** What was generated, for tests to compare query results with. */
export interface TrailStats {
  readonly events: number
  readonly alerts: number
  /** alerts per market date. */
  readonly alertsByDate: ReadonlyMap<string, number>
  readonly vetoes: number
  readonly firstDate: string
  readonly lastDate: string
  readonly head: { readonly seq: number; readonly hash: string }
}

const TRADERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']
const BOOKS = ['Macro', 'Equity L/S', 'Rates RV', 'Credit']
const RULES = ['var', 'positionLoss', 'positionWeight', 'daysToLiquidate']
const SEVERITIES = ['MEDIUM', 'HIGH', 'CRITICAL']
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'JPM', 'XOM', 'TLT', 'HYG', 'SPY']
const DAY_MS = 86_400_000
/** Feed events per market day: about 150 events a day puts 1,000,000 events over some 27 years of weekdays. */
const FILLER_PER_DAY = 140

/** Deterministic 32-bit PRNG (mulberry32), so every build is the same trail. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function nextWeekday(ms: number): number {
  let t = ms + DAY_MS
  while ([0, 6].includes(new Date(t).getUTCDay())) t += DAY_MS
  return t
}

/**
 * Append about `n` events (exactly `n`) to an empty, migrated database.
 *
 * @param db - a connection from `openDatabase` on an empty trail.
 * @param n - number of events.
 * @param seed - PRNG seed.
 * @returns what was generated.
 * @throws Error when the trail is not empty.
 */
export function buildSyntheticTrail(db: Database, n: number, seed = 1): TrailStats {
  const head0 = db.prepare<[], { seq: number }>('SELECT seq FROM chain_head WHERE id = 1').get()
  if (head0?.seq !== 0) throw new Error('buildSyntheticTrail needs an empty trail')
  const random = rng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T

  const saved = db
    .prepare<[], { type: string; name: string; sql: string }>(
      "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND ((tbl_name = 'audit_events' AND type IN ('index', 'trigger')) OR (tbl_name = 'chain_head' AND type = 'trigger'))",
    )
    .all()
  const insert = db.prepare('INSERT INTO audit_events (seq, ts, type, actor, book, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')

  let seq = 0
  let prev = GENESIS_HASH
  let wall = Date.parse('2026-01-05T08:00:00.000Z')
  let day = Date.parse('2000-01-03T00:00:00.000Z')
  let alerts = 0
  let vetoes = 0
  const alertsByDate = new Map<string, number>()
  let firstDate = ''
  let lastDate = ''

  const put = (type: string, actor: string, book: string | null, payload: unknown): void => putJson(type, actor, book, canonicalJson(payload))
  const putJson = (type: string, actor: string, book: string | null, payloadJson: string): void => {
    if (seq >= n) return
    seq += 1
    wall += 1 + Math.floor(random() * 900)
    const ts = new Date(wall).toISOString()
    const hash = computeEventHash({ seq, ts, type, actor, book, payloadJson, prevHash: prev })
    insert.run(seq, ts, type, actor, book, payloadJson, prev, hash)
    prev = hash
  }

  const build = db.transaction(() => {
    for (const s of saved) db.exec(`DROP ${s.type.toUpperCase()} "${s.name}"`)
    let session = 0
    while (seq < n) {
      session += 1
      const trader = pick(TRADERS)
      const book = pick(BOOKS)
      const typed = session % 5 !== 0 // every fifth session in the older shape (no sessionId / marketDate)
      const sessionId = `${(session * 2654435761 >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${session.toString(16).padStart(12, '0')}`
      // alert and action ids carry the session's tag, as the desk's do
      const prefix = sessionId.replace(/-/g, '').slice(0, 12)
      const env = (date: string | null): Record<string, unknown> => (typed ? { sessionId, marketDate: date } : {})
      let varLimit = 1_000_000
      put('session.started', trader, book, { ...env(null), mode: 'replay', from: '', to: '', limits: { varLimit }, excluded: [] })
      let alertNo = 0
      let actionNo = 0
      const days = 1 + Math.floor(random() * 10)
      let stressed = false
      for (let d = 0; d < days && seq < n; d++) {
        day = nextWeekday(day)
        const date = new Date(day).toISOString().slice(0, 10)
        firstDate ||= date
        lastDate = date
        if (random() < 0.15) stressed = !stressed
        const frame = { date, var: { historical: 800_000 + random() * 600_000, parametric: 0, ewma: 0 }, varLimit, breached: stressed }
        put('feed.health', 'system', book, { ...env(date), status: { health: 'active', date } })
        if (random() < 0.05) put('tick.rejected', 'system', book, { ...env(date), tick: { symbol: pick(SYMBOLS), date }, field: 'close', reason: 'price jump beyond 10 sigma' })
        put('risk.snapshot', 'system', book, { ...env(date), frame, limits: { varLimit, varMethod: 'historical' } })
        // the bulk of a live trail: intraday feed status between frames. Written from a template (members in
        // canonical order, checked against canonicalJson below) because canonicalising a million objects is most
        // of the build time.
        const envJson = typed ? `"marketDate":"${date}",` : ''
        const sidJson = typed ? `,"sessionId":"${sessionId}"` : ''
        for (let k = 0; k < FILLER_PER_DAY; k++) {
          const lag = Math.floor(random() * 900)
          const sym = pick(SYMBOLS)
          const json = `{${envJson}"note":"intraday"${sidJson},"status":{"date":"${date}","health":"active","lagMs":${lag},"lastSymbol":"${sym}"}}`
          if (seq < 3 * FILLER_PER_DAY && json !== canonicalJson({ ...env(date), note: 'intraday', status: { health: 'active', date, lastSymbol: sym, lagMs: lag } })) {
            throw new Error(`filler template is not canonical: ${json}`)
          }
          putJson('feed.health', 'system', book, json)
        }
        if (!stressed) continue
        const nAlerts = 1 + Math.floor(random() * 4)
        // alerts and their actions are lifecycle events (src-shared/domain/audit-events/lifecycle.ts), which always
        // carry the envelope: the older shape above only concerns the feed and risk rows
        const lc = { sessionId, marketDate: date }
        for (let k = 0; k < nAlerts && seq < n; k++) {
          const rule = pick(RULES)
          let severity = pick(SEVERITIES)
          const symbol = pick(SYMBOLS)
          const ruleKey = rule === 'var' ? 'var' : `${rule}:${symbol}`
          const alertId = `${prefix}A${++alertNo}`
          const alert = (state: string) => ({ ...lc, alertId, ruleKey, actor: 'system', state, severity })
          put('alert.raised', 'system', book, { ...alert('open'), label: rule === 'var' ? 'VaR (historical)' : `${symbol} ${rule}`, value: 1.2e6, limit: varLimit, notify: ['trader'], inputs: { window: 250, confidence: 0.99 } })
          alerts += 1
          alertsByDate.set(date, (alertsByDate.get(date) ?? 0) + 1)
          if (severity !== 'CRITICAL' && random() < 0.2) {
            const from = severity
            severity = severity === 'MEDIUM' ? 'HIGH' : 'CRITICAL'
            put('alert.escalated', 'system', book, { ...alert('escalated'), cause: 'metric', from, value: 1.3e6, notify: ['trader', 'desk-head'] })
          }
          if (random() < 0.6) put('alert.acknowledged', trader, book, { ...alert('acknowledged'), actor: trader })
          if (random() < 0.05) put('alert.noted', trader, book, { ...alert('acknowledged'), actor: trader, text: 'hedge with the futures desk at the close' })
          if (rule === 'var' || random() < 0.3) {
            const actionId = `${alertId}X${++actionNo}`
            const plan = { kind: 'reduce', method: 'least-turnover', legs: [{ symbol, fromQuantity: 100, toQuantity: 80, price: 100 }], varAfter: 0.9e6, esAfter: null, turnover: 2000 }
            const action = (state: string, actor = 'system') => ({ ...lc, actionId, alertId, actor, state })
            const basis = { marketDate: date, frameSeq: seq, method: 'historical', confidence: 0.99, window: 250, varBefore: 1.2e6, esBefore: null, varLimit, target: varLimit * 0.96, positions: [] }
            put('action.proposed', 'system', book, { ...action('proposed'), policy: 'propose', plan, basis, grace: null, alternative: null, downgraded: null })
            const r = random()
            if (r < 0.25) {
              const reason = pick(['hedge via index futures', 'position closes at the auction', 'client order pending', 'limit breach is a data error'])
              put('action.rejected', trader, book, { ...action('rejected', trader), reason })
              vetoes += 1
            } else if (r < 0.85) {
              put('action.approved', trader, book, { ...action('approved', trader), reason: 'reduce as proposed', plan, automatic: false })
              put('action.applied', 'system', book, { ...action('applied'), executedDate: date, fills: [], varAfter: 0.9e6, esAfter: null, limit: varLimit, withinLimit: true })
            } else put('action.expired', 'system', book, { ...action('expired'), cause: 'stale', detail: 'older than 5 market updates' })
          }
          if (random() < 0.03) {
            const after = Math.round(varLimit * 1.2)
            put('limits.changed', pick(TRADERS), book, { ...env(date), before: { varLimit }, after: { varLimit: after }, reason: 'temporary increase approved by the desk head' })
            varLimit = after
          }
          if (random() < 0.01) put('override.paused', pick(TRADERS), book, { ...lc, book, actor: 'desk-head', role: 'desk-head', reason: 'automation paused for the auction', span: { updates: 3, ms: 0 } })
          if (random() < 0.7) put('alert.resolved', 'system', book, { ...alert('resolved'), value: 0.9e6, clearBelow: 0.9 * varLimit })
        }
      }
      put('session.ended', trader, book, { ...env(lastDate), frames: days })
    }
    db.prepare('UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1').run(seq, prev)
    for (const s of saved) db.exec(s.sql)
  })
  const sync = db.pragma('synchronous', { simple: true })
  db.pragma('synchronous = OFF')
  try {
    build.immediate()
  } finally {
    db.pragma(`synchronous = ${Number(sync)}`)
  }
  return { events: seq, alerts, alertsByDate, vetoes, firstDate, lastDate, head: { seq, hash: prev } }
}

/**
 * Every history filter, one at a time and combined, with values that occur in a trail of this builder (years
 * 2000 on, the traders, books, rules and reasons above). Shared by the plan test and the bench.
 */
export const HISTORY_FILTERS: Readonly<Record<string, AlertHistoryQuery>> = {
  'no filter (first page)': {},
  'market date range': { marketFrom: '2003-03-01', marketTo: '2003-03-31' },
  'wall time range': { wallFrom: '2026-01-10', wallTo: '2026-01-20' },
  severity: { severity: 'CRITICAL' },
  rule: { rule: 'positionLoss' },
  book: { book: 'Rates RV' },
  actor: { actor: 'carol' },
  'state open': { state: 'open' },
  'state acknowledged': { state: 'acknowledged' },
  'state resolved': { state: 'resolved' },
  'one rule key': { rule: 'positionLoss:AAPL' },
  overridden: { overridden: true },
  'text in reasons': { text: 'auction' },
  combined: { marketFrom: '2002-01-01', marketTo: '2004-12-31', severity: 'HIGH', book: 'Macro', overridden: true },
  'next page': { after: '2002-06-03:1' },
}
