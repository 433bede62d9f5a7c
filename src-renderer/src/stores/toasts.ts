import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Alert } from '@shared/domain/alert'

/** How long a toast stays unless dismissed; long enough to read a message, short enough not to pile up. */
export const TOAST_MS = 8_000
/** Newest toasts kept on screen; older ones are dropped (the alert list still has them). */
export const MAX_TOASTS = 4

export interface Toast {
  key: number
  alert: Alert
}

/** In-app toasts for HIGH and CRITICAL alerts. */
export const useToastsStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([])
  let nextKey = 0
  const timers = new Map<number, ReturnType<typeof setTimeout>>()

  function dismiss(key: number): void {
    const t = timers.get(key)
    if (t !== undefined) clearTimeout(t)
    timers.delete(key)
    toasts.value = toasts.value.filter((x) => x.key !== key)
  }

  function push(alert: Alert): void {
    const key = ++nextKey
    toasts.value = [...toasts.value.filter((x) => x.alert.id !== alert.id), { key, alert }]
    while (toasts.value.length > MAX_TOASTS) dismiss(toasts.value[0]!.key)
    timers.set(key, setTimeout(() => dismiss(key), TOAST_MS))
  }

  return { toasts, push, dismiss }
})
