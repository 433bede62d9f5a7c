// Loads the JSON reference values written by tests/fixtures/engine-ext/make_*.py (the tests never run Python).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const FIXTURE_DIR = resolve(import.meta.dirname, '../../fixtures/engine-ext')

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(FIXTURE_DIR, name), 'utf8')) as T
}

/** |actual − expected| <= rel · max(|expected|, floor): relative error with an absolute floor near zero. */
export function relErr(actual: number, expected: number, floor = 1e-300): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor)
}
