/**
 * The historical scenario library: stable ids (used by the CLI, saved results and the Stress Lab view), the window
 * dates and where the window comes from. A window runs from the close of `start` (the base date) to the close of
 * `end`; a one-day scenario (start = end) runs from the previous trading day's close to that day's close.
 * Peak and trough dates are those of the S&P 500 index close in the bundled data (assets/data/stress/).
 */
export interface HistoricalScenarioDef {
  readonly id: string
  readonly name: string
  readonly kind: 'historical'
  /** YYYY-MM-DD */
  readonly start: string
  /** YYYY-MM-DD, >= start */
  readonly end: string
  readonly description: string
}

export const HISTORICAL_SCENARIOS: readonly HistoricalScenarioDef[] = [
  { id: 'black-monday-1987', name: 'Black Monday 1987', kind: 'historical', start: '1987-10-14', end: '1987-10-19', description: 'October 1987 crash; S&P 500 −22.9 % on 19 October. Runs through the index and industry proxies (no ETF or single-stock data before 2000 in the bundle).' },
  { id: 'dotcom-2000', name: 'Dot-com bust 2000-2002', kind: 'historical', start: '2000-03-24', end: '2002-10-09', description: 'From the S&P 500 peak of March 2000 to the October 2002 trough.' },
  { id: 'sept11-2001', name: 'September 11, 2001', kind: 'historical', start: '2001-09-10', end: '2001-09-21', description: 'Markets closed 11-14 September; the week after the reopening.' },
  { id: 'gfc-2007', name: 'Global financial crisis 2007-2009', kind: 'historical', start: '2007-10-09', end: '2009-03-09', description: 'From the October 2007 peak to the March 2009 trough.' },
  { id: 'lehman-2008', name: 'Lehman collapse 2008', kind: 'historical', start: '2008-09-12', end: '2008-10-10', description: 'From the last close before the Lehman Brothers bankruptcy to the October 2008 low.' },
  { id: 'flash-crash-2010', name: 'Flash crash 2010', kind: 'historical', start: '2010-05-06', end: '2010-05-06', description: 'The one-day move of 6 May 2010 (close to close; the intraday plunge mostly reversed).' },
  { id: 'downgrade-2011', name: 'US downgrade 2011', kind: 'historical', start: '2011-07-22', end: '2011-08-08', description: 'Debt-ceiling crisis and the S&P downgrade of the United States (5 August 2011).' },
  { id: 'yuan-2015', name: 'Yuan devaluation 2015', kind: 'historical', start: '2015-08-17', end: '2015-08-25', description: 'China devaluation sell-off, including the 24 August 2015 open.' },
  { id: 'volmageddon-2018', name: 'Volmageddon 2018', kind: 'historical', start: '2018-01-26', end: '2018-02-08', description: 'VIX spike of 5 February 2018 and the collapse of short-volatility products.' },
  { id: 'q4-2018', name: 'Q4 2018 sell-off', kind: 'historical', start: '2018-09-20', end: '2018-12-24', description: 'Rate and trade-war sell-off to the Christmas Eve 2018 low.' },
  { id: 'covid-2020', name: 'COVID-19 crash 2020', kind: 'historical', start: '2020-02-19', end: '2020-03-23', description: 'From the February 2020 peak to the March 2020 trough.' },
]

/** The library scenario with this id, or undefined. */
export function historicalScenario(id: string): HistoricalScenarioDef | undefined {
  return HISTORICAL_SCENARIOS.find((s) => s.id === id)
}
