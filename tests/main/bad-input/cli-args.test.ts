import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_BOOK, DEMO_LIMITS } from '../desk/desk-fixture'
import { cli } from '../cli/cli-harness'
import { expectUserMessage, INTERNAL_NAMES } from './corpus'

/**
 * Bad command lines, each refused with one `riskdesk: ...` line (plus indented report lines for a bad file) that names
 * the argument or the file, line and field, exit 2 for usage and 1 for a bad file or unusable data. An audit database
 * written by an earlier good run sits in the working directory of every case: byte for byte, it stays as it was.
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-bad-cli-'))
const dbDir = join(dir, 'db')
mkdirSync(dbDir)
const DB = join(dbDir, 'desk.db')
const file = (name: string, text: string): string => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const BOOK = file('two.csv', 'symbol,quantity\nAAPL,100\nMSFT,50\n')
const BAD_BOOK = file('bad.csv', 'symbol,quantity\nAAPL,abc\n')
const HUGE_BOOK = file('huge.csv', 'symbol,quantity\nAAPL,1e300\n')
const BAD_LIMITS = file('bad.limits.json', JSON.stringify({ ...JSON.parse(readFileSync(DEMO_LIMITS, 'utf8')), varLimit: -1 }, null, 2))
const BAD_FLAGS = file('flags.csv', 'date,symbol,issue\n2020-02-30,AAPL,spike\n')
const BAD_SECTORS = file('sectors.csv', 'symbol\nAAPL\n')
const R = ['--from', '2020-03-02', '--to', '2020-03-04']

interface CliCase {
  readonly argv: readonly string[]
  readonly code: 1 | 2
  readonly message: RegExp
}
const c = (code: 1 | 2, message: RegExp, ...argv: string[]): CliCase => ({ argv, code, message })

const CASES: readonly CliCase[] = [
  c(2, /required option '--book <file>' not specified/, 'risk'),
  c(2, /unknown option '--bogus'/, 'risk', '--book', BOOK, '--bogus'),
  c(2, /unknown command 'frobnicate'/, 'frobnicate'),
  c(2, /'--window <n>' argument 'abc' is invalid\. expected an integer from 2 to 100000/, 'risk', '--book', BOOK, '--window', 'abc'),
  c(2, /'--window <n>' argument '1' is invalid/, 'risk', '--book', BOOK, '--window', '1'),
  c(2, /'--window <n>' argument '1000000' is invalid/, 'risk', '--book', BOOK, '--window', '1000000'),
  c(2, /'--confidence <c>' argument '99' is invalid\. expected a confidence in \(0\.5, 1\)/, 'risk', '--book', BOOK, '--confidence', '99'),
  c(2, /'--confidence <c>' argument '0\.5' is invalid/, 'risk', '--book', BOOK, '--confidence', '0.5'),
  c(2, /'--confidence <c>' argument 'high' is invalid/, 'risk', '--book', BOOK, '--confidence', 'high'),
  c(2, /'--method <m>' argument 'garch' is invalid\. expected one of historical/, 'risk', '--book', BOOK, '--method', 'garch'),
  c(2, /'--horizon <h>' argument '3' is invalid\. expected a horizon of 1, 5, 10 days/, 'risk', '--book', BOOK, '--horizon', '3'),
  c(2, /--horizon 10 is longer than --window 5/, 'risk', '--book', BOOK, '--horizon', '10', '--window', '5'),
  c(2, /'--paths <n>' argument '10' is invalid/, 'risk', '--book', BOOK, '--paths', '10'),
  c(2, /'--paths <n>' argument '1e9' is invalid/, 'risk', '--book', BOOK, '--paths', '1e9'),
  c(2, /'--seed <n>' argument '-1' is invalid/, 'risk', '--book', BOOK, '--seed', '-1'),
  c(2, /'--seed <n>' argument '1\.5' is invalid/, 'risk', '--book', BOOK, '--seed', '1.5'),
  c(2, /'--nu <nu>' argument '2' is invalid\. expected degrees of freedom in \(2, 1000\]/, 'risk', '--book', BOOK, '--nu', '2'),
  c(2, /'--nu <nu>' argument 'abc' is invalid/, 'risk', '--book', BOOK, '--nu', 'abc'),
  c(2, /'--mc-dist <d>' argument 'cauchy' is invalid/, 'risk', '--book', BOOK, '--mc-dist', 'cauchy'),
  c(2, /'--asof <date>' argument '2021-02-30' is invalid\. "2021-02-30" is not a calendar date/, 'risk', '--book', BOOK, '--asof', '2021-02-30'),
  c(2, /'--asof <date>' argument '2021-2-3' is invalid\. expected a date YYYY-MM-DD/, 'risk', '--book', BOOK, '--asof', '2021-2-3'),
  c(2, /'--asof <date>' argument 'yesterday' is invalid/, 'risk', '--book', BOOK, '--asof', 'yesterday'),
  c(2, /--asof 2030-01-01 is outside the available data: the bundled price data run from 2005-01-03 to 2021-04-21/, 'risk', '--book', BOOK, '--asof', '2030-01-01'),
  c(1, /missing\.csv/, 'risk', '--book', join(dir, 'missing.csv')),
  c(1, /bad\.csv has 1 rejected row\(s\) of 1\n {2}.*bad\.csv:2: quantity: error: quantity "abc" is not a number/, 'risk', '--book', BAD_BOOK),
  c(1, /huge\.csv:2: quantity: error: quantity 1e\+300 is outside the sane range/, 'risk', '--book', HUGE_BOOK),
  c(1, /flags\.csv:2: field date: "2020-02-30" is not a date/, 'risk', '--book', BOOK, '--prices', join(import.meta.dirname, '../../../assets/data/prices_daily.csv.gz'), '--flags', BAD_FLAGS),
  c(1, /sectors\.csv:1: field gics_sector: missing required column "gics_sector"/, 'risk', '--book', BOOK, '--prices', join(import.meta.dirname, '../../../assets/data/prices_daily.csv.gz'), '--sectors', BAD_SECTORS),
  c(2, /--from 2020-03-01 is after --to 2020-02-01/, 'backtest', '--book', BOOK, '--from', '2020-03-01', '--to', '2020-02-01'),
  c(2, /'--from <date>' argument '2021-02-30' is invalid/, 'backtest', '--book', BOOK, '--from', '2021-02-30', '--to', '2021-03-31'),
  c(2, /--to 2030-01-01 is outside the available data/, 'backtest', '--book', BOOK, '--from', '2021-01-04', '--to', '2030-01-01'),
  c(2, /'--method <name>' argument 'garch' is invalid/, 'backtest', '--book', BOOK, '--from', '2021-01-04', '--to', '2021-03-31', '--method', 'garch'),
  c(2, /'--nu <df>' argument '1' is invalid/, 'backtest', '--book', BOOK, '--from', '2021-01-04', '--to', '2021-03-31', '--nu', '1'),
  c(2, /required option '--from <date>' not specified/, 'backtest', '--book', BOOK, '--to', '2021-03-31'),
  c(2, /'--from <date>' argument '2021-02-30' is invalid/, 'replay', '--book', DEMO_BOOK, '--db', DB, '--from', '2021-02-30', '--to', '2021-03-31'),
  c(2, /--from 2020-03-04 is after --to 2020-03-02/, 'replay', '--book', DEMO_BOOK, '--db', DB, '--from', '2020-03-04', '--to', '2020-03-02'),
  c(2, /'--speed <n\|max>' argument '-3' is invalid/, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--speed', '-3'),
  c(2, /--approve-all and --reject-all exclude each other/, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--approve-all', '--reject-all', 'a reason'),
  c(2, /--reject-all needs a reason of at least 3 characters/, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--reject-all', 'no'),
  c(2, /--policy must be propose or auto, got "yolo"/, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--policy', 'yolo'),
  c(2, /--feed must be replay or simulated, got "live"/, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--feed', 'live'),
  c(2, /--seed must be an integer in \[0, 4294967295\], got "-1"/, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--seed', '-1'),
  c(1, /bad\.limits\.json:\d+: \$\.varLimit: /, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--limits', BAD_LIMITS),
  c(2, /limits file .*missing\.limits\.json not found/, 'replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--limits', join(dir, 'missing.limits.json')),
  c(1, /bad\.csv:2: quantity: error: quantity "abc" is not a number/, 'replay', '--book', BAD_BOOK, '--db', DB, ...R, '--limits', DEMO_LIMITS),
  c(1, /huge\.csv:2: quantity: error: .*outside the sane range/, 'replay', '--book', HUGE_BOOK, '--db', DB, ...R, '--limits', DEMO_LIMITS),
  c(2, /--format must be csv, json/, 'audit', 'export', '--db', DB, '--format', 'xml'),
  c(2, /'--from <date>' argument '2021-02-30' is invalid/, 'audit', 'export', '--db', DB, '--from', '2021-02-30', '--format', 'json'),
  c(2, /unknown command 'bogus'/, 'audit', 'bogus'),
  c(2, /--port must be 0\.\.65535, got "70000"/, 'web', '--port', '70000', '--db', DB),
  c(2, /--from 2030-01-01 is outside the available data/, 'web', '--from', '2030-01-01', '--to', '2030-02-01', '--db', DB),
  c(2, /'--to <date>' argument '2021-02-30' is invalid/, 'web', '--to', '2021-02-30', '--db', DB),
]

/** SHA-256 of every file in the database directory (the database and any -wal/-shm beside it). */
function dbState(): string {
  return readdirSync(dbDir)
    .sort()
    .map((f) => `${f} ${createHash('sha256').update(readFileSync(join(dbDir, f))).digest('hex')}`)
    .join('\n')
}

