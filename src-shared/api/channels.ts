/**
 * The desk API's channel names, free of zod so the sandboxed preload bundles only these few lines. contract.ts holds
 * a schema for every one of them (a compile-time check there fails when the two lists drift apart).
 * Names are `area:verb`.
 */

/** Invoke channels (request -> response). */
export const INVOKE_CHANNELS = [
  'desk:snapshot',
  'book:list',
  'book:open',
  'book:import',
  'limits:update',
  'feed:play',
  'feed:pause',
  'feed:speed',
  'feed:runTo',
  'feed:restart',
  'feed:decideTick',
  'alert:acknowledge',
  'alert:snooze',
  'alert:note',
  'action:approve',
  'action:reject',
  'action:modify',
  'action:ticket',
  'controls:override',
  'audit:query',
  'audit:verify',
  'history:query',
  'history:timeline',
  'history:status',
  'history:source',
  'history:exportXlsx',
  'history:explain',
  'risk:backtest',
  'risk:report',
  'stress:library',
  'stress:run',
  'stress:report',
  'sync:status',
  'desk:whatif',
] as const

/** Push channels (host -> UI). */
export const PUSH_CHANNELS = ['desk:frame', 'feed:status', 'alert:raised', 'alert:updated', 'action:proposed', 'action:updated', 'controls:updated', 'desk:reset', 'alert:focus'] as const

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number]
export type PushChannel = (typeof PUSH_CHANNELS)[number]

/** Electron IPC channel of a push: the preload listens on it, transports/ipc-transport.ts sends on it. */
export const PUSH_IPC_PREFIX = 'push:'

export type MethodName<C extends string> = C extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : never
export type PushName<C extends string> = C extends `${infer A}:${infer B}` ? `on${Capitalize<A>}${Capitalize<B>}` : never

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/** 'book:import' -> 'bookImport' */
export function methodNameOf<C extends InvokeChannel>(channel: C): MethodName<C> {
  const [area, verb] = channel.split(':') as [string, string]
  return `${area}${cap(verb)}` as MethodName<C>
}

/** 'alert:raised' -> 'onAlertRaised' */
export function pushNameOf<C extends PushChannel>(channel: C): PushName<C> {
  const [area, verb] = channel.split(':') as [string, string]
  return `on${cap(area)}${cap(verb)}` as PushName<C>
}
