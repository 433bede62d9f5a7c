/**
 * A stress run: a prepared book against a set of historical, hypothetical and generated scenarios, plus the reverse
 * stress test and the stressed VaR when asked. Returns one report with everything needed to re-run it (book
 * snapshot, scenario definitions, data version).
 */
import type { ProxyMode } from './factor-paths'
import { prepareCrisisBootstrap, prepareFhsStressed, runGeneratedLocal, type GeneratedOptions, type PreparedGenerated } from './generated'
import { runHistorical } from './historical-run'
import { runHypothetical } from './hypothetical-run'
import { runReverseStress, type ReverseStressReport } from './reverse-stress'
import type { HypotheticalScenario } from './scenario-file'
import type { HistoricalScenarioDef } from './scenario-library'
import type { StressBook } from './stress-book'
import type { StressMarket } from './stress-market'
import type { ScenarioResult } from './stress-types'
import { runStressedVaR, type StressedVaRReport } from './stressed-var'

export interface StressRunRequest {
  readonly historical: readonly HistoricalScenarioDef[]
  readonly hypothetical: readonly HypotheticalScenario[]
  /** generated sets (block bootstrap + filtered historical); absent: none */
  readonly generated?: GeneratedOptions | null
  readonly reverseLimit?: number | null
  readonly stressedVar?: boolean
  readonly proxy?: ProxyMode
}

export interface StressReport {
  readonly asof: string
  readonly book: { readonly name: string; readonly netValue: number; readonly grossValue: number; readonly positions: number }
  readonly dataVersion: string
  readonly scenarios: ScenarioResult[]
  readonly reverse: ReverseStressReport | null
  readonly stressedVar: StressedVaRReport | { reason: string } | null
  readonly request: StressRunRequest
}

/** Runs generated sets; the pool version (compute/) has the same signature. */
export type GeneratedRunner = (g: PreparedGenerated, book: StressBook) => Promise<ScenarioResult>

/** Number of steps a request takes (for progress bars). */
export function stressSteps(req: StressRunRequest): number {
  return req.historical.length + req.hypothetical.length + (req.generated ? 2 : 0) + (req.reverseLimit ? 1 : 0) + (req.stressedVar ? 1 : 0)
}

/**
 * Runs the request.
 * @param onStep - called after each step with (done, total, label)
 */
export async function runStress(sm: StressMarket, book: StressBook, req: StressRunRequest, onStep: (done: number, total: number, label: string) => void = () => {}, generatedRunner: GeneratedRunner = async (g, b) => runGeneratedLocal(g, b)): Promise<StressReport> {
  const total = stressSteps(req)
  let done = 0
  const step = (label: string): void => onStep(++done, total, label)
  const scenarios: ScenarioResult[] = []
  for (const def of req.historical) {
    scenarios.push(runHistorical(sm, book, def, { proxy: req.proxy }))
    step(def.id)
  }
  for (const sc of req.hypothetical) {
    scenarios.push(runHypothetical(sm, book, sc))
    step(sc.id)
  }
  if (req.generated) {
    const windows = req.historical.length ? req.historical : undefined
    for (const g of [prepareCrisisBootstrap(sm, book, { ...req.generated, windows, proxy: req.proxy }), prepareFhsStressed(sm, book, req.generated)]) {
      scenarios.push(await generatedRunner(g, book))
      step(g.id)
    }
  }
  let reverse: ReverseStressReport | null = null
  if (req.reverseLimit) {
    reverse = runReverseStress(sm, book, req.reverseLimit)
    step('reverse')
  }
  let stressedVar: StressReport['stressedVar'] = null
  if (req.stressedVar) {
    stressedVar = runStressedVaR(sm, book, req.proxy)
    step('stressed-var')
  }
  return {
    asof: book.asof,
    book: { name: book.name, netValue: book.netValue, grossValue: book.grossValue, positions: book.positions.length },
    dataVersion: sm.dataVersion,
    scenarios,
    reverse,
    stressedVar,
    request: req,
  }
}