describe(`bad command lines: ${CASES.length} cases`, () => {
  let before: string
  beforeAll(async () => {
    const good = await cli('replay', '--book', DEMO_BOOK, '--db', DB, ...R, '--approve-all')
    expect(good.code, good.stderr).toBe(0)
    before = dbState()
    expect(before).toMatch(/desk\.db [0-9a-f]{64}/)
  })

  it('the internal-name list the corpus checks against is the real one', () => {
    for (const name of ['historicalVaRES', 'fitGpd', 'forecastAccuracy', 'loadPriceFiles', 'parseBookText']) expect(INTERNAL_NAMES.has(name), name).toBe(true)
  })

  it.each(CASES.map((x) => ({ ...x, title: x.argv.map((a) => a.replace(dir, '').replace(DEMO_BOOK, 'demo-desk.csv').replace(DEMO_LIMITS, 'demo-desk.limits.json')).join(' ') })))(
    '$title',
    async (x) => {
      const r = await cli(...x.argv)
      expect(r.code, r.stderr).toBe(x.code)
      expect(r.stderr).toMatch(x.message)
      const lines = r.stderr.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^riskdesk: /)
      expect(lines.slice(1).every((l) => l.startsWith('  ')), r.stderr).toBe(true)
      expectUserMessage(r.stderr)
      expect(r.stdout).toBe('')
      expect(dbState()).toBe(before)
    },
  )
})
