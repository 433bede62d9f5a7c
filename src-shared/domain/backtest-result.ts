import { z } from 'zod'
import { IsoDateSchema } from './primitives'
import { methodsFor } from './risk-methods'

/** VaR methods a backtest can replay (RISK-CONVENTIONS "VaR backtesting"; each method as in the risk report). */
export const BacktestMethodSchema = z.enum(methodsFor('backtest'))
export type BacktestMethod = z.infer<typeof BacktestMethodSchema>

const LikelihoodRatio = z.object({ lr: z.number().nonnegative(), pValue: z.number().min(0).max(1) })

/**
 * An out-of-sample VaR backtest of one book with one method (RISK-CONVENTIONS "VaR backtesting"): quantities fixed,
 * day t valued at the close of t − 1, VaR_t from the W returns ending on t − 1, exception when L_t < −VaR_t.
 * Money in the book's currency; VaR positive (a loss), P&L signed. What `riskdesk backtest --json` prints.
 */
export const BacktestResultSchema = z.object({
  book: z.string(),
  method: BacktestMethodSchema,
  /** first and last backtest day actually used (market dates) */
  from: IsoDateSchema,
  to: IsoDateSchema,
  window: z.number().int(),
  confidence: z.number(),
  /** EWMA decay (ewma, filteredHistorical), else null */
  lambda: z.number().nullable(),
  /** Student-t degrees of freedom (studentT), else null */
  nu: z.number().nullable(),
  observations: z.number().int(),
  exceptions: z.number().int(),
  /** n (1 − c) */
  expectedExceptions: z.number(),
  exceptionDates: z.array(IsoDateSchema),
  /** one row per backtest day: the VaR forecast for that day and the realised P&L */
  series: z.array(z.object({ date: IsoDateSchema, var: z.number(), pnl: z.number() })),
  /** Kupiec (1995) proportion of failures, chi2(1) */
  kupiec: LikelihoodRatio,
  /** Christoffersen (1998) independence, chi2(1), with the transition counts of the exception indicator */
  christoffersen: z.object({
    lrInd: z.number().nonnegative(),
    pValue: z.number().min(0).max(1),
    n00: z.number().int(),
    n01: z.number().int(),
    n10: z.number().int(),
    n11: z.number().int(),
  }),
  /** LR_POF + LR_ind, chi2(2) */
  conditionalCoverage: LikelihoodRatio,
  /** Basel (1996) zone for n observations at c: green 0..greenMax, yellow greenMax+1..yellowMax, red above */
  trafficLight: z.object({
    zone: z.enum(['green', 'yellow', 'red']),
    greenMax: z.number().int(),
    yellowMax: z.number().int(),
    /** P(X <= exceptions), X ~ Bin(n, 1 − c) */
    cumulativeProbability: z.number().min(0).max(1),
  }),
  /** instruments in the backtest, book order */
  symbols: z.array(z.string()),
  /** instruments excluded at the start (and therefore throughout), with the reason */
  excluded: z.array(z.object({ symbol: z.string(), reason: z.string() })),
  /** carried-forward prices and vendor flags over the first window and the backtest days */
  dataQuality: z.array(
    z.object({ symbol: z.string(), filledDays: z.number().int(), flags: z.array(z.object({ date: z.string(), issue: z.string() })) }),
  ),
})
export type BacktestResult = z.infer<typeof BacktestResultSchema>
