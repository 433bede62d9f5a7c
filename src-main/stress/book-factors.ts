/**
 * A stress book reduced to its risk factors: distinct factors (instruments, option underlyings), the linear exposure
 * on each, and the option positions packed for the engine (engine/stress-bootstrap.ts OPTION_FIELDS).
 */
import { OPTION_FIELDS } from '../engine/stress-bootstrap'
import type { StressBook } from './stress-book'

export interface BookFactors {
  readonly factors: readonly string[]
  /** sector of each factor (the first position's on it) */
  readonly sectors: readonly (string | null)[]
  readonly exposure: Float64Array
  readonly options: Float64Array
  /** dollar delta and dollar gamma per factor (∂V/∂r, ∂²V/∂r²) for delta-gamma daily P&L */
  readonly positionsOnFactor: readonly (readonly number[])[]
}

/** Packs a book's factors; `keep` filters positions (default all). */
export function bookFactors(book: StressBook, keep: (symbol: string) => boolean = () => true): BookFactors {
  const index = new Map<string, number>()
  const factors: string[] = []
  const sectors: (string | null)[] = []
  const positionsOnFactor: number[][] = []
  book.positions.forEach((p, k) => {
    if (!keep(p.symbol)) return
    let i = index.get(p.factor)
    if (i === undefined) {
      i = factors.length
      index.set(p.factor, i)
      factors.push(p.factor)
      sectors.push(p.sector)
      positionsOnFactor.push([])
    }
    positionsOnFactor[i]!.push(k)
  })
  const exposure = new Float64Array(factors.length)
  const opts: number[] = []
  book.positions.forEach((p) => {
    if (!keep(p.symbol)) return
    const i = index.get(p.factor)!
    if (!p.option) {
      exposure[i] = exposure[i]! + p.marketValue
      return
    }
    const x = p.option.input
    opts.push(i, p.units, x.spot, x.strike, x.expiry, x.rate, x.dividendYield, x.vol, x.type === 'call' ? 1 : 0, p.option.price)
  })
  if (opts.length % OPTION_FIELDS !== 0) throw new Error('bookFactors: option packing out of step')
  return { factors, sectors, exposure, options: Float64Array.from(opts), positionsOnFactor }
}
