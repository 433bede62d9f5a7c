import type { ChartConfiguration } from 'chart.js'
import type { StressScenarioResultView } from '@shared/domain/stress-result'
import { formatSignedMoney } from '../util/format'
import { moneyTick } from './axis-format'
import { DESK_COLORS } from './theme'

/** One bar of the sector waterfall: a floating bar from `start` to `end` (book currency). */
export interface WaterfallStep {
  readonly label: string
  readonly kind: 'sector' | 'residual' | 'total'
  /** the bar's own P&L: end − start for a sector, the scenario P&L for the total */
  readonly pnl: number
  readonly start: number
  readonly end: number
}

/** Label of the bar that holds what the sectors do not add up to (never expected: the host sums positions both ways). */
export const WATERFALL_RESIDUAL = 'Not by sector'
/** Label of the last bar. */
export const WATERFALL_TOTAL = 'Scenario total'

/**
 * Relative gap between the sectors' sum and the scenario P&L above which the gap is drawn as its own bar: the host
 * sums the same position P&Ls in another order, so only rounding (~1e-15 relative) is expected below it.
 */
export const WATERFALL_RESIDUAL_TOLERANCE = 1e-9

/**
 * The sector waterfall of one scenario as floating bars: the sectors sorted by P&L (largest loss first, ties by name),
 * each bar from the running sum before it to the running sum after it, then the total as a bar from 0 to the scenario
 * P&L. When the sectors do not add up to the scenario P&L (beyond WATERFALL_RESIDUAL_TOLERANCE of the gross sector
 * P&L), the gap is a labelled bar of its own before the total, so the running sum always ends at the scenario P&L and
 * no gap is hidden.
 * @param sectors - the scenario's `sectors` ({sector, pnl} in the book's currency), any order
 * @param total - the scenario's P&L (book currency)
 * @returns the bars in drawing order; an empty sector list gives the total bar alone
 */
export function stressWaterfallSteps(sectors: StressScenarioResultView['sectors'], total: number): WaterfallStep[] {
  const sorted = [...sectors].sort((a, b) => a.pnl - b.pnl || a.sector.localeCompare(b.sector))
  const steps: WaterfallStep[] = []
  let run = 0
  let gross = 0
  for (const s of sorted) {
    steps.push({ label: s.sector, kind: 'sector', pnl: s.pnl, start: run, end: run + s.pnl })
    run += s.pnl
    gross += Math.abs(s.pnl)
  }
  const gap = total - run
  if (Math.abs(gap) > WATERFALL_RESIDUAL_TOLERANCE * Math.max(gross, Math.abs(total), 1)) {
    steps.push({ label: WATERFALL_RESIDUAL, kind: 'residual', pnl: gap, start: run, end: total })
  } else if (steps.length > 0) {
    // rounding only: the last sector bar ends exactly where the total bar does
    const last = steps[steps.length - 1]!
    steps[steps.length - 1] = { ...last, end: total }
  }
  steps.push({ label: WATERFALL_TOTAL, kind: 'total', pnl: total, start: 0, end: total })
  return steps
}

function color(s: WaterfallStep): string {
  if (s.kind === 'total') return DESK_COLORS.historical
  if (s.kind === 'residual') return DESK_COLORS.limit
  return s.pnl < 0 ? DESK_COLORS.loss : DESK_COLORS.gain
}

/**
 * Chart.js floating-bar config of the waterfall (data as [start, end] pairs), horizontal like the scenario P&L bars:
 * losses red, gains green, a residual amber, the total blue. Static (no animation).
 * @param steps - from stressWaterfallSteps
 */
export function buildStressWaterfallConfig(steps: readonly WaterfallStep[]): ChartConfiguration<'bar', [number, number][], string> {
  return {
    type: 'bar',
    data: {
      labels: steps.map((s) => s.label),
      datasets: [
        {
          label: 'Sector P&L',
          data: steps.map((s): [number, number] => [s.start, s.end]),
          backgroundColor: steps.map(color),
          borderWidth: 0,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: 'y',
      scales: {
        x: { type: 'linear', ticks: { callback: moneyTick, maxTicksLimit: 4 } },
        y: { type: 'category', ticks: { autoSkip: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const s = steps[item.dataIndex]
              if (!s) return ''
              return s.kind === 'total' ? `Total: ${formatSignedMoney(s.pnl)}` : `${formatSignedMoney(s.pnl)} (running ${formatSignedMoney(s.end)})`
            },
          },
        },
      },
    },
  }
}
