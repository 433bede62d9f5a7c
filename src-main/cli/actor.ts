import { userInfo } from 'node:os'

/** The person running the CLI, recorded as the actor of their decisions. */
export function currentUser(): string {
  try {
    return process.env.RISKDESK_USER || userInfo().username || 'cli'
  } catch {
    return 'cli'
  }
}
