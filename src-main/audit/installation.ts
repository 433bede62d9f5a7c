/**
 * The identity of an audit trail and the Ed25519 key that signs its checkpoints.
 *
 * Two things, kept in two places on purpose:
 * - the installation id (a random UUID, RFC 9562 v4) names this trail, i.e. this database: it is created the first
 *   time a writable connection asks for it and stored in the `installation` table (migration 30). Two databases on
 *   one machine are two chains, so they get two ids (the desk-wide PostgreSQL copy keys events by it);
 * - the Ed25519 key pair (RFC 8032, node:crypto) belongs to the user account on this machine. The private key lives
 *   OUTSIDE the database, as a PKCS#8 PEM file with mode 0600 in a 0700 directory (see `defaultKeyDir`); only its
 *   public half goes into the database (`installation_keys`, append-only), identified by `keyId`.
 *
 * Why the private key is not in the database: the database is the evidence. It is copied, backed up, attached to
 * tickets and handed to auditors; whoever holds a copy must be able to check signatures but not make them. A forger
 * who rewrites the file therefore cannot re-sign the checkpoints without also reading the key file, which the
 * operating system guards with the user's file permissions. That is a real but local barrier: someone who runs as
 * the user (or root) can read the key too, which is why an anchor kept elsewhere (`riskdesk audit anchor`) and the
 * desk-wide copy are what close the gap (docs/ARCHITECTURE.md "What a local chain can prove").
 *
 * Where: `$RISKDESK_KEY_DIR` when set (tests, locked-down deployments), else the per-user configuration directory
 * of the platform, the same place Electron's `app.getPath('appData')` points to: `$XDG_CONFIG_HOME/riskdesk` or
 * `~/.config/riskdesk` on Linux (XDG Base Directory spec), `~/Library/Application Support/RiskDesk` on macOS,
 * `%APPDATA%\RiskDesk` on Windows. Not the directory of the database: a database file is often shared or moved.
 *
 * A key file that is lost is replaced by a new key on the next run; the new public key is added beside the old one,
 * so earlier checkpoints still verify. A database moved to another machine likewise gains that machine's key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto'
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { ChainHead } from './event-types'

/** File name of the private key inside the key directory. */
export const PRIVATE_KEY_FILE = 'audit-signing-key.pem'

/** Environment variable that overrides the key directory. */
export const KEY_DIR_ENV = 'RISKDESK_KEY_DIR'

/** Where `installationIdentity` finds or creates the private key. */
export interface InstallationOptions {
  /** directory of the private key file; default `$RISKDESK_KEY_DIR`, else `defaultKeyDir()`. */
  readonly keyDir?: string
  /** environment consulted for RISKDESK_KEY_DIR / XDG_CONFIG_HOME / APPDATA; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv
  /** clock for the creation times; default the wall clock. */
  readonly now?: () => Date
}

/** A public key registered in the database. */
export interface InstallationKey {
  /** lowercase hex SHA-256 of the key's SPKI DER encoding (a fingerprint, like an SSH key's). */
  readonly keyId: string
  readonly publicKeyPem: string
  readonly createdAt: string
}

/** What the database says about its installation (readable from a read-only connection). */
export interface InstallationRecord {
  readonly id: string
  readonly createdAt: string
  /** every public key ever registered, oldest first. */
  readonly keys: readonly InstallationKey[]
}

/** The installation of a writable database, with the private key that signs for it. */
export interface InstallationIdentity {
  /** UUID of this trail. */
  readonly id: string
  /** id of the key this process signs with (registered in the database). */
  readonly keyId: string
  readonly publicKeyPem: string
  readonly createdAt: string
  /** path of the private key file. */
  readonly keyFile: string
  /** the Ed25519 private key; never serialised. */
  readonly privateKey: KeyObject
}

/**
 * The per-user configuration directory RiskDesk keeps its signing key in (see the module header).
 *
 * @param env - environment (XDG_CONFIG_HOME, APPDATA); default `process.env`.
 * @param platform - default `process.platform`.
 * @param home - default `os.homedir()`.
 * @returns an absolute directory path (not created here).
 */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'RiskDesk')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'RiskDesk')
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'riskdesk')
}

/** The key directory in force for `opts`: option, then RISKDESK_KEY_DIR, then the platform default. */
export function keyDirFor(opts: InstallationOptions = {}): string {
  const env = opts.env ?? process.env
  return opts.keyDir ?? (env[KEY_DIR_ENV] || defaultKeyDir(env))
}

/** Fingerprint of a public key: lowercase hex SHA-256 of its SPKI DER bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')
}

/**
 * Load the private key from `keyDir`, creating a new Ed25519 pair there if there is none.
 *
 * The file is created with O_EXCL and mode 0600, so two processes starting at once cannot both write one (the loser
 * reads the winner's). An existing file readable by group or others is narrowed back to 0600 (POSIX only).
 *
 * @param keyDir - directory (created with mode 0700 when missing).
 * @returns the private key and the path of its file.
 * @throws Error naming the file when it exists but is not an Ed25519 PKCS#8 PEM key.
 */
