/**
 * How the compute pool splits a Monte Carlo run into chunks of paths.
 */
import { MC_BLOCK_PATHS } from '../engine/monte-carlo'

/** A half-open range of path indices [from, to). */
export interface PathRange {
  readonly from: number
  readonly to: number
}

/**
 * Splits paths [0, paths) into `chunks` contiguous, non-empty ranges that cover every path once, in order.
 *
 * The boundaries fall on multiples of MC_BLOCK_PATHS whenever there are at least as many blocks as chunks:
 * simulatePnLChunk draws (and discards) the paths of a random sub-stream block that come before `from`, so a
 * boundary inside a block repeats up to one block of work. With more chunks than blocks the split is even and some
 * blocks are shared; the numbers are the same either way (simulatePnLChunk is split-invariant), only the cost differs.
 * @param paths - number of paths, integer >= 1
 * @param chunks - number of ranges wanted, integer >= 1; more than `paths` gives `paths` ranges of one path
 * @returns the ranges, ascending, from 0 to paths
 * @throws RangeError when paths or chunks is not a positive integer
 */
export function planChunks(paths: number, chunks: number): PathRange[] {
  if (!(Number.isInteger(paths) && paths >= 1)) throw new RangeError(`planChunks: paths must be an integer >= 1, got ${paths}`)
  if (!(Number.isInteger(chunks) && chunks >= 1)) throw new RangeError(`planChunks: chunks must be an integer >= 1, got ${chunks}`)
  const n = Math.min(chunks, paths)
  const blocks = Math.ceil(paths / MC_BLOCK_PATHS)
  const boundary =
    n <= blocks
      ? (i: number) => Math.min(paths, Math.floor((i * blocks) / n) * MC_BLOCK_PATHS)
      : (i: number) => Math.floor((i * paths) / n)
  const ranges: PathRange[] = []
  for (let i = 0; i < n; i++) ranges.push({ from: boundary(i), to: boundary(i + 1) })
  return ranges
}
