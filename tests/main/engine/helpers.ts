/**
 * Shared test helpers for the engine: typed loaders for the NumPy/SciPy fixtures written by
 * tests/fixtures/engine/make_engine_fixtures.py, tolerance checks, and a seeded generator for synthetic inputs.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/engine')

export interface ConfidenceExpected {
  c: number
  z: number
  historicalVaR: number
  historicalES: number
  normalVaR: number
  normalES: number
  ewmaVaR: number
  marginal: number[]
  component: number[]
}

export interface EngineCase {
  name: string
  symbols: string[]
  asof: string
  W: number
  N: number
  lambda: number
  quantities: number[]
  prices: number[]
  returns: number[]
  values: number[]
  sectors: (string | null)[]
  volumes: number[]
  volumeDays: number
  advDays: number
  costPrices: number[]
  expected: {
    scenarioPnL: number[]
    sampleCov: number[]
    ewmaCov: number[]
    sigmaV: number[]
    sigma: number
    ewmaSigma: number
    byConfidence: ConfidenceExpected[]
    net: number
    gross: number
    weights: number[]
    hhi: number
    largestWeight: number
    largestIndex: number
    sectorExposure: { sector: string; net: number; gross: number; shareOfGross: number }[]
    adv: number[]
    daysToLiquidate: Record<string, number[]>
    unrealisedPnL: number[]
  }
}

export interface StreamDay {
  asof: string
  historicalVaR: number
  historicalES: number
  sigma: number
  parametricVaR: number
  parametricES: number
  ewmaVaR: number
}

export interface EngineStream {
  symbols: string[]
  W: number
  N: number
  T: number
  c: number
  lambda: number
  quantities: number[]
  returns: number[]
  closes: number[]
  days: StreamDay[]
}

export interface EngineEdge {
  quantiles: { name: string; values: number[]; p: number[]; expected: number[] }[]
  historical: { name: string; pnl: number[]; expected: { c: number; var: number; es: number }[] }[]
  small: {
    returns: number[]
    W: number
    N: number
    values: number[]
    scenarioPnL: number[]
    sampleCov: number[]
    ewmaCov: number[]
    lambda: number
  }
  normal: { c: number; z: number; pdf: number }[]
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as T
}

export const loadCases = (): EngineCase[] => load<{ cases: EngineCase[] }>('engine_cases.json').cases
export const loadStream = (): EngineStream => load<EngineStream>('engine_stream.json')
export const loadEdge = (): EngineEdge => load<EngineEdge>('engine_edge.json')

export const f64 = (x: readonly number[]): Float64Array => Float64Array.from(x)

/**
 * |actual - expected| <= rel * max(|expected|, absScale). `absScale` is the natural size of the quantity (e.g. the
 * largest entry of a matrix), so entries that are near zero are judged against that size rather than themselves.
 */
export function expectClose(actual: number, expected: number, rel: number, absScale = 0, label = ''): void {
  const bound = rel * Math.max(Math.abs(expected), absScale)
  const err = Math.abs(actual - expected)
  if (!(err <= bound)) {
    expect.fail(`${label}: actual ${actual} vs expected ${expected}: |error| ${err} > ${bound} (rel ${rel})`)
  }
}

/** Element-wise {@link expectClose} with the same absScale for every entry; lengths must match. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  absScale = 0,
  label = '',
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) expectClose(actual[i]!, expected[i]!, rel, absScale, `${label}[${i}]`)
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!))
  return m
}

/** Mulberry32: a tiny seeded uniform generator on [0, 1) for reproducible synthetic test inputs. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** W x N synthetic returns: independent-ish uniforms in [-scale, scale] plus a common factor, row-major. */
export function syntheticReturns(W: number, N: number, seed: number, scale = 0.03): Float64Array {
  const u = seededUniform(seed)
  const R = new Float64Array(W * N)
  for (let t = 0; t < W; t++) {
    const market = (2 * u() - 1) * scale
    for (let i = 0; i < N; i++) R[t * N + i] = 0.5 * market + (2 * u() - 1) * scale
  }
  return R
}
