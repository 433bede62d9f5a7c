/**
 * Seeded pseudo-random numbers for reproducible benchmark books and tick sequences: mulberry32 (Tommy Ettinger's
 * 32-bit generator, public domain). Statistical quality is ample for picking symbols and quantities; it is not used
 * for any risk figure.
 */
export type Rng = () => number

/**
 * @param seed any integer; the same seed gives the same sequence.
 * @returns a function giving uniform numbers in [0, 1).
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Uniform integer in [0, n). */
export function randomIndex(rng: Rng, n: number): number {
  return Math.floor(rng() * n)
}

/** Fisher–Yates shuffle of a copy of `items`. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = items.slice()
  for (let k = a.length - 1; k > 0; k--) {
    const j = randomIndex(rng, k + 1)
    const x = a[k] as T
    a[k] = a[j] as T
    a[j] = x
  }
  return a
}
