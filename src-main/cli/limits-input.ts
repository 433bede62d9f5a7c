import { existsSync } from 'node:fs'
import type { Limits } from '@shared/domain/limits'
import { readLimitsFile } from '../books/limits-file'
import { CliError } from './cli-error'

/** The limits beside a book: demo-desk.csv -> demo-desk.limits.json. */
export function limitsPathFor(bookPath: string): string {
  return bookPath.replace(/\.(csv|json)$/i, '') + '.limits.json'
}

/** Reads --limits, or the limits file beside the book. @throws CliError when neither exists or the file is invalid. */
export function loadLimitsForCli(bookPath: string, explicit: string | undefined): { limits: Limits; path: string } {
  const path = explicit ?? limitsPathFor(bookPath)
  if (!existsSync(path)) {
    throw new CliError(explicit ? `limits file ${path} not found` : `no limits for ${bookPath}: pass --limits FILE (looked for ${path})`, 2)
  }
  return { limits: readLimitsFile(path), path }
}
