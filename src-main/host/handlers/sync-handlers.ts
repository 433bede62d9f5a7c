import type { Handlers, HostContext } from './handler-context'

/** The background sync's status (`--sync-pg`), or null when the desk does not replicate. */
export function syncHandlers(ctx: HostContext): Handlers<'sync:status'> {
  return {
    'sync:status': () => ctx.sync?.status() ?? null,
  }
}
