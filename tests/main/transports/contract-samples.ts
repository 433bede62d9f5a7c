import type { InvokeChannel, InvokeRequest, PushChannel, Result } from '@shared/api/contract'
import type { Alert } from '@shared/domain/alert'
import type { HostPort } from '../../../src-main/host/host-port'

/**
 * Test data shaped by the contract (src-shared/api/contract.ts). The Record type makes adding a channel to the
 * contract a compile error here until a sample exists, so "every channel" tests stay exhaustive.
 */
export const VALID_REQUESTS: { [C in InvokeChannel]: InvokeRequest<C> } = {
  'desk:snapshot': {},
  'book:list': {},
  'book:open': { name: 'demo-book' },
  'book:import': { fileName: 'book.csv', content: 'symbol,quantity\nAAPL,100\n', save: false },
  'limits:update': {
    limits: { varLimit: 1_000_000, maxLossPerPosition: 50_000, maxPositionWeight: 0.25, maxDaysToLiquidate: 5 },
    reason: 'quarterly review',
  },
  'feed:play': {},
  'feed:pause': {},
  'feed:speed': { speed: 'max' },
  'feed:runTo': { date: '2020-02-10' },
  'feed:restart': {},
  'feed:decideTick': { id: 'AAPL@2024-01-02', decision: 'drop', reason: 'bad vendor print' },
  'alert:acknowledge': { alertId: 'alert-1' },
  'alert:snooze': { alertId: 'alert-1', reason: 'known: hedge at the open', span: { updates: 2, ms: 600_000 } },
  'alert:note': { alertId: 'alert-1', text: 'called the PM' },
  'action:approve': { actionId: 'action-1', reason: 'as proposed' },
  'action:reject': { actionId: 'action-1', reason: 'desk head veto', deskHead: { name: 'dana', passphrase: 'correct horse battery' } },
  'action:modify': { actionId: 'action-1', reason: 'smaller cut in MSFT', legs: [{ symbol: 'MSFT', toQuantity: 6000 }] },
  'action:ticket': { actionId: 'action-1' },
  'controls:override': { kind: 'kill', reason: 'runaway losses', confirmation: 'demo-desk', flatten: false },
  'audit:query': { from: '2024-01-02', to: '2024-03-29', limit: 100 },
  'audit:verify': {},
  'history:query': { marketFrom: '2020-03-09', marketTo: '2020-03-13', severity: 'HIGH', overridden: true, limit: 50 },
  'history:timeline': { marketFrom: '2020-02-03', marketTo: '2020-04-30' },
  'history:status': {},
  'history:source': {},
  'history:exportXlsx': { marketFrom: '2020-03-09', marketTo: '2020-03-13' },
  'history:explain': { alertId: 'alert-1' },
  'risk:backtest': { method: 'parametric', from: '2019-02-01', to: '2020-01-31' },
  'risk:report': { method: 'monteCarlo', horizon: 10, paths: 50_000, seed: 42, nu: 'fit' },
  'stress:library': {},
  'stress:run': { book: { kind: 'live' }, scenarios: ['covid-2020', 'lehman-2008'] },
  'stress:report': { runId: 1 },
  'sync:status': {},
  'desk:whatif': { trades: [{ symbol: 'MSFT', quantity: -2000 }, { symbol: 'QQQ', quantity: -1000 }] },
}

/** An alert as the host would push it. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-1',
    ruleKey: 'var',
    kind: 'var',
    symbol: null,
    label: 'VaR (historical)',
    severity: 'HIGH',
    state: 'open',
    value: 1_200_000,
    limit: 1_000_000,
    date: '2024-03-01',
    raisedAt: '2024-03-01T10:00:00.000Z',
    acknowledgedBy: null,
    snoozed: null,
    notes: [],
    resolvedDate: null,
    notify: ['trader'],
    ...overrides,
  }
}

/** A HostPort double: records every call, answers `{ ok: true, value: { echo: request } }`, lets tests emit pushes. */
export class FakeHost implements HostPort {
  readonly calls: { channel: InvokeChannel; request: unknown; actor: string }[] = []
  private readonly listeners = new Set<(channel: PushChannel, payload: unknown) => void>()
  respond: (channel: InvokeChannel, request: unknown) => Promise<Result<unknown>> | Result<unknown> = (_channel, request) => ({
    ok: true,
    value: { echo: request },
  })
  closed = false

  async handle(channel: InvokeChannel, request: unknown, actor: string): Promise<Result<unknown>> {
    this.calls.push({ channel, request, actor })
    return this.respond(channel, request)
  }

  onPush(listener: (channel: PushChannel, payload: unknown) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  emit(channel: PushChannel, payload: unknown): void {
    for (const listener of this.listeners) listener(channel, payload)
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  async close(): Promise<void> {
    this.closed = true
  }
}
