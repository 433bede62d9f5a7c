import type { ComputePool } from '../compute/compute-pool'
import { generatedResult, runGeneratedLocal } from './generated'
import type { GeneratedRunner } from './stress-run'

/**
 * Runs generated stress sets on the compute pool's workers (same numbers as on one thread: the draws are split on
 * random sub-stream blocks). Falls back to this thread for a pool without stress support (a test double).
 */
export function pooledGeneratedRunner(pool: ComputePool): GeneratedRunner {
  return async (g, book) => (g.model && pool.stressDraws ? generatedResult(g, await pool.stressDraws(g.model), book) : runGeneratedLocal(g, book))
}
