/**
 * Hypothetical stress scenarios as JSON (one scenario, or `{ "scenarios": [...] }` for a set), validated with zod.
 * Errors name the file and the field (JSONPath-like `scenarios[0].shocks[1].return`).
 *
 * Example:
 *   { "id": "equity-crash", "name": "Equities −20 %, vol x3, correlations 1", "kind": "hypothetical",
 *     "shocks": [ { "type": "market", "return": -0.2 }, { "type": "sector", "sector": "Energy", "return": -0.35 } ],
 *     "volMultiplier": 3, "correlationsToOne": true,
 *     "liquidity": { "haircutPerDay": 0.01, "maxHaircut": 0.25, "participation": 0.2 } }
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'

const ret = z.number().finite().gt(-1, 'a return must be above −1 (−100 %)').lte(10, 'a return above +1000 % is probably in percent')

export const ShockSchema = z.discriminatedUnion('type', [
  /** every position moves β_i x return (β to SPY over the 250 days before the as-of date) or return when beta is false */
  z.object({ type: z.literal('market'), return: ret, beta: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal('sector'), sector: z.string().min(1), return: ret }).strict(),
  z.object({ type: z.literal('symbol'), symbol: z.string().min(1), return: ret }).strict(),
  z.object({ type: z.literal('assetClass'), assetClass: z.enum(['equity', 'etf', 'option', 'other']), return: ret }).strict(),
])
export type Shock = z.infer<typeof ShockSchema>

export const HypotheticalScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, at most 64'),
    name: z.string().min(1).max(200),
    kind: z.literal('hypothetical').default('hypothetical'),
    description: z.string().max(2000).optional(),
    shocks: z.array(ShockSchema).max(1000).default([]),
    /** multiplies every volatility: option implied vols in the revaluation, and σ in the parametric VaR */
    volMultiplier: z.number().finite().gt(0).lte(20).default(1),
    /** every correlation set to one in the parametric VaR */
    correlationsToOne: z.boolean().default(false),
    /** liquidity haircut = |market value| x min(maxHaircut, haircutPerDay x days to liquidate) */
    liquidity: z
      .object({
        haircutPerDay: z.number().finite().gte(0).lte(1),
        maxHaircut: z.number().finite().gte(0).lte(1).default(1),
        participation: z.number().finite().gt(0).lte(1).default(0.2),
      })
      .strict()
      .optional(),
  })
  .strict()
export type HypotheticalScenario = z.infer<typeof HypotheticalScenarioSchema>

/** A scenario file that does not parse or validate: `file: field path: message`. */
export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError'
  constructor(
    readonly file: string,
    readonly field: string | null,
    readonly detail: string,
  ) {
    super(`${file}: ${field ? `field ${field}: ` : ''}${detail}`)
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k === 0 ? '' : '.'}${String(p)}`)).join('')
}

/**
 * Validates parsed JSON as one hypothetical scenario or a set.
 * @throws ScenarioFileError naming the first bad field, or a duplicate id
 */
export function parseScenarios(json: unknown, file: string): HypotheticalScenario[] {
  // A set is recognised by its `scenarios` key, so its errors are reported against the set's fields.
  const isSet = typeof json === 'object' && json !== null && 'scenarios' in json
  const r = isSet ? z.object({ scenarios: z.array(HypotheticalScenarioSchema).min(1) }).strict().safeParse(json) : HypotheticalScenarioSchema.safeParse(json)
  if (!r.success) {
    const issue = r.error.issues[0]!
    throw new ScenarioFileError(file, issue.path.length ? pathText(issue.path) : null, issue.message)
  }
  const list = 'scenarios' in r.data ? r.data.scenarios : [r.data]
  const seen = new Set<string>()
  list.forEach((s, k) => {
    if (seen.has(s.id)) throw new ScenarioFileError(file, isSet ? `scenarios[${k}].id` : 'id', `id "${s.id}" is used twice`)
    seen.add(s.id)
  })
  return list
}

/** Reads and validates a scenario file. @throws ScenarioFileError (unreadable file, bad JSON, bad field) */
export function readScenarioFile(file: string): HypotheticalScenario[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new ScenarioFileError(file, null, `cannot read file: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new ScenarioFileError(file, null, `not valid JSON: ${(e as Error).message}`)
  }
  return parseScenarios(json, file)
}
