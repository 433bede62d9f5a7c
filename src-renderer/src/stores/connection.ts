import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import type { DeskApi, Result } from '@shared/api/contract'

/**
 * A host message as a trader should read it: the transports name the failing place of a request as a path, and a
 * whole-request rule as "(root)", which means nothing on the desk ("(root): give either a kind or legs").
 */
export function plainMessage(message: string): string {
  return message.replace(/\(root\):\s*/gu, '').trim() || message
}

/** How the page reaches the desk service: the Electron preload (`window.riskdesk`) or the loopback WebSocket. */
export type DeskMode = 'electron' | 'browser'
/** What the banner shows. Electron IPC has no connection to lose, so it is 'open' from the start. */
export type LinkState = 'connecting' | 'open' | 'disconnected' | 'closed'

/**
 * The DeskApi in use, the link state for the "disconnected" banner, and the last error any call returned.
 * Every other store reaches the desk service through `requireApi()` here, so a test swaps in a fake api in one place.
 */
export const useConnectionStore = defineStore('connection', () => {
  const api = shallowRef<DeskApi | null>(null)
  const mode = ref<DeskMode>('browser')
  const link = ref<LinkState>('connecting')
  const nextRetryMs = ref<number | null>(null)
  const lastError = ref<string | null>(null)

  /** Installs the api (kept raw: it is a frozen object of functions, nothing in it is reactive state). */
  function attach(deskApi: DeskApi, how: DeskMode): void {
    api.value = markRaw(deskApi)
    mode.value = how
    if (how === 'electron') link.value = 'open'
  }

  function setLink(state: LinkState, retryMs: number | null = null): void {
    link.value = state
    nextRetryMs.value = retryMs
  }

  /** @throws Error when no api has been attached (a wiring bug: main.ts attaches before mounting). */
  function requireApi(): DeskApi {
    if (!api.value) throw new Error('desk api not attached')
    return api.value
  }

  /** Records a failed Result for the status line; hands the Result back, its error message in plain words. */
  function noteResult<T>(what: string, result: Result<T>): Result<T> {
    if (result.ok) {
      lastError.value = null
      return result
    }
    const error = { code: result.error.code, message: plainMessage(result.error.message) }
    lastError.value = `${what}: ${error.message} (${error.code})`
    return { ok: false, error }
  }

  function clearError(): void {
    lastError.value = null
  }

  return { api, mode, link, nextRetryMs, lastError, attach, setLink, requireApi, noteResult, clearError }
})
