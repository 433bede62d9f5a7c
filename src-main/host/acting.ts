import { DeskDecisionError } from '../desk/desk-session'
import { actorFor, type Actor } from '../desk/roles'
import type { ProfileStore } from '../audit/profile-store'

/**
 * Who is acting on a request: the transport's user as a trader, or, when the request names a desk head, that
 * profile with its passphrase checked now (scrypt). A wrong passphrase gives an unverified desk head: the control
 * loop refuses its desk-head acts and audits the refusal.
 * @throws DeskDecisionError('unauthenticated') when no desk-head profile has that name
 */
export function actingAs(profiles: ProfileStore, user: string, deskHead: { name: string; passphrase: string } | undefined): Actor {
  if (deskHead === undefined) return { name: user, role: 'trader', verified: false }
  const profile = profiles.get(deskHead.name)
  if (profile === null || profile.role !== 'desk-head') throw new DeskDecisionError('unauthenticated', `no desk-head profile named "${deskHead.name}" on this desk (create one with riskdesk profile add)`)
  return actorFor(profile, deskHead.passphrase)
}
