// The BLAS behind every NumPy figure of the bench (issue #12, "honest references"). Debian's python3-numpy links
// libblas.so.3, which is the reference BLAS unless OpenBLAS is installed and chosen by update-alternatives. The bench
// does not change the machine's alternatives: it installs libopenblas0-pthread when it is missing (as root, with
// apt-get), runs the NumPy scripts with LD_PRELOAD of OpenBLAS's libblas.so.3 in their own environment, and unsets
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE together in that environment only (they are set on some machines here for
// old OpenBLAS builds and slow a current one; /work/.library/env/README.md). bench/blas_probe.py then reports which
// library the process really mapped and, through threadpoolctl, which kernel it runs.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** OpenBLAS's pthread libblas.so.3 under /usr/lib/<triplet>/openblas-pthread/, or null. */
function findOpenBlas() {
  const dirs = existsSync('/usr/lib') ? readdirSync('/usr/lib').filter((d) => d.endsWith('-linux-gnu')) : []
  for (const d of dirs) {
    const p = join('/usr/lib', d, 'openblas-pthread', 'libblas.so.3')
    if (existsSync(p)) return p
  }
  return null
}

function aptInstall(packages) {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0
  if (install()) return true
  spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env })
  return install()
}

/**
 * The environment for the NumPy reference scripts and what they will run on.
 * @returns { env, blas } where blas = { library: 'openblas' | 'reference' | 'unknown', detail, probe, installed }
 */
export function numpyBlasEnv(python, benchDir) {
  let installed = []
  let lib = findOpenBlas()
  if (!lib && aptInstall(['libopenblas0-pthread'])) {
    installed.push('libopenblas0-pthread')
    lib = findOpenBlas()
  }
  const env = { ...process.env }
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  if (lib) env.LD_PRELOAD = lib
  const probe = () => {
    const r = spawnSync(python, [join(benchDir, 'blas_probe.py')], { env, encoding: 'utf8' })
    return r.status === 0 ? JSON.parse(r.stdout) : { error: (r.stderr || String(r.error)).trim().split('\n').pop() }
  }
  let p = probe()
  if (!p.error && p.threadpoolctl === null && aptInstall(['python3-threadpoolctl'])) {
    installed.push('python3-threadpoolctl')
    p = probe()
  }
  const blasPool = p.threadpoolctl?.find((x) => x.user_api === 'blas')
  let library = 'unknown'
  if (blasPool) library = blasPool.internal_api === 'openblas' ? 'openblas' : blasPool.internal_api
  else if (p.loaded) library = p.loaded.some((f) => f.includes('openblas')) ? 'openblas' : 'reference'
  const detail = blasPool
    ? `${blasPool.internal_api} ${blasPool.version ?? ''} (${blasPool.architecture ?? '?'} kernels, ${blasPool.threading_layer ?? '?'}), ${blasPool.filepath}`
    : (p.loaded ?? []).join(', ') || p.error || 'no BLAS library seen'
  return { env, blas: { library, detail, probe: p, installed, preload: lib } }
}
