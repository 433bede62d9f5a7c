import { PUSH_IPC_PREFIX } from '@shared/api/channels'
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { INVOKE_CHANNELS, type PushChannel, type Result } from '@shared/api/contract'
import type { HostPort } from '../host/host-port'
import { dispatchInvoke, errorResult } from './invoke-gate'
import { checkPush } from './push-gate'
import type { SenderFrameLike } from './trusted-sender'

/**
 * The desk API over Electron IPC: one `ipcMain.handle` per contract invoke channel, pushes as
 * `webContents.send('push:<channel>', payload)`. The only module that touches `ipcMain` (lint-enforced).
 * Order of checks per invoke: sender frame (VS Code `validatedIpcMain`) -> argument count -> contract schema
 * (invoke-gate.ts) -> host. Errors are Results (Signal `sql_channel.main.ts`): `ipcMain.handle` rejections lose
 * their fields on the way to the renderer.
 */

/** Prefix of push channels on the IPC wire, shared with the preload (@shared/api/channels). */
export { PUSH_IPC_PREFIX }

/** IPC channel name for a contract push channel, e.g. `push:alert:raised`. */
export function pushIpcChannel(channel: PushChannel): string {
  return `${PUSH_IPC_PREFIX}${channel}`
}

export interface IpcTransportOptions {
  /** true when the frame that sent an invoke is the app's own main frame (see trusted-sender.ts) */
  isTrustedSender(frame: SenderFrameLike | null): boolean
  /** the authenticated desktop user, recorded by the host for every invoke */
  actor: string
  /** the app windows' webContents that receive pushes (destroyed ones are skipped) */
  getWebContents(): WebContents[]
}

/**
 * Sends one push to one renderer after checking it against the contract.
 *
 * @returns true if sent; false if the payload failed `pushSchemas[channel]` (logged) or the webContents is gone.
 */
export function pushToRenderer(contents: WebContents, channel: PushChannel, payload: unknown): boolean {
  const checked = checkPush(channel, payload)
  if (!checked.ok) {
    console.error(`[ipc] push dropped: ${checked.reason}`)
    return false
  }
  if (contents.isDestroyed()) return false
  contents.send(pushIpcChannel(checked.channel), checked.payload)
  return true
}

/**
 * Registers the desk API on `ipcMain` and starts forwarding host pushes.
 *
 * Every handler resolves to a `Result` and never rejects: an untrusted sender gets `forbidden` (the host is not
 * called), a wrong argument count or a payload failing the contract gets `bad_request`.
 *
 * @param host the desk service
 * @param options sender check, actor and push targets
 * @returns dispose: removes every handler and stops pushes (call before `host.close()`)
 * @throws Error from `ipcMain.handle` if a channel already has a handler (registering twice is a wiring bug)
 */
export function registerIpcTransport(host: HostPort, options: IpcTransportOptions): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!options.isTrustedSender(event.senderFrame)) {
        console.error(`[ipc] refused ${channel} from an untrusted frame: ${event.senderFrame?.url ?? '(gone)'}`)
        return errorResult('forbidden', `${channel}: sender is not the RiskDesk window`)
      }
      if (args.length !== 1) return errorResult('bad_request', `${channel}: expected exactly one request argument, got ${args.length}`)
      return dispatchInvoke(host, channel, args[0], options.actor)
    })
  }
  const unsubscribe = host.onPush((channel, payload) => {
    for (const contents of options.getWebContents()) pushToRenderer(contents, channel, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}
