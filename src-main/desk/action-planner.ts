import type { Action } from '@shared/domain/action'
import type { Alert } from '@shared/domain/alert'
import type { Limits } from '@shared/domain/limits'
import type { IncrementalRisk } from '../engine/incremental-risk'
import { planReduction } from '../engine/reduction'
import { CLEAR_BAND } from './alert-tracker'
import type { BookState } from './book-state'
import type { RiskState } from './risk-state'
import { whatIfVaR } from './what-if'

/** An automated action aims this far under the limit, so that the alert clears (beyond the clear band) once applied. */
export const ACTION_TARGET = 1 - 2 * CLEAR_BAND
/** Automated actions never cut more than this many positions at once. */
export const ACTION_MAX_POSITIONS = 5

export type ActionDraft = Omit<Action, 'id' | 'state' | 'decidedBy' | 'reason' | 'policy' | 'autoApplyAt'>

/**
 * The seed rule's action, sized properly: cut the positions with the largest component VaR by the smallest common
 * fraction that brings the VaR (the limit's method) to ACTION_TARGET × limit; quantities are rounded to whole shares
 * away from zero and the preview is the exact VaR of that rounded book. Null when nothing contributes to VaR.
 */
export function planAction(
  alert: Alert,
  state: RiskState,
  risk: IncrementalRisk,
  book: BookState,
  limits: Limits,
  c: number,
  nowIso: string,
): { draft: ActionDraft; reachesTarget: boolean } | null {
  const method = limits.varMethod
  const varOf = whatIfVaR(risk, method, c)
  const component = Float64Array.from(state.positions, (p) => p.componentVaR)
  const target = limits.varLimit * ACTION_TARGET
  const plan = planReduction(
    component,
    target,
    (idx, f) => varOf(idx.map((i) => ({ index: i, deltaValue: -f * book.value(i) }))),
    ACTION_MAX_POSITIONS,
  )
  if (plan === null) return null
  const trades = plan.indices.map((i) => {
    const q = book.quantity[i]!
    const to = q - Math.sign(q) * Math.min(Math.abs(q), Math.ceil(Math.abs(q) * plan.fraction))
    return { i, symbol: book.symbols[i]!, fromQuantity: q, toQuantity: to, componentVaR: component[i]! }
  })
  const varAfter = varOf(trades.map((t) => ({ index: t.i, deltaValue: (t.toQuantity - t.fromQuantity) * book.price[t.i]! })))
  return {
    draft: {
      alertId: alert.id,
      kind: 'reduce',
      fraction: plan.fraction,
      trades: trades.map(({ symbol, fromQuantity, toQuantity, componentVaR }) => ({ symbol, fromQuantity, toQuantity, componentVaR })),
      varBefore: state.var[method],
      varAfterPreview: varAfter,
      limit: limits.varLimit,
      proposedAt: nowIso,
      date: state.date,
    },
    reachesTarget: plan.reachesTarget,
  }
}
