import type { InvokeRequest, InvokeResponse, PushPayload, Result } from './contract'
import { INVOKE_CHANNELS, PUSH_CHANNELS, methodNameOf, pushNameOf, type InvokeChannel, type MethodName, type PushChannel, type PushName } from './channels'

/**
 * What a UI sees: one function per invoke channel (`bookImport(req)`) and one subscription per push channel
 * (`onAlertRaised(listener)`), each subscription returning its unsubscribe function. No generic send/on.
 * The Electron preload exposes exactly this through contextBridge; browser mode builds the same object over the WebSocket.
 */
export type DeskApi = {
  [C in InvokeChannel as MethodName<C>]: (request: InvokeRequest<C>) => Promise<Result<InvokeResponse<C>>>
} & {
  [C in PushChannel as PushName<C>]: (listener: (payload: PushPayload<C>) => void) => () => void
}

/**
 * Builds a DeskApi from a transport's two primitives. Used by the preload (over ipcRenderer) and the browser client
 * (over WebSocket); the generic primitives stay private to the transport and are never exposed to the page.
 * Imports no schema code (types only), so the sandboxed preload stays small.
 */
export function buildDeskApi(
  call: (channel: InvokeChannel, request: unknown) => Promise<Result<unknown>>,
  listen: (channel: PushChannel, listener: (payload: unknown) => void) => () => void,
): DeskApi {
  const api: Record<string, unknown> = {}
  for (const channel of INVOKE_CHANNELS) api[methodNameOf(channel)] = (request: unknown) => call(channel, request)
  for (const channel of PUSH_CHANNELS) api[pushNameOf(channel)] = (listener: (payload: unknown) => void) => listen(channel, listener)
  return Object.freeze(api) as DeskApi
}
