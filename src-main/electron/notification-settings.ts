import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { z } from 'zod'

/**
 * The desktop's notification settings, kept in a small JSON file in the app's user-data folder beside the desk
 * database (`notification-settings.json`): `{ "doNotDisturb": boolean }`. Do-not-disturb silences HIGH notifications
 * and lets CRITICAL ones through. A missing file means the defaults; an unreadable or malformed one is reported once
 * (naming the file and the field) and the defaults are used until the user changes a setting, which rewrites it.
 */

export const NOTIFICATION_SETTINGS_FILE = 'notification-settings.json'

const SettingsSchema = z.object({ doNotDisturb: z.boolean() }).strict()
export type NotificationSettingsValue = z.infer<typeof SettingsSchema>

export interface NotificationSettings {
  doNotDisturb(): boolean
  /** switches do-not-disturb and saves the file (a failed write is logged; the setting holds for this run) */
  setDoNotDisturb(on: boolean): void
  /** called after every change; returns the unsubscribe function */
  onChange(listener: (settings: NotificationSettingsValue) => void): () => void
}

/**
 * Reads the settings file.
 * @returns the settings, or the defaults with a one-line problem naming the file and field when it cannot be used
 */
export function readNotificationSettings(file: string): { settings: NotificationSettingsValue; problem: string | null } {
  const defaults = { doNotDisturb: false }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaults, problem: null }
    return { settings: defaults, problem: `${file}: cannot be read (${(err as Error).message}); notification defaults used` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { settings: defaults, problem: `${file}: not valid JSON; notification defaults used` }
  }
  const parsed = SettingsSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.join('.')
    return { settings: defaults, problem: `${file}: field ${field}: ${issue?.message ?? 'invalid'}; notification defaults used` }
  }
  return { settings: parsed.data, problem: null }
}

/**
 * Opens the settings stored in `file` (see the module comment).
 * @param file absolute path of notification-settings.json
 */
export function openNotificationSettings(file: string): NotificationSettings {
  const read = readNotificationSettings(file)
  if (read.problem !== null) console.warn(`[notifications] ${read.problem}`)
  let current = read.settings
  const listeners = new Set<(settings: NotificationSettingsValue) => void>()
  const save = (): void => {
    // write-then-rename: a crash mid-write leaves the old file, never half a file
    const tmp = `${file}.tmp`
    try {
      writeFileSync(tmp, `${JSON.stringify(current)}\n`, { encoding: 'utf8', mode: 0o600 })
      renameSync(tmp, file)
    } catch (err) {
      console.error(`[notifications] could not save ${file}:`, err)
    }
  }
  return {
    doNotDisturb: () => current.doNotDisturb,
    setDoNotDisturb(on) {
      if (current.doNotDisturb === on) return
      current = { ...current, doNotDisturb: on }
      save()
      for (const l of listeners) l(current)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
