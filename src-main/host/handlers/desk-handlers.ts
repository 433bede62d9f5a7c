import type { Handlers, HostContext } from './handler-context'

type DeskChannel =
  | 'desk:snapshot'
  | 'limits:update'
  | 'feed:play'
  | 'feed:pause'
  | 'feed:speed'
  | 'feed:runTo'
  | 'feed:decideTick'
  | 'alert:acknowledge'
  | 'action:approve'
  | 'action:reject'

/** The live desk: its state, the feed, limits, alerts and decisions on actions (each written to the trail). */
export function deskHandlers(ctx: HostContext): Handlers<DeskChannel> {
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
    'feed:runTo': ({ date }) => (ctx.runner().runTo(date), ctx.session().feed),
    'feed:decideTick': ({ id, decision, reason }, actor) => ctx.session().decideHeldTick(id, decision, actor, reason),
    'alert:acknowledge': ({ alertId }, actor) => ctx.session().acknowledge(alertId, actor),
    'action:approve': ({ actionId, reason }, actor) => ctx.session().approve(actionId, actor, reason ?? null),
    'action:reject': ({ actionId, reason }, actor) => ctx.session().reject(actionId, actor, reason),
  }
}
