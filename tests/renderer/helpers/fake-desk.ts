import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { buildDeskApi, type DeskApi, type InvokeChannel, type InvokeRequest, type InvokeResponse, type PushChannel, type PushPayload, type Result } from '@shared/api/contract'
import type { DeskSnapshot } from '@shared/domain/desk-snapshot'
import { useConnectionStore } from '../../../src-renderer/src/stores/connection'
import { snapshot as makeSnapshot } from './fixtures'

type Handler<C extends InvokeChannel> = (request: InvokeRequest<C>) => Result<InvokeResponse<C>> | Promise<Result<InvokeResponse<C>>>
export type Handlers = { [C in InvokeChannel]?: Handler<C> }

export interface FakeDesk {
  api: DeskApi
  /** every invoke, in order */
  calls: { channel: InvokeChannel; request: unknown }[]
  callsOn(channel: InvokeChannel): unknown[]
  emit<C extends PushChannel>(channel: C, payload: PushPayload<C>): void
  listenerCount(channel: PushChannel): number
}

/**
 * A DeskApi built with the contract's own `buildDeskApi`, backed by per-channel handlers. Unhandled channels answer
 * `desk:snapshot` / `book:open` with the given snapshot and everything else with an `unhandled` error Result, so a
 * test notices a call it did not expect.
 */
export function createFakeDesk(handlers: Handlers = {}, snap: DeskSnapshot = makeSnapshot()): FakeDesk {
  const calls: FakeDesk['calls'] = []
  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>()
  const api = buildDeskApi(
    async (channel, request) => {
      calls.push({ channel, request })
      const handler = handlers[channel] as ((r: unknown) => Result<unknown> | Promise<Result<unknown>>) | undefined
      if (handler) return handler(request)
      if (channel === 'desk:snapshot' || channel === 'book:open') return { ok: true, value: snap }
      return { ok: false, error: { code: 'unhandled', message: `fake desk has no handler for ${channel}` } }
    },
    (channel, listener) => {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  )
  return {
    api,
    calls,
    callsOn: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    emit(channel, payload) {
      for (const l of listeners.get(channel) ?? []) l(payload)
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  }
}

/** A fresh active pinia with the fake api attached to the connection store. */
export function piniaWith(desk: FakeDesk): Pinia {
  const pinia = createPinia()
  setActivePinia(pinia)
  useConnectionStore(pinia).attach(desk.api, 'browser')
  return pinia
}

/** Lets pending promise callbacks run (fake api calls resolve in microtasks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}
