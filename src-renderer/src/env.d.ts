/// <reference types="vite/client" />
import type { DeskApi } from '@shared/api/contract'

declare global {
  interface Window {
    /** The DeskApi exposed by the Electron preload (contextBridge); absent in browser mode. */
    riskdesk?: DeskApi
  }
}

export {}
