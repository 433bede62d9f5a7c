const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of it is not a directory',
  EMFILE: 'too many open files',
}

/**
 * A short reason for a Node fs error: a plain phrase plus the errno code ("no such file (ENOENT)"),
 * or the error's own message for codes without a phrase.
 *
 * @param e - what an fs call threw
 */
export function describeIoError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code
  const message = e instanceof Error ? e.message : String(e)
  return typeof code === 'string' ? `${REASONS[code] ?? message} (${code})` : message
}
