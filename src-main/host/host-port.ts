import type { InvokeChannel, PushChannel, Result } from '@shared/api/contract'

/**
 * What a transport needs from the desk service. The host validates every request against the contract's schema
 * (transports may validate too, and must check the sender first); it never throws across this boundary.
 */
export interface HostPort {
  /** Handle one invoke. `request` is untrusted raw data. `actor` is the authenticated user of the transport. */
  handle(channel: InvokeChannel, request: unknown, actor: string): Promise<Result<unknown>>
  /** Subscribe to push events (already coalesced by the host). Returns an unsubscribe function. */
  onPush(listener: (channel: PushChannel, payload: unknown) => void): () => void
}
