import { readFileSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeSchemas, type InvokeChannel } from '@shared/api/contract'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { LimitsFileError, parseLimitsText } from '../../../src-main/books/limits-file'
import { DeskService } from '../../../src-main/host/desk-service'
import { bundledMarket, DEMO_LIMITS, limits, SMALL_BOOK } from '../desk/desk-fixture'
import { dumpDatabase, expectUserMessage } from './corpus'

/**
 * Bad limits files (file, line, JSONPath named) and bad IPC payloads through the contract's zod schemas and the desk
 * service (channel and field named, code bad_request). After every refusal the desk's limits and its database (audit
 * trail and saved books) are what they were.
 */
const VALID = JSON.parse(readFileSync(DEMO_LIMITS, 'utf8')) as Record<string, unknown>
const pretty = (o: unknown): string => `${JSON.stringify(o, null, 2)}\n`
/** The line of `key` in pretty(VALID with patch): 1-based, `{` is line 1. */
function lineOf(text: string, key: string): number {
  return text.split('\n').findIndex((l) => l.trimStart().startsWith(`"${key}"`)) + 1
}

interface LimitsCase {
  readonly name: string
  readonly text: string
  readonly line: number | undefined
  readonly path: string
  readonly message: RegExp
  /** the object to send through limits:update (absent when the text is not JSON of an object) */
  readonly object?: unknown
}
function patch(name: string, key: string, value: unknown, message: RegExp): LimitsCase {
  const object = { ...VALID, [key]: value }
  const text = pretty(object)
  return { name, text, line: lineOf(text, key), path: `$.${key}`, message, object }
}
function without(name: string, key: string): LimitsCase {
  const object = { ...VALID }
  delete object[key]
  return { name, text: pretty(object), line: undefined, path: `$.${key}`, message: /required field is missing/, object }
}

const LIMITS_CASES: readonly LimitsCase[] = [
  { name: 'empty file', text: '', line: 1, path: '$', message: /file is empty/ },
  { name: 'trailing comma', text: '{\n  "varLimit": 310000,\n}\n', line: 3, path: '$', message: /invalid JSON/ },
  { name: 'not JSON', text: 'varLimit = 310000\n', line: 1, path: '$', message: /invalid JSON/ },
  { name: 'an array', text: '[310000]\n', line: 1, path: '$', message: /expected object/i, object: [310000] },
  { name: 'null', text: 'null\n', line: 1, path: '$', message: /expected object/i, object: null },
  without('varLimit missing', 'varLimit'),
  without('maxLossPerPosition missing', 'maxLossPerPosition'),
  patch('varLimit negative', 'varLimit', -1, />0/),
  patch('varLimit zero', 'varLimit', 0, />0/),
  patch('varLimit a string', 'varLimit', '310000', /expected number, received string/),
  patch('varLimit null', 'varLimit', null, /expected number/),
  patch('varMethod unknown', 'varMethod', 'garch', /expected one of "historical"\|"parametric"\|"ewma"/),
  patch('maxPositionWeight above 1', 'maxPositionWeight', 1.5, /<=1/),
  patch('maxPositionWeight zero', 'maxPositionWeight', 0, />0/),
  patch('maxDaysToLiquidate negative', 'maxDaysToLiquidate', -2, />0/),
  patch('policy unknown', 'policy', 'yolo', /expected one of "propose"\|"auto"/),
  patch('graceSeconds negative', 'graceSeconds', -1, />=0/),
  patch('risingUpdates zero', 'risingUpdates', 0, />=1/),
  patch('risingUpdates fractional', 'risingUpdates', 2.5, /expected int/),
  patch('risingUpdates 100', 'risingUpdates', 100, /<=50/),
  patch('unknown key', 'varLimt', 310000, /unknown key \(not a limits field\)/),
  patch('high-volatility limit above the limit', 'highVolatilityVarLimit', 400000, /must not exceed varLimit/),
]

let db: Database
let service: DeskService
let before: string
let limitsBefore: unknown

beforeAll(() => {
  db = openDatabase(':memory:')
  service = new DeskService({
    market: bundledMarket(),
    db,
    user: 'tester',
    replay: { from: '2020-02-24', to: '2020-03-31', speed: 'max', autoplay: false },
    initial: { book: SMALL_BOOK, limits: limits(), sourceFile: 'small.csv' },
  })
  before = dumpDatabase(db)
  limitsBefore = service.snapshot().limits
})

afterAll(async () => {
  await service.close()
  closeDatabase(db)
})

function unchanged(): void {
  expect(dumpDatabase(db)).toBe(before)
  expect(service.snapshot().limits).toEqual(limitsBefore)
}

