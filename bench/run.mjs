// `npm run bench` (after the app build): builds bench/*.bench.ts into out/bench/, runs each benchmark in its own
// Node process (so one's garbage and JIT state cannot slow another), runs the NumPy references on the matrices the
// full-recompute, historical-var and monte-carlo benches exported, then writes bench/results/latest.json and prints
// a summary.
// Options: --quick (few repetitions; a smoke run, not for publishing), --only=name[,name] (subset; names below).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { numpyBlasEnv } from './blas.mjs'
import { runCliVsPython } from './cli-vs-python.mjs'

const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(BENCH_DIR, '..')
const OUT = join(ROOT, 'out', 'bench')
const RESULTS = join(BENCH_DIR, 'results')
const PYTHON = '/usr/bin/python3'
const PRICES_FILE = resolve(process.env.RISKDESK_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data'), 'sp500-daily-equities', 'prices_daily.csv.gz')
const BENCHES = ['load-prices', 'full-recompute', 'incremental', 'tick-to-alert', 'desk-loop', 'replay', 'historical-var', 'monte-carlo', 'browser', 'stress', 'feed-pacing', 'history', 'pg-sync']
const REFERENCES = ['numpy', 'numpy-hist', 'numpy-mc', 'numpy-stress']
// Whole-process benches, run by this script itself (issue #12): RiskDesk's CLI against a pandas/NumPy script.
const PROCESS_BENCHES = ['cli-vs-python']
// Benches whose process is not one busy thread: monte-carlo runs worker threads (its CPU share exceeds 1), browser
// mostly waits for the desk process and Chromium. Their CPU share says nothing about waiting for a core.
// desk-loop waits for a child process (peak memory) and a pool worker; its own share before the child is cpuShareLoop.
const MULTI_PROCESS = new Set(['monte-carlo', 'browser', 'cli-vs-python', 'stress', 'pg-sync', 'desk-loop'])

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const onlyArg = argv.find((a) => a.startsWith('--only='))
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : null
const unknown = only?.filter((n) => !BENCHES.includes(n) && !REFERENCES.includes(n) && !PROCESS_BENCHES.includes(n)) ?? []
if (unknown.length > 0) {
  console.error(`bench: unknown name(s) ${unknown.join(', ')}; known: ${[...BENCHES, ...REFERENCES, ...PROCESS_BENCHES].join(', ')}`)
  process.exit(2)
}
const wanted = (name) => only === null || only.includes(name)

const started = Date.now()
const meta = {
  date: new Date().toISOString(),
  node: process.versions.node,
  v8: process.versions.v8,
  platform: `${process.platform} ${process.arch}`,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  cpus: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadAverageAtStart: loadavg(),
  quick,
  secondsPerStep: {},
}

function step(name, fn) {
  const t0 = Date.now()
  console.error(`bench: ${name}`)
  const out = fn()
  meta.secondsPerStep[name] = (Date.now() - t0) / 1000
  return out
}

const t0 = Date.now()
console.error('bench: building bench/*.bench.ts -> out/bench/')
await build({ configFile: join(BENCH_DIR, 'vite.config.mts') })
meta.secondsPerStep.build = (Date.now() - t0) / 1000

const results = {}
for (const name of BENCHES.filter(wanted)) {
  results[name] = step(name, () => {
    const file = join(OUT, 'results', `${name}.json`)
    const r = spawnSync(process.execPath, [join(OUT, `${name}.bench.cjs`), file, ...(quick ? ['--quick'] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    if (r.status !== 0) throw new Error(`bench ${name} failed (exit ${r.status ?? r.signal})`)
    return JSON.parse(readFileSync(file, 'utf8'))
  })
}

// Every NumPy figure runs on OpenBLAS (installed when missing, preloaded in the scripts' own environment, with
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset there only) and says which BLAS it used: bench/blas.mjs.
const needsPython = [...REFERENCES, ...PROCESS_BENCHES].some(wanted)
const { env: pythonEnv, blas } = needsPython ? step('BLAS check for the NumPy references', () => numpyBlasEnv(PYTHON, BENCH_DIR)) : { env: process.env, blas: null }
meta.blas = blas
if (blas) console.error(`bench: NumPy runs on ${blas.library}: ${blas.detail}`)

const numpy = {}
if (wanted('numpy') && existsSync(join(OUT, 'matrices'))) {
  for (const [label, threads] of [['default', undefined], ['oneThread', '1']]) {
    numpy[label] = step(`numpy reference (OPENBLAS_NUM_THREADS=${threads ?? 'default'})`, () => {
      const env = { ...pythonEnv }
      if (threads === undefined) delete env.OPENBLAS_NUM_THREADS
      else env.OPENBLAS_NUM_THREADS = threads
      const r = spawnSync(PYTHON, [join(BENCH_DIR, 'numpy_reference.py'), join(OUT, 'matrices')], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 24 })
      if (r.status !== 0) {
        console.error(r.stderr || r.error?.message)
        return { error: `numpy_reference.py failed (exit ${r.status ?? r.error?.message})` }
      }
      return JSON.parse(r.stdout)
    })
  }
}

/** Runs a NumPy reference script on a matrices directory; its JSON output, or { error } when it fails. */
function runPython(script, dir, threads) {
  const env = { ...pythonEnv }
  if (threads === undefined) delete env.OPENBLAS_NUM_THREADS
  else env.OPENBLAS_NUM_THREADS = threads
  const r = spawnSync(PYTHON, [join(BENCH_DIR, script), dir], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0) {
    console.error(r.stderr || r.error?.message)
    return { error: `${script} failed (exit ${r.status ?? r.error?.message})` }
  }
  return JSON.parse(r.stdout)
}

// Issue #4 references. Historical VaR: like numpy_reference.py, with OpenBLAS's default threads and with one.
// Monte Carlo: one BLAS thread; the script itself times 1 and 2 Python threads (the explicit parallelism).
const numpyHist = {}
if (wanted('numpy-hist') && existsSync(join(OUT, 'hist-matrices'))) {
  for (const [label, threads] of [['default', undefined], ['oneThread', '1']]) {
    numpyHist[label] = step(`numpy historical VaR reference (OPENBLAS_NUM_THREADS=${threads ?? 'default'})`, () =>
      runPython('numpy_hist_reference.py', join(OUT, 'hist-matrices'), threads),
    )
  }
}
const numpyMc =
  wanted('numpy-mc') && existsSync(join(OUT, 'mc-matrices'))
    ? step('numpy Monte Carlo reference (OPENBLAS_NUM_THREADS=1; 1 and 2 Python threads)', () => runPython('numpy_mc_reference.py', join(OUT, 'mc-matrices'), '1'))
    : null

// Issue #9 reference: the stress library and 10,000 bootstrap draws in NumPy on the matrices stress.bench exported.
const numpyStress =
  wanted('numpy-stress') && existsSync(join(OUT, 'stress-matrices'))
    ? step('numpy stress reference (library + 10,000 bootstrap draws, OPENBLAS_NUM_THREADS=1)', () => runPython('numpy_stress_reference.py', join(OUT, 'stress-matrices'), '1'))
    : null
const st = results.stress
const issue9 =
  st && numpyStress?.batch
    ? { library: st.library.median / numpyStress.library.median, draws: st.drawsSingle.median / numpyStress.draws.median, batchPool2VsNumpy: st.batchPool2.median / numpyStress.batch.median }
    : null

// JS / NumPy ratios of the medians, for the whole recompute and per step (> 1: NumPy is faster).
const ratios = {}
const full = results['full-recompute']
for (const [label, ref] of Object.entries(numpy)) {
  if (!full || !ref.cases) continue
  for (const [id, c] of Object.entries(full.cases)) {
    const n = ref.cases[id]
    if (!n) continue
    ratios[id] ??= {}
    ratios[id][label] = {
      engineTotal: c.engine.total.median / n.total.median,
      computeRiskReportVsNumpyEngine: c.computeRiskReport.median / n.total.median,
      steps: Object.fromEntries(Object.entries(c.engine.steps).map(([s, st]) => [s, st.median / n.steps[s].median])),
    }
  }
}

// Issue #4 ratios, JS median / NumPy median (> 1: NumPy is faster).
const hist = results['historical-var']
const mc = results['monte-carlo']
const issue4 = {}
if (hist && !numpyHist.oneThread?.error && numpyHist.oneThread) {
  issue4.historicalVaR = Object.fromEntries(
    Object.entries(numpyHist)
      .filter(([, ref]) => ref.total)
      .map(([label, ref]) => [
        label,
        {
          total: hist.total.median / ref.total.median,
          steps: Object.fromEntries(Object.entries(hist.steps).map(([s, st]) => [s, st.median / ref.steps[s].median])),
        },
      ]),
  )
}
if (mc && numpyMc?.threads1) {
  issue4.monteCarlo = {
    prepare: mc.prepare.warm.median / numpyMc.prepare.warm.median,
    singleVsNumpy1: mc.variants.single.total.median / numpyMc.threads1.total.median,
    pool2VsNumpy2: mc.variants.pool2.total.median / numpyMc.threads2.total.median,
    pool2VsNumpy1: mc.variants.pool2.total.median / numpyMc.threads1.total.median,
    pool2Speedup: mc.variants.single.total.median / mc.variants.pool2.total.median,
    numpy2Speedup: numpyMc.threads1.total.median / numpyMc.threads2.total.median,
  }
}

if (wanted('cli-vs-python')) {
  results['cli-vs-python'] = step('cli-vs-python (RiskDesk CLI vs pandas/NumPy, whole processes, alternating)', () =>
    runCliVsPython({ root: ROOT, outDir: OUT, python: PYTHON, pythonEnv, blas, pricesFile: PRICES_FILE, quick }),
  )
}

meta.loadAverageAtEnd = loadavg()
meta.totalSeconds = (Date.now() - started) / 1000
mkdirSync(RESULTS, { recursive: true })
const latest = join(RESULTS, 'latest.json')
writeFileSync(latest, `${JSON.stringify({ meta, results, numpy, ratios, numpyHist, numpyMc, issue4, numpyStress, issue9 }, null, 2)}\n`)

// ---- summary ----
const fmt = (ms) => (ms === undefined || Number.isNaN(ms) ? '-' : ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : ms < 100 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`)
const x = (r) => (r === undefined ? '-' : `${r.toFixed(1)}x`)
function table(title, head, rows) {
  const all = [head, ...rows]
  const widths = head.map((_, j) => Math.max(...all.map((r) => String(r[j]).length)))
  console.log(`\n${title}`)
  for (const [k, r] of all.entries()) {
    console.log(`  ${r.map((c, j) => (j === 0 ? String(c).padEnd(widths[j]) : String(c).padStart(widths[j]))).join('  ')}`)
    if (k === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  }
}
const ids = ['n500_w250', 'n1000_w2520']
const head = ['', 'N=500 W=250', 'N=1000 W=2520']
const np1 = numpy.default?.cases ?? {}
const npOne = numpy.oneThread?.cases ?? {}

console.log(`\nRiskDesk benchmarks${quick ? ' (QUICK: few repetitions, not for publishing)' : ''}`)
console.log(`  Node ${meta.node}, ${meta.cpus} x ${meta.cpuModel}, load average at start ${meta.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`)
if (numpy.default?.numpy) console.log(`  NumPy ${numpy.default.numpy} (Python ${numpy.default.python}), BLAS ${JSON.stringify(numpy.default.blas?.libraries ?? '?')}`)

if (full) {
  const rows = [
    ['computeRiskReport (median)', ...ids.map((id) => fmt(full.cases[id]?.computeRiskReport.median))],
    ['engine total (median)', ...ids.map((id) => fmt(full.cases[id]?.engine.total.median))],
    ...Object.keys(full.cases[ids[0]]?.engine.steps ?? {}).map((s) => [`  ${s}`, ...ids.map((id) => fmt(full.cases[id]?.engine.steps[s].median))]),
    ['NumPy total, default threads', ...ids.map((id) => fmt(np1[id]?.total.median))],
    ['NumPy total, 1 thread', ...ids.map((id) => fmt(npOne[id]?.total.median))],
    ['JS engine / NumPy (default)', ...ids.map((id) => x(ratios[id]?.default?.engineTotal))],
    ['JS engine / NumPy (1 thread)', ...ids.map((id) => x(ratios[id]?.oneThread?.engineTotal))],
    ...Object.keys(full.cases[ids[0]]?.engine.steps ?? {}).map((s) => [`  ${s} / NumPy (1 thread)`, ...ids.map((id) => x(ratios[id]?.oneThread?.steps[s]))]),
    ['runs (JS)', ...ids.map((id) => String(full.cases[id]?.engine.total.n ?? '-'))],
  ]
  table('1. Full recompute', head, rows)
  const worst = Math.max(...Object.values(np1).flatMap((c) => Object.values(c.relDiffVsJs ?? {})))
  if (Number.isFinite(worst)) console.log(`  JS and NumPy figures agree to a relative ${worst.toExponential(1)} (VaR, ES, sigma, EWMA sigma)`)
}
const inc = results.incremental
if (inc) {
  table('2. Incremental (IncrementalRisk)', head, [
    ['tick: setValue + snapshot, median', ...ids.map((id) => fmt(inc.cases[id]?.tick.median))],
    ['tick p99', ...ids.map((id) => fmt(inc.cases[id]?.tick.p99))],
    ['tick max (incl. periodic resync)', ...ids.map((id) => fmt(inc.cases[id]?.tick.max))],
    ['rollDay median', ...ids.map((id) => fmt(inc.cases[id]?.rollDay.median))],
    ['rollDay p99', ...ids.map((id) => fmt(inc.cases[id]?.rollDay.p99))],
    ['resync (every W rolls) median', ...ids.map((id) => fmt(inc.cases[id]?.resync.median))],
    ['construction', ...ids.map((id) => fmt(inc.cases[id]?.constructMs))],
  ])
  console.log(`  over ${inc.ticks} ticks on random positions after ${inc.warmupTicks} warm-up ticks`)
}
const tta = results['tick-to-alert']
if (tta) {
  table('3. Tick-to-alert incl. audit write (DeskSession + AuditLog, WAL, synchronous=FULL)', head, [
    ['applyDay -> alert listener, median', ...ids.map((id) => fmt(tta.cases[id]?.tickToAlert.median))],
    ['p99', ...ids.map((id) => fmt(tta.cases[id]?.tickToAlert.p99))],
    ['  of which audit transaction, median', ...ids.map((id) => fmt(tta.cases[id]?.auditInFrame.median))],
    ['audit append, alert frame, median', ...ids.map((id) => fmt(tta.cases[id]?.auditAppend.alertFrame.median))],
    ['audit append, alert frame, p99', ...ids.map((id) => fmt(tta.cases[id]?.auditAppend.alertFrame.p99))],
    ['audit append, one event, median', ...ids.map((id) => fmt(tta.cases[id]?.auditAppend.oneEventFrame.median))],
    ['audit append, one event, p99', ...ids.map((id) => fmt(tta.cases[id]?.auditAppend.oneEventFrame.p99))],
    ['runs (fresh sessions)', ...ids.map((id) => String(tta.cases[id]?.tickToAlert.n ?? '-'))],
  ])
}
const lp = results['load-prices']
if (lp) {
  console.log(`\n4. loadPriceFiles, full file (${lp.rows.toLocaleString('en-US')} rows, ${lp.symbols} symbols)`)
  console.log(`  first load in a fresh process ${fmt(lp.cold)}; median of ${lp.all.n} ${fmt(lp.all.median)} (min ${fmt(lp.all.min)})`)
  if (lp.cache) {
    console.log(`  price cache: first load (parse + write) ${fmt(lp.cache.firstLoadWritesCache)}; hit, all symbols ${fmt(lp.cache.hitAllSymbols.median)}; hit, 30-name book ${fmt(lp.cache.hitBook30.median)}`)
  }
}
if (hist) {
  const r = issue4.historicalVaR ?? {}
  table(`5. Historical VaR/ES, N=${hist.N} W=${hist.W} (scenario P&L + type 7 quantile + tail mean)`, ['', 'JS', 'NumPy 1 thread', 'NumPy default', 'JS / NumPy 1 thr'], [
    ['total, median', fmt(hist.total.median), fmt(numpyHist.oneThread?.total?.median), fmt(numpyHist.default?.total?.median), x(r.oneThread?.total)],
    ...Object.keys(hist.steps).map((s) => [
      `  ${s}`,
      fmt(hist.steps[s].median),
      fmt(numpyHist.oneThread?.steps?.[s]?.median),
      fmt(numpyHist.default?.steps?.[s]?.median),
      x(r.oneThread?.steps?.[s]),
    ]),
    ['p99', fmt(hist.total.p99), fmt(numpyHist.oneThread?.total?.p99), fmt(numpyHist.default?.total?.p99), ''],
  ])
  const diff = numpyHist.oneThread?.relDiffVsJs
  if (diff) console.log(`  over ${hist.total.n} runs; NumPy and JS VaR/ES agree to a relative ${Math.max(diff.var, diff.es).toExponential(1)}`)
}
if (mc) {
  const v = mc.variants
  const r = issue4.monteCarlo ?? {}
  table(`6. Monte Carlo VaR/ES, ${mc.paths.toLocaleString('en-US')} paths x ${mc.N} instruments`, ['', 'JS', 'cores', 'loop stall', 'NumPy', 'JS / NumPy'], [
    ['prepare (eig + clip + Cholesky)', fmt(mc.prepare.warm.median), '1', '', fmt(numpyMc?.prepare?.warm?.median), x(r.prepare)],
    ['single thread: simulate + summarize', fmt(v.single.total.median), v.single.coresMedian.toFixed(2), fmt(v.single.stallMsMedian), fmt(numpyMc?.threads1?.total?.median), x(r.singleVsNumpy1)],
    ['pool, 2 threads', fmt(v.pool2.total.median), v.pool2.coresMedian.toFixed(2), fmt(v.pool2.stallMsMedian), fmt(numpyMc?.threads2?.total?.median), x(r.pool2VsNumpy2)],
    ['pool, 1 thread', fmt(v.pool1.total.median), v.pool1.coresMedian.toFixed(2), fmt(v.pool1.stallMsMedian), '', ''],
  ])
  console.log(`  2-thread speed-up: JS pool ${x(r.pool2Speedup)}, NumPy ${x(r.numpy2Speedup)}; runs: JS ${v.single.total.n}, NumPy ${numpyMc?.threads1?.total?.n ?? '-'}`)
  if (numpyMc?.checks) {
    const c = numpyMc.checks
    console.log(`  VaR vs analytic z*sigma, in standard errors: JS ${c.jsVarVsAnalyticInSE.toFixed(2)}, NumPy ${c.numpyVarVsAnalyticInSE.toFixed(2)}; ES: JS ${c.jsEsVsAnalyticInSE.toFixed(2)}, NumPy ${c.numpyEsVsAnalyticInSE.toFixed(2)}`)
  }
}
const br = results.browser
if (br?.median) {
  const m = br.median
  table(`7. Browser mode (riskdesk web --speed max, replay ${br.replay.from}..${br.replay.to}, Chromium ${br.chromium}), median of ${br.runs.length}`, ['', 'value'], [
    ['navigation -> desk loaded', fmt(m.loadedMs)],
    ['navigation -> first painted VaR line', fmt(m.firstVarPaintMs)],
    ['  Play -> first painted VaR line', fmt(m.playToFirstVarPaintMs)],
    ['replay duration', fmt(m.replayMs)],
    ['frames per second over the replay', m.fps.toFixed(1)],
    ['  first half / second half', `${m.fpsFirstHalf.toFixed(1)} / ${m.fpsSecondHalf.toFixed(1)}`],
    ['longest frame', fmt(m.longestFrameMs)],
    [`frames longer than ${br.longFrameMs} ms`, `${(100 * m.longFrameShare).toFixed(1)} %`],
    ['VaR chart redraws per second', m.chartRedrawsPerSecond.toFixed(1)],
  ])
} else if (br?.skipped) console.log(`\n7. Browser mode: skipped (${br.skipped})`)

const dlr = results['desk-loop']
if (dlr) {
  const s1 = dlr.sessionStart?.n1000_w2520
  const s2 = dlr.sessionStart?.n2000_w2520
  const d = dlr.oneDay
  console.log(`\nDesk loop (issue #12): session start 1,000 x 2,520 ${fmt(s1?.sessionConstruct?.median)} (off-thread: desk thread ${fmt(s1?.offThread?.deskThread?.median)}, wall ${fmt(s1?.offThread?.wall?.median)}); 2,000 x 2,520 ${fmt(s2?.sessionConstruct?.median)}`)
  console.log(`  one day: roll + risk state + monitors ${fmt(d?.dayRollPlusMonitors?.total?.median)} (p99 ${fmt(d?.dayRollPlusMonitors?.total?.p99)}); applyDay compute p99 ${fmt(d?.applyDayCompute?.p99)}; durable write p99 ${fmt(d?.durableWrite?.ms?.p99)}`)
  console.log(`  peak memory of a 2,000 x 2,520 desk: ${Math.round(dlr.peakMemory?.maxRssMB ?? NaN)} MB`)
}
const rpl = results.replay
if (rpl) console.log(`\nriskdesk replay --speed max, demo book 2008-2009 with --db: ${Math.round(rpl.daysPerSecond.median)} days/s wall, ${Math.round(rpl.daysPerCpuSecond.median)} per CPU second; command ${fmt(rpl.commandMs.median)}`)
const fp = results['feed-pacing']
if (fp) console.log(`\nFeedRunner at --speed max with days that cost nothing: ${fp.daysPerSecond.median.toFixed(0)} days/s (median of ${fp.daysPerSecond.n} replays of ${fp.days} days)`)
const cvp = results['cli-vs-python']
if (cvp) {
  const r = cvp.ratios
  table(`8. Whole processes, 30-name book from the full price file (RiskDesk CLI vs pandas/NumPy on ${cvp.blas?.library ?? '?'}), alternating, median of ${cvp.rdRisk.n}`, ['', 'RiskDesk', 'Python', 'RiskDesk / Python'], [
    ['risk --method historical, wall', fmt(cvp.rdRisk.wallMedian), fmt(cvp.pyRisk.wallMedian), x(r.riskWall)],
    ['  CPU (user + sys)', fmt(cvp.rdRisk.cpuMedian ?? undefined), fmt(cvp.pyRisk.cpuMedian ?? undefined), x(r.riskCpu ?? undefined)],
    ['  first call (price cache written), wall', fmt(cvp.cold.rdRisk.wall), '', x(r.coldRiskWall)],
    ['backtest, wall', fmt(cvp.rdBacktest.wallMedian), fmt(cvp.pyBacktest.wallMedian), x(r.backtestWall)],
    ['  CPU (user + sys)', fmt(cvp.rdBacktest.cpuMedian ?? undefined), fmt(cvp.pyBacktest.cpuMedian ?? undefined), x(r.backtestCpu ?? undefined)],
  ])
  const a = cvp.agreement
  console.log(`  same figures: historical VaR rel. diff ${a.riskHistoricalVaR.toExponential(1)}, ES ${a.riskHistoricalES.toExponential(1)}; backtest exceptions ${a.backtestExceptions.join(' / ')}, zone ${a.backtestZone.join(' / ')}`)
  const h = cvp.help
  console.log(`  riskdesk --help: pinned Node ${fmt(h.pinned.wallMedian)}; via ${h.systemNodeVersion ?? 'no system node'} ${fmt(h.systemNode?.wallMedian)}; npx ${fmt(h.npx?.wallMedian)} (npx node -e 0 alone ${fmt(h.npxNodeNoop?.wallMedian)})`)
}

if (st) {
  table(`9. Stress batch: ${st.positions} positions (${st.factors} factors), ${st.scenarios} historical scenarios + ${st.draws.toLocaleString('en-US')} generated draws, median of ${st.library.n}`, ['', 'JS', 'NumPy', 'JS / NumPy'], [
    ['prepare (valuation)', fmt(st.prepare.median), '', ''],
    ['historical library (paths, proxies, drawdowns)', fmt(st.library.median), fmt(numpyStress?.library?.median), x(issue9?.library)],
    ['generated: crisis-day pool', fmt(st.generatedPrepare.median), '', ''],
    ['generated: draws, single thread', fmt(st.drawsSingle.median), fmt(numpyStress?.draws?.median), x(issue9?.draws)],
    ['generated: draws, pool 2 threads', fmt(st.drawsPool2.median), '', ''],
    ['batch: library + pool + draws on 2 threads', fmt(st.batchPool2.median), fmt(numpyStress?.batch?.median), x(issue9?.batchPool2VsNumpy)],
  ])
  if (numpyStress?.checks) console.log(`  library totals, JS vs NumPy: max rel. diff ${numpyStress.checks.libraryTotalsMaxRelDiff.toExponential(1)}`)
  const c = st.cpuMs
  console.log(`  CPU time (all threads; robust to other load): library + pool ${fmt(c.libraryAndGeneratedPrepare.median)}, draws single ${fmt(c.drawsSingle.median)}, draws on the pool ${fmt(c.drawsPool2AllThreads.median)}, batch ${fmt(c.batchAllThreads.median)}`)
}

// pg-sync (issue #11): replication throughput and the desk-wide history on PostgreSQL (the server is its own process).
const pgs = results['pg-sync']
if (pgs?.skipped) console.log(`\nPostgreSQL replication: skipped (${pgs.skipped})`)
else if (pgs) {
  console.log(`\nPostgreSQL replication (${pgs.postgres}): ${pgs.events.toLocaleString('en-US')} events synced at ${Math.round(pgs.sync.eventsPerSecond).toLocaleString('en-US')} events/s`)
  for (const [size, b] of Object.entries(pgs.batchSizes)) console.log(`  batch ${size}: ${Math.round(b.eventsPerSecond)} events/s checked, x${b.checkedOverUnchecked.toFixed(2)} the unchecked insert`)
  table(`Desk-wide history on ${pgs.history.rows.toLocaleString('en-US')} rows (page of 100, target < ${pgs.history.targetMs} ms)`, ['filter', 'alerts', 'median', 'p99'], Object.entries(pgs.history.pagesOf100).map(([n, c]) => [n, String(c.alerts), fmt(c.median), fmt(c.p99)]))
}

const shares = BENCHES.filter((b) => results[b] && !MULTI_PROCESS.has(b)).map((b) => `${b} ${results[b].cpuShare.toFixed(2)}`)
console.log(`\nCPU share of each bench process (1.00 = it never waited for a core): ${shares.join(', ')}`)
if (meta.loadAverageAtStart[0] > meta.cpus) {
  console.log(`WARNING: load average ${meta.loadAverageAtStart[0].toFixed(1)} > ${meta.cpus} cores at start: other work shared the CPUs; times are inflated and p99s noisy.`)
}
console.log(`\nWrote ${latest} in ${meta.totalSeconds.toFixed(0)} s; load average at end ${meta.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}`)
