import type { Database } from 'better-sqlite3'
import { ProfileSchema, type Profile } from '../desk/roles'

/**
 * The desk's local profiles (issue 8, "Roles"), in the desk's database: a name, a role, and for a desk head the
 * scrypt hash of the passphrase (roles.ts). A row that does not parse is treated as absent (never trusted).
 */
export class ProfileStore {
  constructor(private readonly db: Database) {
    db.exec('CREATE TABLE IF NOT EXISTS profiles (name TEXT PRIMARY KEY, profile TEXT NOT NULL, created_at TEXT NOT NULL)')
  }

  get(name: string): Profile | null {
    const row = this.db.prepare('SELECT profile FROM profiles WHERE name = ?').get(name.trim()) as { profile: string } | undefined
    if (!row) return null
    try {
      const parsed = ProfileSchema.safeParse(JSON.parse(row.profile))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }

  /** Adds or replaces a profile (the CLI's `riskdesk profile add`). */
  put(profile: Profile): void {
    const p = ProfileSchema.parse(profile)
    this.db
      .prepare('INSERT INTO profiles (name, profile, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET profile = excluded.profile')
      .run(p.name, JSON.stringify(p), new Date().toISOString())
  }

  list(): { name: string; role: Profile['role'] }[] {
    const rows = this.db.prepare('SELECT profile FROM profiles ORDER BY name').all() as { profile: string }[]
    return rows.flatMap((r) => {
      const parsed = ProfileSchema.safeParse(JSON.parse(r.profile))
      return parsed.success ? [{ name: parsed.data.name, role: parsed.data.role }] : []
    })
  }
}
