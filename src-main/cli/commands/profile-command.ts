import type { Command } from 'commander'
import { closeDatabase, openDatabase } from '../../audit/db'
import { ProfileStore } from '../../audit/profile-store'
import { createProfile, RoleError } from '../../desk/roles'
import { CliError } from '../cli-error'
import type { CliIo } from '../io'

interface ProfileAddArgs {
  db: string
  name: string
  role: string
}

/** Reads the passphrase: RISKDESK_PASSPHRASE, else the first line of standard input (never an argument: shells keep history). */
async function readPassphrase(): Promise<string> {
  const env = process.env.RISKDESK_PASSPHRASE
  if (env !== undefined && env.length > 0) return env
  if (process.stdin.isTTY) throw new CliError('set RISKDESK_PASSPHRASE, or pipe the passphrase on standard input', 2)
  let data = ''
  for await (const chunk of process.stdin) data += String(chunk)
  return data.split(/\r?\n/)[0] ?? ''
}

/**
 * `riskdesk profile add|list`: the desk's local profiles (issue 8, "Roles"). A desk head's passphrase is stored only as
 * a scrypt hash (desk/roles.ts) in the desk's database; the desk asks for it on every desk-head act.
 */
export function registerProfileCommand(program: Command, io: CliIo): void {
  const profile = program.command('profile').description("the desk's local profiles: traders and desk heads (a desk head's passphrase is stored as a scrypt hash)")
  profile
    .command('add')
    .description('add or replace a profile; a desk head\'s passphrase comes from RISKDESK_PASSPHRASE or standard input')
    .requiredOption('--db <file>', 'the desk database (SQLite)')
    .requiredOption('--name <name>', 'profile name (a desk head gives it with the passphrase)')
    .requiredOption('--role <role>', 'trader or desk-head')
    .action(async (args: ProfileAddArgs) => {
      if (args.role !== 'trader' && args.role !== 'desk-head') throw new CliError(`--role must be trader or desk-head, got "${args.role}"`, 2)
      const passphrase = args.role === 'desk-head' ? await readPassphrase() : null
      const db = openDatabase(args.db)
      try {
        const p = createProfile(args.name, args.role, passphrase)
        new ProfileStore(db).put(p)
        io.out(`profile ${p.name} (${p.role}) saved in ${args.db}${p.role === 'desk-head' ? ': passphrase stored as a scrypt hash' : ''}`)
      } catch (e) {
        if (e instanceof RoleError) throw new CliError(`profile ${args.name}: ${e.message}`, 2)
        throw e
      } finally {
        closeDatabase(db)
      }
    })
  profile
    .command('list')
    .description('the profiles of a desk database')
    .requiredOption('--db <file>', 'the desk database (SQLite)')
    .option('--json', 'print JSON')
    .action((args: { db: string; json?: boolean }) => {
      const db = openDatabase(args.db)
      try {
        const rows = new ProfileStore(db).list()
        if (args.json) io.out(JSON.stringify(rows))
        else for (const r of rows) io.out(`${r.name}  ${r.role}`)
      } finally {
        closeDatabase(db)
      }
    })
}
