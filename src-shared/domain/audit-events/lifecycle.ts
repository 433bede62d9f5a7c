import { z } from 'zod'
import { ActionPlanSchema, ExpiryCauseSchema, FillSchema, SizingBasisSchema, SpanSchema } from '../action'
import { IdSchema, IsoDateSchema, ReasonSchema } from '../primitives'
import { deskEvent } from './envelope'

/**
 * Payload schemas of the issue-8 lifecycles (src-main/desk/lifecycle/action-lifecycle.ts, alert-lifecycle.ts) and of
 * the overrides (src-main/desk/overrides.ts). Each mirrors the event the pure state machine returns, plus the envelope.
 */

const Severity = z.enum(['MEDIUM', 'HIGH', 'CRITICAL'])
const Actor = z.string().min(1).max(64)
const Money = z.number().finite()
const Role = z.enum(['trader', 'desk-head'])
const PlanDrift = z.object({ structureChanged: z.boolean(), maxLegChange: z.number().nonnegative(), varAfterChange: z.number().nonnegative(), beyondTolerance: z.boolean() }).strict()
const ActionState = z.enum(['proposed', 'resized', 'approved', 'modified', 'rejected', 'applied', 'expired'])
const action = <S extends z.ZodRawShape>(shape: S) => deskEvent({ actionId: IdSchema, alertId: IdSchema, actor: Actor, state: ActionState, ...shape })

const AlertState = z.enum(['open', 'escalated', 'acknowledged', 'resolved'])
const Recipients = z.array(z.enum(['trader', 'desk-head'])).min(1)
const alert = <S extends z.ZodRawShape>(shape: S) => deskEvent({ alertId: IdSchema, ruleKey: z.string().min(1).max(100), actor: Actor, state: AlertState, severity: Severity, ...shape })

/** Action and alert lifecycle events. */
export const lifecycleEvents = {
  'action.proposed': action({
    policy: z.enum(['propose', 'auto']),
    plan: ActionPlanSchema,
    basis: SizingBasisSchema,
    grace: SpanSchema.nullable(),
    /** the pro-rata reduction beside a least-turnover reduce */
    alternative: z.object({ method: z.literal('pro-rata'), turnover: z.number().nonnegative(), varAfter: Money }).strict().nullable(),
    /** why the book's policy was not followed as written (automation paused, kill switch, partial book), else null */
    downgraded: z.string().max(500).nullable(),
  }),
  /** re-sized at decision time beyond the tolerance: the trader sees both plans and confirms again */
  'action.resized': action({ previous: ActionPlanSchema, plan: ActionPlanSchema, drift: PlanDrift }),
  'action.approved': action({ reason: ReasonSchema, plan: ActionPlanSchema, automatic: z.boolean() }),
  'action.rejected': action({ reason: ReasonSchema }),
  'action.modified': action({ reason: ReasonSchema, previous: ActionPlanSchema, plan: ActionPlanSchema }),
  /** executed on `executedDate`; VaR and ES recomputed on the traded book, and whether VaR is within the limit in force */
  'action.applied': action({
    executedDate: IsoDateSchema,
    fills: z.array(FillSchema),
    varAfter: Money,
    esAfter: Money.nullable(),
    limit: z.number().positive(),
    withinLimit: z.boolean(),
  }),
  'action.expired': action({ cause: ExpiryCauseSchema, detail: z.string().min(1).max(500) }),
  /** with what the figure was computed from (snapshot date, method, parameters), for `riskdesk explain` */
  'alert.raised': alert({ label: z.string().min(1).max(200), value: Money, limit: z.number().positive(), notify: Recipients, inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) }),
  'alert.acknowledged': alert({}),
  'alert.escalated': alert({ cause: z.enum(['metric', 'unacknowledged']), from: Severity, value: Money, notify: Recipients }),
  /** cleared below the hysteresis level `clearBelow` (same unit as the figure) */
  'alert.resolved': alert({ value: Money, clearBelow: Money }),
  'alert.snoozed': alert({ reason: ReasonSchema, span: SpanSchema }),
  'alert.noted': alert({ text: ReasonSchema }),
} as const

const override = <S extends z.ZodRawShape>(shape: S) => deskEvent({ book: z.string().min(1).max(200), actor: Actor, role: Role, reason: ReasonSchema, ...shape })
const OverrideErrorCode = z.enum(['forbidden', 'unauthenticated', 'reason_required', 'confirmation_mismatch', 'illegal', 'invalid', 'cooling_off', 'risk_increasing'])

/** Manual overrides of the automation (desk/overrides.ts): who, in which role, why; expiries by the desk itself. */
export const overrideEvents = {
  'override.paused': override({ span: SpanSchema }),
  'override.resumed': override({}),
  /** kill switch engaged (typed confirmation checked) */
  'override.killed': override({}),
  /** re-armed by a desk head after the cooling-off */
  'override.rearmed': override({}),
  'override.reduce-only': override({ span: SpanSchema.nullable() }),
  'override.reduce-only-lifted': override({}),
  /** commitment lock: no risk increase until the close */
  'override.locked': override({ until: z.string().min(1).max(100) }),
  'override.unlocked': override({}),
  'override.expired': override({ what: z.enum(['pause', 'reduce-only', 'lock']) }),
  /** a refused override or trade: who tried what and why it was refused (the reason may be the one that was too short) */
  'override.refused': deskEvent({
    book: z.string().min(1).max(200),
    actor: Actor,
    role: Role,
    reason: z.string().max(500),
    kind: z.enum(['pause', 'resume', 'kill', 'rearm', 'reduce-only', 'lift-reduce-only', 'lock', 'unlock', 'approve', 'reject', 'modify', 'trade']),
    code: OverrideErrorCode,
    message: z.string().min(1).max(500),
  }),
} as const
