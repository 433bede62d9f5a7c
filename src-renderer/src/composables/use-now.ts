import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/**
 * A ref holding `Date.now()`, refreshed every `periodMs` while the component is mounted (for countdowns).
 * The interval is cleared on unmount.
 */
export function useNow(periodMs = 1000): Ref<number> {
  const now = ref(Date.now())
  let handle: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    now.value = Date.now()
    handle = setInterval(() => (now.value = Date.now()), periodMs)
  })
  onBeforeUnmount(() => clearInterval(handle))
  return now
}