describe(`bad limits files: ${LIMITS_CASES.length} cases, each also sent to limits:update when it is JSON`, () => {
  it.each(LIMITS_CASES)('$name', async (c) => {
    let error: unknown
    try {
      parseLimitsText(c.text, 'desk.limits.json')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LimitsFileError)
    const problems = (error as LimitsFileError).problems
    const hit = problems.find((p) => p.path === c.path && p.line === c.line && c.message.test(p.message))
    expect(hit, JSON.stringify(problems)).toBeDefined()
    expect((error as Error).message).toMatch(/^invalid limits file 'desk\.limits\.json':\n {2}desk\.limits\.json/)
    expectUserMessage((error as Error).message)
    if (!('object' in c)) return
    const r = await service.handle('limits:update', { limits: c.object, reason: 'tighten for the test' }, 'tester')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('bad_request')
    expect(r.error.message.startsWith('limits:update: limits')).toBe(true)
    // the field is the path (limits.varLimit: ...), or named in the message of an unknown key (limits: ... "varLimt")
    if (c.path !== '$') expect(r.error.message).toMatch(new RegExp(`limits\\.${c.path.slice(2)}: |"${c.path.slice(2)}"`))
    expectUserMessage(r.error.message)
    unchanged()
  })
})

interface IpcCase {
  readonly channel: InvokeChannel
  readonly payload: unknown
  /** the field the message must name (`channel: field: ...`), or null for the request as a whole */
  readonly field: string | null
}
const ipc = (channel: InvokeChannel, payload: unknown, field: string | null): IpcCase => ({ channel, payload, field })

const IPC_CASES: readonly IpcCase[] = [
  ipc('limits:update', { limits: VALID, reason: '' }, 'reason'),
  ipc('limits:update', { limits: VALID, reason: '  ' }, 'reason'),
  ipc('limits:update', { limits: VALID }, 'reason'),
  ipc('limits:update', { limits: VALID, reason: 'x'.repeat(600) }, 'reason'),
  ipc('limits:update', { limits: VALID, reason: 'fine reason', extra: 1 }, null),
  ipc('action:approve', { actionId: 5 }, 'actionId'),
  ipc('action:approve', { actionId: '' }, 'actionId'),
  ipc('action:approve', { actionId: 'X1', reason: 'x'.repeat(501) }, 'reason'),
  ipc('action:reject', { actionId: 'X1', reason: ' ' }, 'reason'),
  ipc('action:reject', { actionId: 'X1' }, 'reason'),
  ipc('alert:acknowledge', { alertId: 'A'.repeat(1000) }, 'alertId'),
  ipc('alert:acknowledge', {}, 'alertId'),
  ipc('feed:speed', { speed: -1 }, 'speed'),
  ipc('feed:speed', { speed: 'fast' }, 'speed'),
  ipc('feed:speed', { speed: 1e9 }, 'speed'),
  ipc('feed:play', { now: true }, null),
  ipc('book:import', { fileName: '', content: 'symbol,quantity\nAAPL,1\n', save: true }, 'fileName'),
  ipc('book:import', { fileName: 'desk.csv', content: 'x'.repeat(5_000_001), save: true }, 'content'),
  ipc('book:import', { fileName: 'desk.csv', content: 'symbol,quantity\nAAPL,1\n', save: 'yes' }, 'save'),
  ipc('book:import', { fileName: 'x'.repeat(300), content: 'symbol,quantity\nAAPL,1\n', save: true }, 'fileName'),
  ipc('book:open', { name: '' }, 'name'),
  ipc('book:open', { name: 'n'.repeat(201) }, 'name'),
  ipc('audit:query', { from: '02/03/2020' }, 'from'),
  ipc('audit:query', { limit: 0 }, 'limit'),
  ipc('audit:query', { limit: 1e6 }, 'limit'),
  ipc('audit:query', { type: 't'.repeat(65) }, 'type'),
  ipc('risk:backtest', { method: 'garch' }, 'method'),
  ipc('risk:backtest', { from: 'yesterday' }, 'from'),
  ipc('risk:report', { horizon: 3 }, 'horizon'),
  ipc('risk:report', { paths: 10 }, 'paths'),
  ipc('risk:report', { nu: 1 }, 'nu'),
  ipc('risk:report', { seed: -1 }, 'seed'),
  ipc('risk:report', { method: 'garch' }, 'method'),
]

describe(`bad IPC payloads: ${IPC_CASES.length} cases through the contract schemas and the desk service`, () => {
  it.each(IPC_CASES.map((x) => ({ ...x, title: `${x.channel} ${JSON.stringify(x.payload).slice(0, 80)}` })))('$title', async (c) => {
    expect(invokeSchemas[c.channel].req.safeParse(c.payload).success).toBe(false)
    const r = await service.handle(c.channel, c.payload, 'mallory')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('bad_request')
    expect(r.error.message.startsWith(`${c.channel}: ${c.field === null ? '' : `${c.field}: `}`), r.error.message).toBe(true)
    expectUserMessage(r.error.message)
    unchanged()
  })
})
