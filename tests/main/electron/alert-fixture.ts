import { AlertSchema, type Alert } from '@shared/domain/alert'

/**
 * An alert in the issue-8 view shape (src-shared/domain/alert.ts), parsed by the schema so a fixture that drifts from
 * the contract fails here rather than being silently ignored by a watch that drops unparsable pushes.
 * Default: the demo desk's VaR breach of 2020-03-13 (HIGH, open, notified to the trader).
 */
export function alertOf(overrides: Partial<Alert> = {}): Alert {
  return AlertSchema.parse({
    id: 'A-1',
    ruleKey: 'var',
    kind: 'var',
    symbol: null,
    label: 'VaR (historical)',
    severity: 'HIGH',
    state: 'open',
    value: 462_593.4,
    limit: 310_000,
    date: '2020-03-13',
    raisedAt: '2026-12-03T21:00:00.000Z',
    acknowledgedBy: null,
    snoozed: null,
    notes: [],
    resolvedDate: null,
    notify: ['trader'],
    ...overrides,
  })
}
