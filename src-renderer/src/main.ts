import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { bootDesk } from './bootstrap'
import './styles/desk.css'

const pinia = createPinia()
const root = document.getElementById('app')

try {
  const { notifier } = bootDesk(pinia, window)
  createApp(App, { notifier }).use(pinia).mount('#app')
} catch (err) {
  // No session token (browser mode) or no transport at all: say so instead of showing an empty desk.
  if (root) {
    root.textContent = ''
    const p = document.createElement('p')
    p.className = 'fatal'
    p.textContent = err instanceof Error ? err.message : String(err)
    root.append(p)
  }
  throw err
}
