/**
 * Stress Lab persistence in the RiskDesk database (migration 50 `stress-lab`, audit/migrations.ts): hypothetical
 * scenarios, named scenario sets, and runs saved with their inputs (the book snapshot, the request with every
 * scenario definition, the data version) so that a run can be repeated to the same numbers. JSON is stored canonical
 * (audit/canonical-json.ts); rows are validated when read back (zod), so a hand-edited database gives a clear error.
 * SQL only with bound parameters.
 */
import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import type { Book } from '@shared/domain/book'
import { canonicalJson } from '../audit/canonical-json'
import { HypotheticalScenarioSchema, type HypotheticalScenario } from './scenario-file'
import { historicalScenario } from './scenario-library'
import type { StressReport, StressRunRequest } from './stress-run'

export interface SavedStressRun {
  readonly id: number
  readonly createdAt: string
  readonly book: Book
  readonly asof: string
  readonly dataVersion: string
  readonly request: StressRunRequest
  readonly report: StressReport
  /** SHA-256 of the canonical JSON of the saved report's scenarios */
  readonly resultHash: string
}

/** Plain JSON data (undefined members dropped, as JSON.stringify does) in canonical form. */
function canonical(x: unknown): string {
  return canonicalJson(JSON.parse(JSON.stringify(x)))
}

const SetSchema = z.array(z.string().min(1))
const BookSnapshotSchema = z.object({ name: z.string(), positions: z.array(z.object({ symbol: z.string(), quantity: z.number() }).loose()) }).loose()

/** SHA-256 of the canonical JSON of a report's scenario results: equal hashes, equal numbers. */
export function resultHash(report: Pick<StressReport, 'scenarios'>): string {
  return createHash('sha256').update(canonical(report.scenarios)).digest('hex')
}

export class StressRepository {
  constructor(private readonly db: Database) {}

  /** Saves (or replaces, by id) a hypothetical scenario. */
  saveScenario(s: HypotheticalScenario): void {
    const now = new Date().toISOString()
    this.db
      .prepare('INSERT INTO stress_scenarios (scenario_id, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(scenario_id) DO UPDATE SET name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at')
      .run(s.id, s.name, canonical(HypotheticalScenarioSchema.parse(s)), now, now)
  }

  /** Every saved hypothetical scenario, by id. @throws Error naming the row whose definition does not validate */
  listScenarios(): HypotheticalScenario[] {
    const rows = this.db.prepare('SELECT scenario_id, definition FROM stress_scenarios ORDER BY scenario_id').all() as { scenario_id: string; definition: string }[]
    return rows.map((r) => {
      const parsed = HypotheticalScenarioSchema.safeParse(JSON.parse(r.definition))
      if (!parsed.success) throw new Error(`saved stress scenario ${r.scenario_id} is not valid: ${parsed.error.issues[0]?.message}`)
      return parsed.data
    })
  }

  /** Saves a named set of scenario ids (library ids or saved hypothetical ids). @throws Error on an unknown id */
  saveSet(name: string, ids: readonly string[]): void {
    const saved = new Set(this.listScenarios().map((s) => s.id))
    const unknown = ids.filter((id) => !historicalScenario(id) && !saved.has(id))
    if (unknown.length) throw new Error(`stress set ${name}: unknown scenario id(s) ${unknown.join(', ')}`)
    this.db.prepare('INSERT INTO stress_sets (name, scenario_ids, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET scenario_ids = excluded.scenario_ids').run(name, canonical(ids), new Date().toISOString())
  }

  /** The scenarios of a saved set, resolved to definitions. @throws Error when the set or an id is missing */
  loadSet(name: string): Pick<StressRunRequest, 'historical' | 'hypothetical'> {
    const row = this.db.prepare('SELECT scenario_ids FROM stress_sets WHERE name = ?').get(name) as { scenario_ids: string } | undefined
    if (!row) throw new Error(`no saved stress set named ${name}`)
    const ids = SetSchema.parse(JSON.parse(row.scenario_ids))
    const saved = new Map(this.listScenarios().map((s) => [s.id, s]))
    const historical = ids.map((id) => historicalScenario(id)).filter((d) => d !== undefined)
    const hypothetical = ids.filter((id) => !historicalScenario(id)).map((id) => {
      const s = saved.get(id)
      if (!s) throw new Error(`stress set ${name}: scenario ${id} is no longer saved`)
      return s
    })
    return { historical, hypothetical }
  }

  /** Saves a run with its inputs. @returns the run id */
  saveRun(book: Book, report: StressReport): number {
    const r = this.db
      .prepare('INSERT INTO stress_runs (created_at, book_name, asof, data_version, inputs, result, result_hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), book.name, report.asof, report.dataVersion, canonical({ book, request: report.request }), canonical(report), resultHash(report))
    return Number(r.lastInsertRowid)
  }

  /** A saved run with its inputs. @throws Error when the run is missing or its inputs do not validate */
  getRun(id: number): SavedStressRun {
    const row = this.db.prepare('SELECT id, created_at, asof, data_version, inputs, result, result_hash FROM stress_runs WHERE id = ?').get(id) as
      | { id: number; created_at: string; asof: string; data_version: string; inputs: string; result: string; result_hash: string }
      | undefined
    if (!row) throw new Error(`no saved stress run ${id}`)
    const inputs = JSON.parse(row.inputs) as { book: unknown; request: StressRunRequest }
    const book = BookSnapshotSchema.parse(inputs.book) as unknown as Book
    return { id: row.id, createdAt: row.created_at, book, asof: row.asof, dataVersion: row.data_version, request: inputs.request, report: JSON.parse(row.result) as StressReport, resultHash: row.result_hash }
  }
}
