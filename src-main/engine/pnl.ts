/**
 * Position P&L. Conventions: ../shared/docs/RISK-CONVENTIONS.md, "Drawdown and P&L".
 */

/**
 * Unrealised P&L = q · (P - cost).
 * @param quantity signed quantity in shares.
 * @param price valuation price (raw close on the as-of date), currency per share.
 * @param cost the book's cost price per share, or null/undefined when the book gives none.
 * @returns P&L in currency, or null when there is no cost price.
 * @throws RangeError when quantity, price or a given cost is not finite.
 */
export function unrealisedPnL(quantity: number, price: number, cost?: number | null): number | null {
  if (!Number.isFinite(quantity)) throw new RangeError(`unrealisedPnL: quantity must be finite, got ${quantity}`)
  if (!Number.isFinite(price)) throw new RangeError(`unrealisedPnL: price must be finite, got ${price}`)
  if (cost === null || cost === undefined) return null
  if (!Number.isFinite(cost)) throw new RangeError(`unrealisedPnL: cost must be finite, got ${cost}`)
  return quantity * (price - cost)
}