export function loadOrCreateSigningKey(keyDir: string): { privateKey: KeyObject; keyFile: string } {
  const keyFile = join(keyDir, PRIVATE_KEY_FILE)
  mkdirSync(keyDir, { recursive: true, mode: 0o700 })
  let fd: number | null = null
  try {
    fd = openSync(keyFile, 'wx', 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  if (fd !== null) {
    const { privateKey } = generateKeyPairSync('ed25519')
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    try {
      writeFileSync(fd, pem)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return { privateKey, keyFile }
  }
  if (process.platform !== 'win32' && (statSync(keyFile).mode & 0o077) !== 0) chmodSync(keyFile, 0o600)
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(readFileSync(keyFile))
  } catch (err) {
    throw new Error(`${keyFile} is not a readable private key: ${(err as Error).message}`, { cause: err })
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} holds a ${privateKey.asymmetricKeyType} key; RiskDesk signs with Ed25519`)
  return { privateKey, keyFile }
}

/**
 * The private key in `keyDir`, if there is one; never creates a key (for read-only commands such as
 * `riskdesk audit anchor`).
 *
 * @returns the key and its file, or null when the file does not exist.
 * @throws Error as `loadOrCreateSigningKey` for an unreadable or non-Ed25519 file.
 */
export function readSigningKey(keyDir: string): { privateKey: KeyObject; keyFile: string } | null {
  const keyFile = join(keyDir, PRIVATE_KEY_FILE)
  if (statSync(keyFile, { throwIfNoEntry: false }) === undefined) return null
  return loadOrCreateSigningKey(keyDir)
}

/**
 * What the database records about its installation, without writing anything.
 *
 * @param db - any connection (read-only is fine), migrated to at least migration 30.
 * @returns the id and every registered public key, or null when no writable connection has created it yet.
 */
export function readInstallation(db: Database): InstallationRecord | null {
  const row = db.prepare<[], { installation_id: string; created_at: string }>('SELECT installation_id, created_at FROM installation WHERE id = 1').get()
  if (row === undefined) return null
  const keys = db
    .prepare<[], InstallationKey>('SELECT key_id AS keyId, public_key_pem AS publicKeyPem, created_at AS createdAt FROM installation_keys ORDER BY rowid')
    .all()
  return { id: row.installation_id, createdAt: row.created_at, keys }
}

/**
 * The installation of `db`, created on first use: a new UUID in the database and, when the key directory has no
 * key yet, a new Ed25519 key pair there; this process's public key is registered in the database if it is not yet.
 *
 * @param db - a writable connection from `openDatabase`.
 * @param opts - key directory and clock (see InstallationOptions).
 * @returns id, key id, public key PEM, creation time, key file and the private key.
 * @throws Error when the key file cannot be created or read; SqliteError when the database is read-only and the
 *   installation or key is not recorded yet.
 */
export function installationIdentity(db: Database, opts: InstallationOptions = {}): InstallationIdentity {
  const { privateKey, keyFile } = loadOrCreateSigningKey(keyDirFor(opts))
  const publicKey = createPublicKey(privateKey)
  const keyId = keyIdOf(publicKey)
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const now = (opts.now ?? (() => new Date()))().toISOString()
  const existing = readInstallation(db)
  if (existing === null || !existing.keys.some((k) => k.keyId === keyId)) {
    db.transaction(() => {
      db.prepare('INSERT OR IGNORE INTO installation (id, installation_id, created_at) VALUES (1, ?, ?)').run(randomUUID(), now)
      db.prepare('INSERT OR IGNORE INTO installation_keys (key_id, public_key_pem, created_at) VALUES (?, ?, ?)').run(keyId, publicKeyPem, now)
    }).immediate()
  }
  const record = readInstallation(db)
  if (record === null) throw new Error('installation row missing after creation')
  return { id: record.id, keyId, publicKeyPem, createdAt: record.createdAt, keyFile, privateKey }
}

/**
 * The exact bytes an installation signs for a chain head: canonical JSON (keys sorted, no spaces) of
 * `{domain, hash, installationId, seq}` with domain `riskdesk.audit.head.v1`, so a signature over a head of one trail
 * can never be replayed as a signature of another trail or of some other message.
 */
export function headMessage(installationId: string, head: ChainHead): Buffer {
  if (!Number.isSafeInteger(head.seq)) throw new RangeError(`seq must be a safe integer, got ${head.seq}`)
  return Buffer.from(
    `{"domain":"riskdesk.audit.head.v1","hash":${JSON.stringify(head.hash)},"installationId":${JSON.stringify(installationId)},"seq":${head.seq}}`,
    'utf8',
  )
}

/**
 * Sign a chain head with the installation's key (Ed25519, RFC 8032: deterministic, no nonce to get wrong).
 *
 * @returns the 64-byte signature as base64.
 */
export function signHead(identity: Pick<InstallationIdentity, 'id' | 'privateKey'>, head: ChainHead): string {
  return sign(null, headMessage(identity.id, head), identity.privateKey).toString('base64')
}

/**
 * Check a head signature.
 *
 * @param publicKeyPem - SPKI PEM of the key that is claimed to have signed.
 * @returns true when `signature` (base64) is that key's signature of `headMessage(installationId, head)`; false for
 *   any malformed key or signature.
 */
export function verifyHeadSignature(publicKeyPem: string, installationId: string, head: ChainHead, signature: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem)
    if (key.asymmetricKeyType !== 'ed25519') return false
    return verify(null, headMessage(installationId, head), key, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}
