import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import {
  defaultKeyDir,
  headMessage,
  installationIdentity,
  keyDirFor,
  keyIdOf,
  PRIVATE_KEY_FILE,
  readInstallation,
  signHead,
  verifyHeadSignature,
} from '../../../src-main/audit/installation'
import { makeTempDir } from './audit-test-helpers'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = makeTempDir()))
afterEach(() => cleanup())

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('installationIdentity', () => {
  it('creates a UUID and an Ed25519 key on first use: private key 0600 outside the database, public half inside', () => {
    const db = openDatabase(join(dir, 'a.db'))
    expect(readInstallation(db)).toBeNull()
    const keyDir = join(dir, 'keys')
    const id = installationIdentity(db, { keyDir })
    expect(id.id).toMatch(UUID_V4)
    expect(id.keyFile).toBe(join(keyDir, PRIVATE_KEY_FILE))
    expect(statSync(id.keyFile).mode & 0o777).toBe(0o600)
    expect(statSync(keyDir).mode & 0o777).toBe(0o700)
    expect(id.privateKey.asymmetricKeyType).toBe('ed25519')
    expect(id.keyId).toBe(keyIdOf(createPublicKey(id.privateKey)))
    const rec = readInstallation(db)
    expect(rec).toMatchObject({ id: id.id, keys: [{ keyId: id.keyId, publicKeyPem: id.publicKeyPem }] })
    // the database holds no private key material
    const dump = db.prepare<[], { t: string }>("SELECT group_concat(public_key_pem) AS t FROM installation_keys").get()!.t
    expect(dump).not.toMatch(/PRIVATE/)
    closeDatabase(db)
  })

  it('is stable: the same id and key on every later open', () => {
    const keyDir = join(dir, 'keys')
    const db = openDatabase(join(dir, 'a.db'))
    const first = installationIdentity(db, { keyDir })
    closeDatabase(db)
    const again = openDatabase(join(dir, 'a.db'))
    const second = installationIdentity(again, { keyDir })
    expect([second.id, second.keyId]).toEqual([first.id, first.keyId])
    expect(readInstallation(again)!.keys).toHaveLength(1)
    closeDatabase(again)
  })

  it('two databases are two trails (two ids) signed by the one user key', () => {
    const keyDir = join(dir, 'keys')
    const a = openDatabase(':memory:')
    const b = openDatabase(':memory:')
    const ia = installationIdentity(a, { keyDir })
    const ib = installationIdentity(b, { keyDir })
    expect(ia.id).not.toBe(ib.id)
    expect(ia.keyId).toBe(ib.keyId)
  })

  it('a lost key is replaced; the old public key stays registered so old checkpoints still verify', () => {
    const keyDir = join(dir, 'keys')
    const db = openDatabase(':memory:')
    const before = installationIdentity(db, { keyDir })
    rmSync(before.keyFile)
    const after = installationIdentity(db, { keyDir })
    expect(after.id).toBe(before.id)
    expect(after.keyId).not.toBe(before.keyId)
    expect(readInstallation(db)!.keys.map((k) => k.keyId)).toEqual([before.keyId, after.keyId])
  })

  it('a key file readable by others is narrowed back to 0600; a non-Ed25519 key is refused by name', () => {
    const keyDir = join(dir, 'keys')
    const db = openDatabase(':memory:')
    const id = installationIdentity(db, { keyDir })
    chmodSync(id.keyFile, 0o644)
    installationIdentity(db, { keyDir })
    expect(statSync(id.keyFile).mode & 0o777).toBe(0o600)
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' })
    writeFileSync(id.keyFile, rsa)
    expect(() => installationIdentity(db, { keyDir })).toThrow(/audit-signing-key\.pem holds a rsa key/)
  })

  it('the installation tables are append-only', () => {
    const db = openDatabase(':memory:')
    installationIdentity(db, { keyDir: join(dir, 'keys') })
    expect(() => db.prepare("UPDATE installation SET installation_id = 'x'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM installation_keys').run()).toThrow(/append-only/)
  })
})

describe('key directory', () => {
  it('option, then RISKDESK_KEY_DIR, then the platform config dir', () => {
    expect(keyDirFor({ keyDir: '/k', env: { RISKDESK_KEY_DIR: '/e' } })).toBe('/k')
    expect(keyDirFor({ env: { RISKDESK_KEY_DIR: '/e' } })).toBe('/e')
    expect(defaultKeyDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/riskdesk')
    expect(defaultKeyDir({}, 'linux', '/home/u')).toBe('/home/u/.config/riskdesk')
    expect(defaultKeyDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/RiskDesk')
    expect(defaultKeyDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toMatch(/Roaming.RiskDesk$/)
  })
})

describe('head signatures', () => {
  const id = '2b1f3c1e-4a7d-4e8a-9a51-2d3c4b5a6f70'
  const head = { seq: 42, hash: 'ab'.repeat(32) }
  it('sign the domain-separated canonical message; any change of seq, hash, installation or key fails', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(headMessage(id, head).toString()).toBe(`{"domain":"riskdesk.audit.head.v1","hash":"${head.hash}","installationId":"${id}","seq":42}`)
    const sig = signHead({ id, privateKey }, head)
    // independent reference: node's one-shot sign over the documented bytes
    expect(sig).toBe(sign(null, Buffer.from(`{"domain":"riskdesk.audit.head.v1","hash":"${head.hash}","installationId":"${id}","seq":42}`), privateKey).toString('base64'))
    expect(verifyHeadSignature(pem, id, head, sig)).toBe(true)
    expect(verifyHeadSignature(pem, id, { ...head, seq: 43 }, sig)).toBe(false)
    expect(verifyHeadSignature(pem, id, { ...head, hash: 'cd'.repeat(32) }, sig)).toBe(false)
    expect(verifyHeadSignature(pem, id.replace('2b', '3b'), head, sig)).toBe(false)
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(verifyHeadSignature(other, id, head, sig)).toBe(false)
    expect(verifyHeadSignature('not a key', id, head, sig)).toBe(false)
  })
})
