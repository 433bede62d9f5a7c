import { existsSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT, SHARED_DATA_DIR, sharedData } from '../../helpers/shared-data'

/** The gate of every test that reads ../shared/data (tests/helpers/shared-data.ts). */
describe('sharedData', () => {
  it('resolves paths under ../shared/data beside the repository (or RISKDESK_SHARED_DATA)', () => {
    const expected = process.env.RISKDESK_SHARED_DATA ?? join(REPO_ROOT, '..', 'shared', 'data')
    expect(SHARED_DATA_DIR).toBe(resolve(expected))
    expect(sharedData({ f: 'a/b.csv' }).paths.f).toBe(join(SHARED_DATA_DIR, 'a', 'b.csv'))
  })

  it('a missing path makes the set unavailable with a one-line reason naming it', () => {
    const s = sharedData({ ok: '.', gone: 'no-such-dir/prices.csv', gone2: 'also-missing.csv' })
    expect(s.available).toBe(false)
    expect(s.missing).toEqual(existsSync(SHARED_DATA_DIR) ? ['no-such-dir/prices.csv', 'also-missing.csv'] : ['.', 'no-such-dir/prices.csv', 'also-missing.csv'])
    const first = join(SHARED_DATA_DIR, s.missing[0]!)
    expect(s.reason).toBe(`shared data missing: ${relative(REPO_ROOT, first)} not found at ${first} (and ${s.missing.length - 1} more)`)
    expect(s.reason).not.toContain('\n')
  })

  it('an empty set is available, with no reason', () => {
    const s = sharedData({})
    expect([s.available, s.reason, s.missing]).toEqual([true, '', []])
  })
})
