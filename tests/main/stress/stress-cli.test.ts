/**
 * `riskdesk stress` in-process: the library listing, the JSON shape of the issue, the HTML/CSV/XLSX reports holding
 * every scenario, hypothetical scenario files (and their field errors), and XLSX book import with the per-row report.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { readBookFileAsync } from '../../../src-main/books/book-file'
import { HISTORICAL_SCENARIOS } from '../../../src-main/stress/scenario-library'
import { REPO_ROOT } from '../../helpers/shared-data'
import { cli } from '../cli/cli-harness'

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-stress-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const FIX = join(REPO_ROOT, 'tests', 'fixtures', 'stress')
const DEMO = join(REPO_ROOT, 'assets', 'books', 'demo-desk.csv')
const IDS = HISTORICAL_SCENARIOS.map((s) => s.id)

async function writeXlsx(path: string, rows: (string | number | Date | null)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Book')
  for (const r of rows) ws.addRow(r)
  await wb.xlsx.writeFile(path)
}

describe('riskdesk stress', () => {
  it('--list prints every library scenario with its dates', async () => {
    const r = await cli('stress', '--list')
    expect(r.code).toBe(0)
    for (const s of HISTORICAL_SCENARIOS) expect(r.stdout).toContain(`${s.start}..${s.end}`)
    expect(r.stdout.trim().split('\n')).toHaveLength(IDS.length)
  })

  it('--json has the shape of the issue for every library scenario, and a hypothetical file', async () => {
    const r = await cli('stress', '--book', DEMO, '--asof', '2021-04-21', '--scenario', 'covid-2020', '--scenario', 'black-monday-1987', '--scenario', join(FIX, 'equity-crash.json'), '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.asof).toBe('2021-04-21')
    expect(doc.scenarios.map((s: { id: string }) => s.id)).toEqual(['covid-2020', 'black-monday-1987', 'equity-crash'])
    const covid = doc.scenarios[0]
    for (const k of ['id', 'name', 'kind', 'start', 'end', 'pnl', 'pnlPct', 'worstDay', 'maxDrawdown', 'positions', 'sectors']) expect(covid).toHaveProperty(k)
    expect(covid.worstDay).toEqual({ date: expect.stringMatching(/^2020-03-/), pnl: expect.any(Number) })
    for (const k of ['symbol', 'marketValue', 'pnl', 'return', 'proxied', 'proxy', 'beta']) expect(covid.positions[0]).toHaveProperty(k)
    const sum = covid.positions.reduce((a: number, p: { pnl: number }) => a + p.pnl, 0)
    expect(Math.abs(sum - covid.pnl)).toBeLessThanOrEqual(1e-9 * Math.abs(covid.pnl))
    // 1987: every position moves through a proxy and says so
    expect(doc.scenarios[1].positions.every((p: { proxied: boolean; beta: number | null }) => p.proxied && p.beta !== null)).toBe(true)
    const hyp = doc.scenarios[2]
    expect(hyp.kind).toBe('hypothetical')
    expect(hyp.extra.parametricVaR99.stressed).toBeGreaterThan(hyp.extra.parametricVaR99.base)
    expect(hyp.positions.find((p: { symbol: string }) => p.symbol === 'XOM').return).toBe(-0.35)
  })

  it('--out report.html contains every scenario, its charts and print CSS', async () => {
    const out = join(dir, 'report.html')
    const r = await cli('stress', '--book', DEMO, '--asof', '2021-04-21', '--all', '--draws', '1000', '--reverse', '1000000', '--out', out)
    expect(r.code).toBe(0)
    const html = readFileSync(out, 'utf8')
    for (const id of [...IDS, 'bootstrap-crisis', 'fhs-stressed']) expect(html).toContain(`data-scenario="${id}"`)
    expect(html).toContain('@media print')
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThan(IDS.length * 2)
    expect(html).toContain('Stressed VaR')
    expect(html).toContain('Reverse stress test')
    expect(html).not.toMatch(/<script|src="http/)
  })

  it('--out report.csv and report.xlsx hold every scenario', async () => {
    const csv = join(dir, 'report.csv')
    expect((await cli('stress', '--book', DEMO, '--out', csv)).code).toBe(0)
    const lines = readFileSync(csv, 'utf8').trim().split('\n')
    for (const id of IDS) expect(lines.some((l) => l.startsWith(`${id},`))).toBe(true)
    const xlsx = join(dir, 'report.xlsx')
    expect((await cli('stress', '--book', DEMO, '--out', xlsx)).code).toBe(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    const ids = wb.getWorksheet('Summary')!.getColumn(1).values.slice(2)
    expect(ids).toEqual(IDS)
  })

  it('--db saves the run with its inputs; --rerun runs it again from the database to the same numbers', async () => {
    const db = join(dir, 'desk.db')
    const r = await cli('stress', '--book', DEMO, '--scenario', 'covid-2020', '--scenario', join(FIX, 'equity-crash.json'), '--generated', '--draws', '1000', '--db', db, '--json')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('saved stress run 1')
    const again = await cli('stress', '--rerun', '1', '--db', db, '--json')
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ run: 1, same: true })
    const missing = await cli('stress', '--rerun', '9', '--db', db)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no saved stress run 9')
  })

  it('a bad hypothetical file is reported with the file and the field', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ id: 'x', name: 'x', shocks: [{ type: 'market', return: -0.2 }, { type: 'sector', sector: 'Energy', return: 'big' }] }))
    const r = await cli('stress', '--book', DEMO, '--scenario', bad)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${bad}: field shocks[1].return:`)
    const r2 = await cli('stress', '--book', DEMO, '--scenario', 'no-such-crisis')
    expect(r2.code).toBe(2)
    expect(r2.stderr).toContain('--scenario no-such-crisis')
  })
})

describe('XLSX books', () => {
  it('an XLSX book imports like its CSV and is stress-tested', async () => {
    const path = join(dir, 'book.xlsx')
    await writeXlsx(path, [
      ['symbol', 'quantity', 'sector', 'assetClass', 'underlying', 'optionType', 'strike', 'expiry', 'impliedVol'],
      ['AAPL', 1000, 'Information Technology', 'equity', null, null, null, null, null],
      ['XOM', -500, 'Energy', 'equity', null, null, null, null, null],
      ['AAPL-C-150', 10, null, 'option', 'AAPL', 'call', 150, new Date(Date.UTC(2021, 11, 17)), 0.3],
    ])
    const res = await readBookFileAsync(path, { knownSymbols: new Set(['AAPL', 'XOM']), asof: '2021-04-21' })
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(res.book.positions.map((p) => [p.symbol, p.quantity])).toEqual([['AAPL', 1000], ['XOM', -500], ['AAPL-C-150', 10]])
    expect(res.book.positions[2]!.option).toMatchObject({ underlying: 'AAPL', optionType: 'call', strike: 150, expiry: '2021-12-17', impliedVol: 0.3 })
    const r = await cli('stress', '--book', path, '--scenario', 'covid-2020', '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).scenarios[0].positions).toHaveLength(3)
  })

  it('a bad XLSX row is reported with its row (line) and field, as in CSV', async () => {
    const path = join(dir, 'bad-book.xlsx')
    await writeXlsx(path, [
      ['symbol', 'quantity'],
      ['AAPL', 100],
      ['MSFT', 'lots'],
      ['NOPE', 5],
    ])
    const res = await readBookFileAsync(path, { knownSymbols: new Set(['AAPL', 'MSFT']) })
    const errors = res.issues.filter((i) => i.severity === 'error')
    expect(errors.map((i) => [i.file, i.line, i.field])).toEqual([
      [path, 3, 'quantity'],
      [path, 4, 'symbol'],
    ])
    const r = await cli('stress', '--book', path)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${path}:3`)
    expect(r.stderr).toContain('quantity')
  })

  it('a file that is not a workbook is rejected with one file-level error', async () => {
    const path = join(dir, 'fake.xlsx')
    writeFileSync(path, 'symbol,quantity\nAAPL,1\n')
    const res = await readBookFileAsync(path)
    expect(res.fileRejected).toBe(true)
    expect(res.issues[0]).toMatchObject({ file: path, line: 1, severity: 'error' })
    expect(res.issues[0]!.message).toContain('not a readable XLSX workbook')
  })
})
