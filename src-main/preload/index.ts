import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { PUSH_IPC_PREFIX, type InvokeChannel, type PushChannel } from '@shared/api/channels'
import type { Result } from '@shared/api/contract'
import { buildDeskApi } from '@shared/api/desk-api'

/**
 * Preload of the RiskDesk window. Runs sandboxed, so it must stay a single CommonJS bundle that requires nothing but
 * `electron` (electron-vite bundles @shared into it). It exposes exactly the typed DeskApi as `window.riskdesk`:
 * one function per invoke channel, one subscription per push channel. No generic send/on, no `process`, no Node.
 * Pattern: Heroic `src/preload/ipc.ts` (one function per channel, unsubscribe returned), VS Code's minimal preload.
 */

async function call(channel: InvokeChannel, request: unknown): Promise<Result<unknown>> {
  try {
    return (await ipcRenderer.invoke(channel, request)) as Result<unknown>
  } catch (err) {
    // Only reached when IPC itself fails (no handler yet, an uncloneable argument): still an error value, not a throw.
    const message = err instanceof Error ? err.message : String(err)
    return { ok: false, error: { code: 'transport', message: `${channel}: ${message}` } }
  }
}

function listen(channel: PushChannel, listener: (payload: unknown) => void): () => void {
  const ipcChannel = `${PUSH_IPC_PREFIX}${channel}`
  // The IPC event (with its sender and ports) never reaches the page: only the payload is passed on.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => {
    try {
      listener(payload)
    } catch (err) {
      console.error(`[preload] a ${channel} listener threw:`, err)
    }
  }
  ipcRenderer.on(ipcChannel, forward)
  return () => {
    ipcRenderer.removeListener(ipcChannel, forward)
  }
}

contextBridge.exposeInMainWorld('riskdesk', buildDeskApi(call, listen))
