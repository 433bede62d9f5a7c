import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The installation's signing key lives in the user's config dir (src-main/audit/installation.ts). Tests, and the
// desk processes they start (which inherit this environment), keep theirs in a throw-away directory instead.
process.env.RISKDESK_KEY_DIR ??= mkdtempSync(join(tmpdir(), 'riskdesk-test-keys-'))
