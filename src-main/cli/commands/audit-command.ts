import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { parseAnchorRef, takeAnchor, type AnchorRef } from '../../audit/anchor'
import { closeDatabase, openDatabase } from '../../audit/db'
import { writeEvents } from '../../audit/export'
import { keyDirFor, readSigningKey } from '../../audit/installation'
import { verifyTrail, type TrailReport } from '../../audit/verify-trail'
import { checkAgainstDeskCopy } from '../../replication/server-anchor'
import { CliError } from '../cli-error'
import type { CliIo } from '../io'
import { collect, isoDate } from '../options'

export function registerAuditCommand(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('the tamper-evident audit trail')
  audit
    .command('verify')
    .description('check the file (full SQLite integrity check), recompute the hash chain, check every checkpoint signature and, with --anchor, that the log still holds the anchored head; names the first bad row')
    .requiredOption('--db <file>', 'audit database')
    .option('--anchor <file|hash>', 'an anchor file from "riskdesk audit anchor", SEQ:HASH, or a head hash recorded earlier')
    .option('--pg <url>', 'the desk PostgreSQL copy as external anchor: every replicated event must still be in this trail, unchanged')
    .option('--json', 'print the result as JSON')
    .action(async (args: { db: string; anchor?: string; pg?: string; json?: boolean }) => {
      const anchor = args.anchor === undefined ? undefined : readAnchorArg(args.anchor)
      // the full integrity_check runs in verifyTrail (quick_check at open would not see index/table mismatches)
      const db = openDatabase(args.db, { readonly: true, integrityCheck: 'none' })
      try {
        const report = verifyTrail(db, anchor === undefined ? {} : { anchor })
        const desk = args.pg === undefined ? null : await checkAgainstDeskCopy(db, args.pg)
        if (args.json) io.out(JSON.stringify(desk === null ? jsonReport(report) : { ...(jsonReport(report) as object), deskCopy: desk }))
        else if (report.ok) for (const line of describeReport(report)) io.out(line)
        if (!report.ok) {
          const [first, ...rest] = report.problems
          throw new CliError(`audit trail ${args.db} FAILED verification${first?.startsWith('at seq') ? ' ' : ': '}${first ?? ''}`, 1, rest)
        }
        if (desk !== null && !desk.ok) throw new CliError(`audit trail ${args.db} FAILED verification against the desk copy: ${desk.message}`, 1)
        if (desk !== null && !args.json) io.out(desk.message)
      } finally {
        closeDatabase(db)
      }
    })
  audit
    .command('anchor')
    .description('print the chain head (seq, hash) signed with this installation\'s key, as JSON to keep outside this machine')
    .requiredOption('--db <file>', 'audit database')
    .option('--out <file>', 'also write the anchor to this file (refuses to overwrite)')
    .option('--key-dir <dir>', 'directory of the signing key (default $RISKDESK_KEY_DIR or the user config dir)')
    .action((args: { db: string; out?: string; keyDir?: string }) => {
      if (args.out !== undefined && existsSync(args.out)) throw new CliError(`--out ${args.out} exists already; anchors are never overwritten`, 2)
      const key = readSigningKey(keyDirFor(args.keyDir === undefined ? {} : { keyDir: args.keyDir }))
      const db = openDatabase(args.db, { readonly: true })
      try {
        const anchor = takeAnchor(db, key?.privateKey ?? null)
        const text = JSON.stringify(anchor, null, 2)
        if (args.out !== undefined) writeFileSync(args.out, `${text}\n`, { flag: 'wx' })
        io.out(text)
        if (anchor.signature === null) io.err('riskdesk: warning: anchor not signed (no signing key of this installation found); keep it anyway, its seq and hash still count')
      } finally {
        closeDatabase(db)
      }
    })
  audit
    .command('export')
    .description('export events: --from/--to are UTC days on the wall time, --market-from/--market-to market dates')
    .requiredOption('--db <file>', 'audit database')
    .option('--from <date>', 'first wall-clock day YYYY-MM-DD (UTC)', isoDate)
    .option('--to <date>', 'last wall-clock day YYYY-MM-DD (UTC)', isoDate)
    .option('--market-from <date>', 'first market date YYYY-MM-DD', isoDate)
    .option('--market-to <date>', 'last market date YYYY-MM-DD', isoDate)
    .option('--type <type>', 'only this event type (repeatable), e.g. alert.raised', collect)
    .requiredOption('--format <format>', 'csv (flat columns for a spreadsheet), json (the chain, re-verifiable) or chain-csv (the raw rows, payload as JSON)')
    .action((args: { db: string; from?: string; to?: string; marketFrom?: string; marketTo?: string; type?: string[]; format: string }) => {
      const format = args.format === 'csv' ? 'flat-csv' : args.format === 'chain-csv' ? 'csv' : args.format === 'json' ? 'json' : null
      if (format === null) throw new CliError(`--format must be csv, json or chain-csv, got "${args.format}"`, 2)
      if (args.marketFrom !== undefined && args.marketTo !== undefined && args.marketFrom > args.marketTo) {
        throw new CliError(`--market-from ${args.marketFrom} is after --market-to ${args.marketTo}`, 2)
      }
      const db = openDatabase(args.db, { readonly: true })
      try {
        const opts = {
          format,
          ...(args.from !== undefined ? { from: args.from } : {}),
          ...(args.to !== undefined ? { to: args.to } : {}),
          ...(args.marketFrom !== undefined ? { marketFrom: args.marketFrom } : {}),
          ...(args.marketTo !== undefined ? { marketTo: args.marketTo } : {}),
          ...(args.type !== undefined ? { types: args.type } : {}),
        } as const
        writeEvents(db, opts, (chunk) => io.write(chunk))
      } finally {
        closeDatabase(db)
      }
    })
}

/** `--anchor` is a file when one exists at that path, else the anchor text itself (SEQ:HASH or a hash). */
function readAnchorArg(arg: string): AnchorRef {
  const isFile = existsSync(arg)
  try {
    return parseAnchorRef(isFile ? readFileSync(arg, 'utf8') : arg, isFile ? arg : '--anchor')
  } catch (err) {
    throw new CliError((err as Error).message, 2)
  }
}

function describeReport(r: TrailReport): string[] {
  const lines: string[] = []
  if (r.chain?.ok) lines.push(`OK: ${r.chain.rows} events, chain intact, head seq ${r.chain.headSeq} ${r.chain.headHash}`)
  lines.push('file: PRAGMA integrity_check ok (tables and every index agree)')
  const cp = r.checkpoints
  if (cp !== null) {
    const last = cp.good.at(-1)
    lines.push(
      cp.checked === 0
        ? 'checkpoints: none yet (written every N events and at the end of each session)'
        : `checkpoints: ${cp.checked} signed, all verify; the last covers seq ${last?.covered.seq ?? '?'} (key ${last?.keyId.slice(0, 16) ?? '?'}...)`,
    )
  }
  if (r.installation !== null) lines.push(`installation: ${r.installation.id}`)
  if (r.anchor !== null) lines.push(`anchor: seq ${r.anchor.seq ?? '?'} ${r.anchor.hash} is in the log`)
  return lines
}

function jsonReport(r: TrailReport): unknown {
  return {
    ok: r.ok,
    problems: r.problems,
    chain: r.chain,
    integrity: r.integrity,
    checkpoints: r.checkpoints === null ? null : { checked: r.checkpoints.checked, good: r.checkpoints.good.length, last: r.checkpoints.good.at(-1) ?? null, problems: r.checkpoints.problems },
    anchor: r.anchor,
    installation: r.installation,
  }
}
