import { orderTicketCsv, orderTicketVenue } from '../../desk/lifecycle/venue'
import { actingAs } from '../acting'
import type { Handlers, HostContext } from './handler-context'

type DeskChannel =
  | 'desk:snapshot'
  | 'limits:update'
  | 'feed:play'
  | 'feed:pause'
  | 'feed:speed'
  | 'feed:runTo'
  | 'feed:restart'
  | 'feed:decideTick'
  | 'alert:acknowledge'
  | 'alert:snooze'
  | 'alert:note'
  | 'action:approve'
  | 'action:reject'
  | 'action:modify'
  | 'action:ticket'
  | 'controls:override'

/**
 * The live desk: its state, the feed, limits, alerts, decisions on actions and overrides (each written to the
 * trail). Who may do what is enforced here and in the control loop, not only in the UI: a desk-head act carries the
 * profile's name and passphrase, checked on every request.
 */
export function deskHandlers(ctx: HostContext): Handlers<DeskChannel> {
  const as = (user: string, deskHead?: { name: string; passphrase: string }) => actingAs(ctx.profiles, user, deskHead)
  return {
    'desk:snapshot': () => ctx.session().snapshot(),
    'limits:update': ({ limits, reason }, actor) => {
      const session = ctx.session()
      const applied = session.updateLimits(limits, actor, reason)
      if (ctx.books.get(session.book.name)) ctx.books.update(session.book.name, { limits: applied })
      return applied
    },
    // the session's status: the runner's, with the feed checks (held ticks, stale instruments, 'degraded')
    'feed:play': () => (ctx.runner().play(), ctx.session().feed),
    'feed:pause': () => (ctx.runner().pause(), ctx.session().feed),
    'feed:speed': ({ speed }) => (ctx.runner().setSpeed(speed), ctx.session().feed),
    'feed:runTo': ({ date }, actor) => {
      // a date the replay has passed is a seek back: the replay starts over and runs to it
      const at = ctx.session().feed.date
      if (at !== null && date < at) ctx.restart(actor)
      ctx.runner().runTo(date)
      return ctx.session().feed
    },
    'feed:restart': (_req, actor) => ctx.restart(actor),
    'feed:decideTick': ({ id, decision, reason }, actor) => ctx.session().decideHeldTick(id, decision, actor, reason),
    'alert:acknowledge': ({ alertId }, user) => ctx.session().acknowledge(alertId, as(user)),
    'alert:snooze': ({ alertId, reason, span }, user) => ctx.session().snooze(alertId, as(user), reason, span),
    'alert:note': ({ alertId, text }, user) => ctx.session().note(alertId, as(user), text),
    'action:approve': ({ actionId, reason, deskHead }, user) => ctx.session().approve(actionId, as(user, deskHead), reason),
    'action:reject': ({ actionId, reason, deskHead }, user) => ctx.session().reject(actionId, as(user, deskHead), reason),
    'action:modify': ({ actionId, reason, kind, legs, deskHead }, user) =>
      ctx.session().modify(actionId, as(user, deskHead), reason, kind !== undefined ? { kind } : { legs: legs ?? [] }),
    'action:ticket': ({ actionId }) => {
      const session = ctx.session()
      const r = orderTicketVenue().execute({ actionId, book: session.book.name, marketDate: session.envelope().marketDate, plan: session.actionPlan(actionId), reason: 'order ticket' })
      if (r.status !== 'ticketed') throw new Error(`action ${actionId}: no order ticket`)
      return { fileName: `order-ticket-${actionId}.csv`, csv: orderTicketCsv(r.ticket) }
    },
    'controls:override': ({ kind, reason, span, confirmation, flatten, deskHead }, user) => {
      const actor = as(user, deskHead)
      const s = span ?? { updates: 5, ms: 3_600_000 }
      const req =
        kind === 'pause'
          ? { kind, actor, reason, span: s }
          : kind === 'reduce-only'
            ? { kind, actor, reason, span: span ?? null }
            : kind === 'kill'
              ? { kind, actor, reason, confirmation: confirmation ?? '' }
              : { kind, actor, reason }
      return ctx.session().override(req, flatten === true)
    },
  }
}
