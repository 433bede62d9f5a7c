import { onBeforeUnmount, onMounted } from 'vue'

/** The desk's single-key shortcuts (shown in the legend). */
export const SHORTCUTS = [
  { key: 'A', command: 'approve', label: 'approve the open action (with the reason typed)' },
  { key: 'R', command: 'reject', label: 'type the reason for a decision' },
  { key: 'K', command: 'acknowledge', label: 'acknowledge the newest alert' },
] as const
export type ShortcutCommand = (typeof SHORTCUTS)[number]['command']

/** True when keys typed at `target` belong to a text field (inputs, text areas, selects, contenteditable). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

/**
 * The command a keydown means, or null. Ignored: keys typed into fields, keys with Ctrl/Meta/Alt (browser and OS
 * shortcuts), auto-repeat (holding A must not approve twice), and IME composition.
 */
export function shortcutOf(event: KeyboardEvent): ShortcutCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || event.isComposing) return null
  if (isTypingTarget(event.target)) return null
  const key = event.key.toUpperCase()
  return SHORTCUTS.find((s) => s.key === key)?.command ?? null
}

/**
 * Installs the shortcuts on `window` for the component's lifetime.
 * The event's default is prevented for a recognised key, so R does not also type an "r" into the field it focuses.
 */
export function useDeskShortcuts(handlers: Record<ShortcutCommand, () => void>): void {
  const onKey = (event: KeyboardEvent): void => {
    const command = shortcutOf(event)
    if (command === null) return
    event.preventDefault()
    handlers[command]()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
