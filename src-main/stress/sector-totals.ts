import type { StressPositionResult } from './stress-types'

/** Sector label of a position without one. */
export const UNCLASSIFIED = 'Unclassified'

/** Σ P&L by sector, largest loss first. */
export function sectorTotals(positions: readonly StressPositionResult[]): { sector: string; pnl: number }[] {
  const m = new Map<string, number>()
  for (const p of positions) m.set(p.sector, (m.get(p.sector) ?? 0) + p.pnl)
  return [...m].map(([sector, pnl]) => ({ sector, pnl })).sort((a, b) => a.pnl - b.pnl)
}
