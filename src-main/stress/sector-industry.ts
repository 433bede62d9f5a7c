/**
 * GICS sector -> Fama-French 10-industry portfolio, the sector proxy of a stress scenario for an instrument without
 * data in the window (docs/RISK-CONVENTIONS.md "Stress tests"). The French industries are built from SIC codes, so
 * this is a nearest-match mapping, not an identity:
 * - Information Technology -> HiTec (business equipment, computers, software, electronics)
 * - Communication Services -> Telcm (telephone and television transmission; internet media sit in HiTec under SIC,
 *   but the GICS sector's carriers and cable companies are Telcm)
 * - Consumer Discretionary -> Shops (retail, wholesale and some services; autos are Durbl)
 * - Consumer Staples -> NoDur (food, tobacco, household products)
 * - Energy -> Enrgy; Health Care -> Hlth; Utilities -> Utils
 * - Industrials -> Manuf; Materials -> Manuf (chemicals, metals and machinery are all Manuf)
 * - Financials -> Other; Real Estate -> Other (finance and real estate are in Other)
 * Anything else (ETFs, unknown sectors) has no industry and is proxied by the market.
 */
export const INDUSTRIES = ['NoDur', 'Durbl', 'Manuf', 'Enrgy', 'HiTec', 'Telcm', 'Shops', 'Hlth', 'Utils', 'Other'] as const
export type Industry = (typeof INDUSTRIES)[number]

/** Factor-symbol prefix of the industry wealth indices in a StressMarket (e.g. `FF10:HiTec`). */
export const INDUSTRY_PREFIX = 'FF10:'
/** Factor symbol of the S&P 500 price index in a StressMarket. */
export const INDEX_SYMBOL = '^SPX'
/** The market proxy when it has data in the window. */
export const MARKET_PROXY = 'SPY'

export const GICS_TO_INDUSTRY: Readonly<Record<string, Industry>> = {
  'Information Technology': 'HiTec',
  'Communication Services': 'Telcm',
  'Consumer Discretionary': 'Shops',
  'Consumer Staples': 'NoDur',
  Energy: 'Enrgy',
  'Health Care': 'Hlth',
  Utilities: 'Utils',
  Industrials: 'Manuf',
  Materials: 'Manuf',
  Financials: 'Other',
  'Real Estate': 'Other',
}

/** The industry factor symbol of a GICS sector, or null when the sector has none. */
export function industryFactor(sector: string | null | undefined): string | null {
  const ind = sector ? GICS_TO_INDUSTRY[sector] : undefined
  return ind ? `${INDUSTRY_PREFIX}${ind}` : null
}
