/**
 * The sane ranges of a book's numbers (README "Books and limits"). A value outside them is far more likely a typo, a
 * unit slip (cents for dollars, 25 for 0.25) or a pasted total than a real position, and past them the risk
 * arithmetic would overflow or lose every digit (a quantity of 1e300 makes every scenario P&L infinite). Rows outside
 * are rejected with file, line and field; nothing is clamped. Implied volatility and rates keep their bounds in
 * @shared/domain/book (MAX_IMPLIED_VOL, MAX_ABS_RATE).
 */

/** |quantity| <= 1e9 shares or contracts (the largest listed companies have ~1.6e10 shares outstanding in total). */
export const MAX_ABS_QUANTITY = 1e9
/** Prices and costs per share, and strikes, in (0, 1e6] (the dearest US share, BRK.A, has traded below 8e5). */
export const MAX_PRICE = 1e6
/** Shares of the underlying per option contract, in (0, 1e4] (listed equity options: 100; minis 10; a few 1000). */
export const MAX_MULTIPLIER = 1e4
