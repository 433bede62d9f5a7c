/**
 * What the desk does per alert severity (issue 8, "Policy per book and severity"), on the seeds' ladder: MEDIUM
 * alerts, HIGH reduces, CRITICAL runs the emergency protocol. For each severity: alert only, propose, automatic after
 * the grace period, or automatic at once; and which kind of action. Overrides take precedence: a paused automation
 * turns "automatic" into "propose", and the kill switch leaves only alerts (the flatten is a person's act).
 */
import { z } from 'zod'
import type { Severity } from '@shared/domain/alert'
import type { Limits } from '@shared/domain/limits'
import type { Span } from './desk-time'
import type { ActionKind } from './action-lifecycle'

export const ACTION_MODES = ['alert-only', 'propose', 'auto-after-grace', 'auto-now'] as const
export type ActionMode = (typeof ACTION_MODES)[number]

const Step = z.object({ mode: z.enum(ACTION_MODES), kind: z.enum(['reduce', 'hedge', 'flatten']) }).strict()
/** A book's policy (stored beside its limits). Grace: market updates in replay, wall ms live (desk-time.ts). */
export const SeverityPolicySchema = z
  .object({
    MEDIUM: Step,
    HIGH: Step,
    CRITICAL: Step,
    grace: z.object({ updates: z.number().int().min(0).max(1000), ms: z.number().int().min(0).max(86_400_000) }).strict(),
  })
  .strict()
  .refine((p) => p.MEDIUM.kind !== 'flatten' && p.HIGH.kind !== 'flatten' && p.CRITICAL.kind !== 'flatten', {
    message: 'flatten is the kill switch: a person engages it with a typed confirmation, never a policy',
  })
export type SeverityPolicy = z.infer<typeof SeverityPolicySchema>

/** The seeds' ladder: MEDIUM alerts only, HIGH proposes a reduce, CRITICAL reduces by itself after the grace period. */
export const SEED_LADDER: SeverityPolicy = {
  MEDIUM: { mode: 'alert-only', kind: 'reduce' },
  HIGH: { mode: 'propose', kind: 'reduce' },
  CRITICAL: { mode: 'auto-after-grace', kind: 'reduce' },
  grace: { updates: 1, ms: 30_000 },
}

/**
 * The policy of today's limits files: `propose` proposes at HIGH and CRITICAL; `auto` applies after `graceSeconds`
 * (wall time live; one market update in replay, since a replayed day is one update).
 */
export function policyFromLimits(limits: Pick<Limits, 'policy' | 'graceSeconds'>): SeverityPolicy {
  const mode: ActionMode = limits.policy === 'auto' ? 'auto-after-grace' : 'propose'
  return { MEDIUM: { mode: 'alert-only', kind: 'reduce' }, HIGH: { mode, kind: 'reduce' }, CRITICAL: { mode, kind: 'reduce' }, grace: { updates: 1, ms: limits.graceSeconds * 1000 } }
}

export interface PolicyDecision {
  readonly mode: ActionMode
  readonly kind: ActionKind
  /** the grace span for 'auto-after-grace' ('auto-now': zero), else null */
  readonly grace: Span | null
  /** why the book's policy was not followed as written (automation paused, kill switch), else null */
  readonly downgraded: string | null
}

/**
 * What to do for an alert of `severity`, given whether automation is armed now (overrides.ts automationArmed) and
 * whether the kill switch is on.
 */
export function decidePolicy(p: SeverityPolicy, severity: Severity, automation: { armed: boolean; reason: string | null }, killed: boolean): PolicyDecision {
  const step = p[severity]
  if (killed && step.mode !== 'alert-only') return { mode: 'alert-only', kind: step.kind, grace: null, downgraded: automation.reason ?? 'kill switch on' }
  const auto = step.mode === 'auto-after-grace' || step.mode === 'auto-now'
  if (auto && !automation.armed) return { mode: 'propose', kind: step.kind, grace: null, downgraded: automation.reason }
  const grace = step.mode === 'auto-after-grace' ? p.grace : step.mode === 'auto-now' ? { updates: 0, ms: 0 } : null
  return { mode: step.mode, kind: step.kind, grace, downgraded: null }
}
