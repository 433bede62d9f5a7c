import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { afterAll, describe, expect, it } from 'vitest'
import { VIX_BAND_EDGES, vixBand, vixReading } from '../../../src-main/desk/vix-bands'
import { loadVix, vixOn } from '../../../src-main/market/vix-loader'
import { ASSETS, bundledMarket } from './desk-fixture'
import { REFERENCE } from './monitor-reference'
import { sharedData } from '../../helpers/shared-data'

const BUNDLED = join(ASSETS, 'data', 'vix_daily.csv')
const shared = sharedData({ vix: 'multi-asset-daily/vix_daily.csv' })
const tmp = mkdtempSync(join(tmpdir(), 'riskdesk-vix-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(tmp, name)
  writeFileSync(path, text)
  return path
}

describe('VIX history', () => {
  shared.it('the bundled file holds the shared source’s closes for 2005-01-03..2021-04-21 (read independently with papaparse)', () => {
    const vix = loadVix(BUNDLED)
    const source = Papa.parse<{ date: string; close: string }>(readFileSync(shared.paths.vix, 'utf8'), { header: true, skipEmptyLines: true }).data
    const inRange = source.filter((r) => r.date >= '2005-01-03' && r.date <= '2021-04-21')
    expect(vix.dates).toEqual(inRange.map((r) => r.date))
    expect(Array.from(vix.close)).toEqual(inRange.map((r) => Number(r.close)))
    // the desk reads a VIX for every bundled trading day
    expect(vix.dates).toEqual(bundledMarket().store.get('SPY')!.dates)
  })

  it('looks a date up exactly (no carry-forward) and matches the reference days', () => {
    const vix = loadVix(BUNDLED)
    for (const c of REFERENCE.cases) for (const d of c.days) expect(vixOn(vix, d.date)).toBe(d.vix)
    expect(vixOn(vix, '2020-03-14')).toBeNull() // a Saturday
    expect(vixOn(vix, '1999-01-04')).toBeNull()
    expect(vixReading(null, '2020-03-16')).toBeNull()
    expect(vixReading(vix, '2020-03-15')).toBeNull()
  })

  it('names file, line and field of malformed input', () => {
    expect(() => loadVix(file('nocol.csv', 'date,open\n2020-01-02,1\n'))).toThrow(/nocol\.csv:1: field close: missing required column "close"/)
    expect(() => loadVix(file('date.csv', 'date,close\n2020-01-02,12\n2020-13-01,13\n'))).toThrow(/date\.csv:3: field date: "2020-13-01" is not a date/)
    expect(() => loadVix(file('order.csv', 'date,close\n2020-01-03,12\n2020-01-02,13\n'))).toThrow(
      /order\.csv:3: field date: 2020-01-02 is not after 2020-01-03 \(line 2\)/,
    )
    expect(() => loadVix(file('dup.csv', 'date,close\n2020-01-03,12\n2020-01-03,13\n'))).toThrow(/dup\.csv:3: field date/)
    expect(() => loadVix(file('neg.csv', 'date,close\n2020-01-02,-1\n'))).toThrow(/neg\.csv:2: field close: "-1" is not a positive number/)
    expect(() => loadVix(file('nan.csv', 'date,close\n2020-01-02,\n'))).toThrow(/nan\.csv:2: field close/)
    expect(() => loadVix(file('short.csv', 'date,open,close\n2020-01-02,1\n'))).toThrow(/short\.csv:2: the row has 2 fields/)
    expect(loadVix(file('order2.csv', 'close,date\n12.5,2020-01-02\n\n13,2020-01-03\n'))).toEqual({ dates: ['2020-01-02', '2020-01-03'], close: Float64Array.from([12.5, 13]) })
  })
})

describe('VIX bands (RISK-CONVENTIONS "Desk conventions": low < 15 <= normal < 20 <= elevated < 30 <= stressed)', () => {
  it('puts each edge in the band above it', () => {
    expect(VIX_BAND_EDGES).toEqual(REFERENCE.vixEdges)
    expect(vixBand(9.14)).toBe('low')
    expect(vixBand(14.99)).toBe('low')
    expect(vixBand(15)).toBe('normal')
    expect(vixBand(19.99)).toBe('normal')
    expect(vixBand(20)).toBe('elevated')
    expect(vixBand(29.99)).toBe('elevated')
    expect(vixBand(30)).toBe('stressed')
    expect(vixBand(82.69)).toBe('stressed')
    expect(() => vixBand(0)).toThrow(RangeError)
    expect(() => vixBand(Number.NaN)).toThrow(RangeError)
  })
})
