// Issue #12, whole processes: `riskdesk risk --method historical` and `riskdesk backtest` on a 30-name book
// (bench/books/book30.csv) from the full shared price file, against bench/python_cli_reference.py doing the same
// with pandas/NumPy, run alternating in one loop (RiskDesk risk, Python risk, RiskDesk backtest, Python backtest,
// again), so that load from other processes hits both sides alike. Also the launcher: `riskdesk --help` on the
// pinned Node, started by the system's older Node (the launcher's hop), and through `npx`.
//
// RiskDesk runs from its own build of the CLI (out/bench/app/out/main/cli.js, started by a copy of bin/riskdesk.cjs in out/bench/app/bin; same config as the app's main build, so
// out/main of other work is not touched) with a fresh price cache directory: the first call of each command parses
// the file and writes the cache (reported as "cold"), later calls read it. Wall time is measured around each
// process; CPU time (user + system, all threads) by /usr/bin/time where it exists.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

const BOOK_ASOF = '2020-12-31'
const BT_FROM = '2019-01-01'
const BT_TO = '2020-12-31'

function median(a) {
  const s = [...a].sort((x, y) => x - y)
  if (s.length === 0) return NaN
  const h = (s.length - 1) / 2
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2
}

/** Runs a command once: wall ms, CPU ms (user + sys, or null), stdout. Throws on a non-zero exit. */
function timed(cmd, args, opts) {
  const timeFile = join(opts.tmp, 'time.txt')
  const useTime = existsSync('/usr/bin/time')
  const [c, a] = useTime ? ['/usr/bin/time', ['-f', '%U %S', '-o', timeFile, cmd, ...args]] : [cmd, args]
  const t0 = performance.now()
  const r = spawnSync(c, a, { cwd: opts.cwd, env: opts.env, encoding: 'utf8', maxBuffer: 1 << 26 })
  const wall = performance.now() - t0
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`)
  let cpu = null
  if (useTime) {
    const [u, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
    cpu = (u + s) * 1000
  }
  return { wall, cpu, stdout: r.stdout }
}

function summary(samples) {
  return {
    n: samples.length,
    wallMedian: median(samples.map((s) => s.wall)),
    wallMin: Math.min(...samples.map((s) => s.wall)),
    cpuMedian: samples[0]?.cpu === null ? null : median(samples.map((s) => s.cpu)),
  }
}

/** Builds the CLI into out/bench/app (main process config only) with the real launcher beside it. */
function buildCli(root, appDir) {
  rmSync(appDir, { recursive: true, force: true })
  mkdirSync(join(appDir, 'bin'), { recursive: true })
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '-c', join(root, 'bench', 'cli.vite.config.mjs'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (r.status !== 0) throw new Error(`building the CLI for the bench failed (exit ${r.status})`)
  copyFileSync(join(root, 'bin', 'riskdesk.cjs'), join(appDir, 'bin', 'riskdesk.cjs'))
}

/**
 * @param o { root, outDir, python, pythonEnv, blas, pricesFile, quick }
 * @returns the section's JSON
 */
export function runCliVsPython(o) {
  const appDir = join(o.outDir, 'app')
  const tmp = join(o.outDir, 'cli-vs-python')
  const cacheDir = join(tmp, 'price-cache')
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  buildCli(o.root, appDir)
  const launcher = join(appDir, 'bin', 'riskdesk.cjs')
  const book = join(o.root, 'bench', 'books', 'book30.csv')
  const rdEnv = { ...process.env, RISKDESK_CACHE_DIR: cacheDir }
  const compileCache = join(tmp, 'compile-cache')
  rdEnv.RISKDESK_COMPILE_CACHE = compileCache
  const run = {
    rdRisk: () => timed(process.execPath, [launcher, 'risk', '--book', book, '--prices', o.pricesFile, '--asof', BOOK_ASOF, '--method', 'historical', '--json'], { cwd: o.root, env: rdEnv, tmp }),
    pyRisk: () => timed(o.python, [join(o.root, 'bench', 'python_cli_reference.py'), 'risk', '--book', book, '--prices', o.pricesFile, '--asof', BOOK_ASOF], { cwd: o.root, env: o.pythonEnv, tmp }),
    rdBacktest: () => timed(process.execPath, [launcher, 'backtest', '--book', book, '--prices', o.pricesFile, '--from', BT_FROM, '--to', BT_TO, '--json'], { cwd: o.root, env: rdEnv, tmp }),
    pyBacktest: () => timed(o.python, [join(o.root, 'bench', 'python_cli_reference.py'), 'backtest', '--book', book, '--prices', o.pricesFile, '--from', BT_FROM, '--to', BT_TO], { cwd: o.root, env: o.pythonEnv, tmp }),
  }
  // Cold: no price cache yet (the first RiskDesk call parses the file and writes the cache).
  const cold = { rdRisk: run.rdRisk() }
  const reps = o.quick ? 2 : 5
  const samples = { rdRisk: [], pyRisk: [], rdBacktest: [], pyBacktest: [] }
  let last = {}
  for (let k = 0; k < reps; k++) {
    for (const name of Object.keys(samples)) {
      const s = run[name]()
      samples[name].push(s)
      last[name] = s.stdout
      console.error(`  cli-vs-python ${k + 1}/${reps} ${name}: ${s.wall.toFixed(0)} ms wall, ${s.cpu?.toFixed(0) ?? '?'} ms CPU`)
    }
  }

  // Same figures on both sides (so the two processes did the same work).
  const rr = JSON.parse(last.rdRisk)
  const pr = JSON.parse(last.pyRisk)
  const rb = JSON.parse(last.rdBacktest)
  const pb = JSON.parse(last.pyBacktest)
  const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))
  const agreement = {
    riskHistoricalVaR: rel(rr.var.historical, pr.historicalVaR),
    riskHistoricalES: rel(rr.es.historical, pr.historicalES),
    riskParametricVaR: rel(rr.var.parametric, pr.normalVaR),
    backtestObservations: [rb.observations, pb.days],
    backtestExceptions: [rb.exceptions, pb.exceptions],
    backtestKupiecLR: rel(rb.kupiec.lr, pb.kupiecLR),
    backtestZone: [rb.trafficLight.zone, pb.zone],
  }

  // Launcher: --help on the pinned Node, through the older system Node (one hop), and through npx (app build).
  const help = { pinned: [], systemNode: [], npx: [], npxNode: [] }
  const sysNode = existsSync('/usr/bin/node') ? '/usr/bin/node' : null
  const sysVersion = sysNode ? spawnSync(sysNode, ['--version'], { encoding: 'utf8' }).stdout.trim() : null
  const npxAvailable = existsSync(join(o.root, 'out', 'main', 'cli.js'))
  // Which way npm's exec takes (libnpmexec): a `bin` named riskdesk in the project's own package.json makes it install
  // the project into its npx cache (Arborist) on every call; otherwise it runs node_modules/.bin/riskdesk directly.
  const rootBin = JSON.parse(readFileSync(join(o.root, 'package.json'), 'utf8')).bin
  const npxPath =
    rootBin && (typeof rootBin === 'string' || rootBin.riskdesk)
      ? 'the project installed into the npx cache (the root package.json has a bin riskdesk)'
      : existsSync(join(o.root, 'node_modules', '.bin', 'riskdesk'))
        ? 'node_modules/.bin/riskdesk, run directly (linked by the devDependency riskdesk-cli, file:bin)'
        : 'no riskdesk in node_modules/.bin: npx looks it up in the registry'
  const helpReps = o.quick ? 3 : 6
  const plainEnv = { ...process.env }
  for (let k = 0; k < helpReps; k++) {
    help.pinned.push(timed(process.execPath, [launcher, '--help'], { cwd: o.root, env: plainEnv, tmp }))
    if (sysNode) help.systemNode.push(timed(sysNode, [launcher, '--help'], { cwd: o.root, env: plainEnv, tmp }))
    if (npxAvailable) {
      help.npx.push(timed('npx', ['riskdesk', '--help'], { cwd: o.root, env: plainEnv, tmp }))
      help.npxNode.push(timed('npx', ['node', '-e', '0'], { cwd: o.root, env: plainEnv, tmp }))
    }
  }

  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)]))
  return {
    bench: 'cli-vs-python',
    book: 'bench/books/book30.csv (30 names)',
    pricesFile: o.pricesFile,
    commands: {
      risk: `riskdesk risk --book book30.csv --prices <full file> --asof ${BOOK_ASOF} --method historical --json`,
      backtest: `riskdesk backtest --book book30.csv --prices <full file> --from ${BT_FROM} --to ${BT_TO} --json`,
      python: 'python3 bench/python_cli_reference.py risk|backtest (same arguments)',
    },
    blas: o.blas,
    cold: { rdRisk: { wall: cold.rdRisk.wall, cpu: cold.rdRisk.cpu } },
    ...s,
    ratios: {
      riskWall: s.rdRisk.wallMedian / s.pyRisk.wallMedian,
      backtestWall: s.rdBacktest.wallMedian / s.pyBacktest.wallMedian,
      riskCpu: s.rdRisk.cpuMedian === null ? null : s.rdRisk.cpuMedian / s.pyRisk.cpuMedian,
      backtestCpu: s.rdBacktest.cpuMedian === null ? null : s.rdBacktest.cpuMedian / s.pyBacktest.cpuMedian,
      coldRiskWall: cold.rdRisk.wall / s.pyRisk.wallMedian,
    },
    agreement,
    help: {
      systemNodeVersion: sysVersion,
      pinned: summary(help.pinned),
      systemNode: sysNode ? summary(help.systemNode) : null,
      npx: npxAvailable ? summary(help.npx) : null,
      npxNodeNoop: npxAvailable ? summary(help.npxNode) : null,
      npxUsesAppBuild: npxAvailable ? 'out/main/cli.js (the app build; fresh in a full `npm run bench`)' : 'not measured: out/main/cli.js missing',
      npxPath,
    },
  }
}
