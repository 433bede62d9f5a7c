import { methodLabel } from '@shared/domain/risk-methods'
import type { WhatIfResult } from '@shared/domain/what-if'
import { DEFAULT_CONFIDENCE, DEFAULT_WINDOW } from '../../risk/risk-report'
import { runWhatIfTrade, type Breach, type WhatIfOutcome } from '../../risk/what-if-trade'
import { reportAsOf } from '../desk-risk-reports'
import type { Handlers, HostContext } from './handler-context'

/**
 * Pre-trade what-if on the desk (`desk:whatif`): the trades applied to the book the desk holds now
 * (DeskSession.heldBook: live quantities after applied actions and splits) at the desk's last market date (the newest
 * frame's, as `risk:report`), with the session's limits and its controls; every figure from
 * src-main/risk/what-if-trade.ts, the code behind `riskdesk whatif`. Window and confidence are the risk report's
 * defaults (W = 250, c = 0.99), as `risk:report` uses them.
 * Errors: a trade the desk cannot price comes back as a failed request whose message names the trade's symbol.
 */
export function whatIfHandlers(ctx: HostContext): Handlers<'desk:whatif'> {
  return {
    'desk:whatif': ({ trades }) => {
      const session = ctx.session()
      const asof = reportAsOf(session.snapshot().frames.at(-1)?.date ?? null, ctx.replay.from)
      const controls = session.controls()
      const outcome = runWhatIfTrade({
        book: session.heldBook(),
        trades,
        market: ctx.market,
        asof,
        window: DEFAULT_WINDOW,
        confidence: DEFAULT_CONFIDENCE,
        limits: session.limits,
        controls,
      })
      return ctx.checked('desk:whatif', whatIfView(outcome, controls.reduceOnly !== null))
    },
  }
}

/** "VaR (Historical)", "MSFT loss", "MSFT weight", "MSFT days to liquidate" */
function breachLabel(b: Breach, method: WhatIfOutcome['varMethod']): string {
  if (b.limit === 'var') return `VaR (${methodLabel(method)})`
  const what = b.limit === 'positionLoss' ? 'loss' : b.limit === 'positionWeight' ? 'weight' : 'days to liquidate'
  return `${b.symbol ?? ''} ${what}`.trim()
}

/** The contract's view of a what-if outcome (src-shared/domain/what-if.ts). */
export function whatIfView(o: WhatIfOutcome, reduceOnly: boolean): WhatIfResult {
  const figures = (r: WhatIfOutcome['before']) => ({
    var: { historical: r.var.historical, parametric: r.var.parametric, ewma: r.var.ewma },
    es: { historical: r.es.historical, parametric: r.es.parametric },
    net: r.marketValue.net,
    gross: r.marketValue.gross,
  })
  const compBefore = new Map(o.before.positions.map((p) => [p.symbol, p.componentVaR]))
  const compAfter = new Map((o.after?.positions ?? []).map((p) => [p.symbol, p.componentVaR]))
  const symbols = [...new Set([...compBefore.keys(), ...compAfter.keys()])]
  const fresh = new Set((o.newBreaches ?? []).map((b) => b.key))
  return {
    book: o.before.book,
    asof: o.before.asof,
    window: o.before.window,
    confidence: o.before.confidence,
    varMethod: o.varMethod,
    legs: o.legs.map((l) => ({ symbol: l.symbol, fromQuantity: l.fromQuantity, toQuantity: l.toQuantity, quantity: l.quantity, price: l.price, notional: l.notional })),
    before: figures(o.before),
    after: o.after === null ? { var: { historical: 0, parametric: 0, ewma: 0 }, es: { historical: 0, parametric: 0 }, net: 0, gross: 0 } : figures(o.after),
    afterFlat: o.after === null,
    components: symbols.map((symbol) => ({ symbol, before: compBefore.get(symbol) ?? null, after: compAfter.get(symbol) ?? null })),
    breaches: (o.breachesAfter ?? []).map((b) => ({ key: b.key, kind: b.limit, symbol: b.symbol, label: breachLabel(b, o.varMethod), value: b.value, limit: b.threshold, isNew: fresh.has(b.key) })),
    reduceOnly,
    refused: o.check === null || o.check.allowed ? null : { reason: o.check.reason },
    excluded: o.before.excluded.map((e) => ({ symbol: e.symbol, reason: e.reason })),
  }
}
