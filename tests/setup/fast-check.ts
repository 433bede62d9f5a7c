import fc from 'fast-check'

// Property tests explore new random cases on every local run; CI runs are reproducible: there a fixed seed is used
// unless FC_SEED is given. A failing property prints its seed and counterexample either way.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI === 'true' ? 20261122 : undefined
if (seed !== undefined) fc.configureGlobal({ seed })
