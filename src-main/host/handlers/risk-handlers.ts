import { DeskBacktests } from '../../risk/backtest-desk'
import { DeskRiskReports } from '../desk-risk-reports'
import type { Handlers, HostContext } from './handler-context'

/** On-demand risk work on the live book: the VaR backtest and the extended risk report (Monte Carlo on the pool). */
export function riskHandlers(ctx: HostContext): Handlers<'risk:backtest' | 'risk:report'> {
  const backtests = new DeskBacktests(ctx.market, ctx.replay.from)
  const reports = new DeskRiskReports(ctx.market, ctx.pool)
  return {
    'risk:backtest': (request) => backtests.run(ctx.session().book, request),
    'risk:report': async (request) => {
      const session = ctx.session()
      const snap = session.snapshot()
      const report = await reports.run(
        {
          book: session.book,
          held: session.heldBook(),
          positions: snap.positions,
          lastFrameDate: snap.frames.at(-1)?.date ?? null,
          replayStart: ctx.replay.from,
        },
        request,
      )
      return ctx.checked('risk:report', report)
    },
  }
}
