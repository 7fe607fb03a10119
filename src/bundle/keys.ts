import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { BundleError } from '../errors.js'
import { keySigner } from '../signers/key.js'
import type { Logger, SigningKey } from '../types.js'

/** Devices decrypt RSA-2048 only: iOS requires 256-byte RSA blocks. */
export const REQUIRED_MODULUS_BITS = 2048
const PUBLIC_EXPONENT = 65537n
const KEY_ID_LENGTH = 20

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/

interface PemBlock {
  label: string
  /** Base64 body with every whitespace character removed. */
  body: string
}

/**
 * Undoes what secret stores and copy-paste do to a PEM: surrounding quotes and
 * whitespace, CRLF, literal `\n` escapes, a body folded onto one line, or the
 * whole PEM base64-encoded once. Returns the forms worth masking too.
 */
function unwrapPem(given: string): { block: PemBlock | undefined; derived: string[] } {
  const derived: string[] = []
  let text = given.trim()
  if (/^(["']).*\1$/s.test(text)) text = text.slice(1, -1).trim()
  text = text.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n')
  if (!text.includes('-----BEGIN') && /^[A-Za-z0-9+/=\s]+$/.test(text)) {
    const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8')
    if (decoded.includes('-----BEGIN')) {
      derived.push(text.replace(/\s+/g, ''))
      text = decoded.replace(/\r\n?/g, '\n').trim()
    }
  }
  const match = PEM_BLOCK.exec(text)
  if (!match) return { block: undefined, derived }
  return { block: { label: match[1], body: match[2].replace(/\s+/g, '') }, derived }
}

function toPem(label: string, body: string): string {
  const lines = body.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

const PEM_ARMOUR = /-----(BEGIN|END) [A-Z0-9 ]+-----/g

function pemBody(pem: string): string {
  return pem.replace(PEM_ARMOUR, '').replace(/\s+/g, '')
}

/** Registers every form in which the private key could leak: as given, per line, and each derived encoding. */
function maskPrivateKey(given: string, derived: string[], key: KeyObject | undefined, logger: Logger): void {
  const forms = [given, ...derived]
  if (key) {
    if (key.asymmetricKeyType === 'rsa') forms.push(key.export({ type: 'pkcs1', format: 'pem' }) as string)
    forms.push(key.export({ type: 'pkcs8', format: 'pem' }) as string)
  }
  const values = new Set<string>()
  for (const form of forms) {
    values.add(form.trim())
    values.add(pemBody(form))
    // One mask per line: a multi-line mask is not honoured on every runner. A line with key
    // material glued to the armour is masked without the armour, which is public.
    for (const line of form.split(/\r?\n|\\r\\n|\\n/)) {
      const trimmed = line.replace(PEM_ARMOUR, '').trim()
      if (trimmed.length >= 8) values.add(trimmed)
    }
  }
  for (const value of values) if (value) logger.secret(value)
}

/** Masks a private key as given, and every unwrapped form of it, before it is even parsed. */
export function maskPrivateKeyText(given: string, logger: Logger): void {
  const { block, derived } = unwrapPem(given)
  maskPrivateKey(given, block ? [...derived, toPem(block.label, block.body)] : derived, undefined, logger)
}

/**
 * Parses the private key the way users actually paste it, masks it, and
 * refuses anything devices could not use. `input` names the action input or
 * CLI flag the key came from, for messages.
 */
export function parsePrivateKey(given: string, logger: Logger, input = 'private-key'): SigningKey {
  const { block, derived } = unwrapPem(given)
  // Mask before anything else can print: even a refused key may be real.
  maskPrivateKeyText(given, logger)

  if (!block) {
    throw new BundleError(
      'key_malformed',
      `${input} is not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).`,
      input,
    )
  }
  if (block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(given)) {
    throw new BundleError(
      'key_encrypted',
      `${input} is encrypted with a passphrase; give the unencrypted PEM (store it as a secret instead).`,
      input,
    )
  }
  if (block.label === 'PUBLIC KEY' || block.label === 'RSA PUBLIC KEY') {
    throw new BundleError(
      'key_is_public',
      `${input} holds a public key; it needs the private key (.capgo_key_v2), and the public key belongs in the app's capacitor config.`,
      input,
    )
  }
  if (block.label !== 'RSA PRIVATE KEY' && block.label !== 'PRIVATE KEY') {
    throw new BundleError('key_malformed', `${input} is a PEM "${block.label}", not an RSA private key.`, input)
  }

  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey({ key: toPem(block.label, block.body), format: 'pem' })
  } catch {
    throw new BundleError(
      'key_malformed',
      `${input} could not be read as a PEM private key: the base64 body is damaged or truncated.`,
      input,
    )
  }
  maskPrivateKey(given, derived, privateKey, logger)

  const details = privateKey.asymmetricKeyDetails
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new BundleError(
      'key_not_rsa',
      `${input} is a ${privateKey.asymmetricKeyType ?? 'non-RSA'} key; Capgo devices need an RSA-2048 key.`,
      input,
    )
  }
  if (details?.modulusLength !== REQUIRED_MODULUS_BITS) {
    throw new BundleError(
      'key_size',
      `${input} is a ${details?.modulusLength}-bit RSA key; devices need exactly 2048 bits (iOS rejects anything but 256-byte RSA blocks). Create one with "capgo-bundle key create".`,
      input,
    )
  }
  if (details.publicExponent !== PUBLIC_EXPONENT) {
    throw new BundleError('key_exponent', `${input} uses public exponent ${details.publicExponent}; Capgo keys use 65537.`, input)
  }

  const publicPem = publicPemOf(privateKey)
  return { signer: keySigner(privateKey, input), publicPem, keyId: keyIdOf(publicPem) }
}

/** PKCS#1 public PEM, 64-character lines and a trailing newline: the form app configs carry. */
export function publicPemOf(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key)
  return publicKey.export({ type: 'pkcs1', format: 'pem' }) as string
}

/** What devices send as key_id: the first 20 characters of the public PEM body. */
export function keyIdOf(publicPem: string): string {
  return pemBody(publicPem).slice(0, KEY_ID_LENGTH)
}

export interface PublicKeyInfo {
  key: KeyObject
  /** `pkcs1` is the only form Android uses; `spki` makes it skip decryption. */
  form: 'pkcs1' | 'spki'
  /** Canonical PKCS#1 PEM of the same key. */
  pkcs1Pem: string
  keyId: string
}

/** Reads a public key from a config value or file; `source` names where it came from, for messages. */
export function parsePublicKey(text: string, source: string, input?: string): PublicKeyInfo {
  const { block } = unwrapPem(text)
  if (!block || (block.label !== 'RSA PUBLIC KEY' && block.label !== 'PUBLIC KEY')) {
    throw new BundleError('public_key_malformed', `${source} is not a PEM public key (expected -----BEGIN RSA PUBLIC KEY-----).`, input)
  }
  let key: KeyObject
  try {
    key = createPublicKey({ key: toPem(block.label, block.body), format: 'pem' })
  } catch {
    throw new BundleError(
      'public_key_malformed',
      `${source} could not be read as a PEM public key: the base64 body is damaged or truncated.`,
      input,
    )
  }
  const pkcs1Pem = publicPemOf(key)
  return { key, form: block.label === 'RSA PUBLIC KEY' ? 'pkcs1' : 'spki', pkcs1Pem, keyId: keyIdOf(pkcs1Pem) }
}

/**
 * The check that catches the most common way to ship bundles every device
 * rejects: the app was built with a different public key, or with one Android
 * cannot use. With `allowMismatch` (a key rotation in progress: the config
 * already holds the next key while old native builds still need the old one),
 * a different key is returned as a warning naming both key ids instead.
 */
export function checkConfigPublicKey(
  configKey: string,
  signing: SigningKey,
  configPath: string,
  allowMismatch = false,
): string | undefined {
  const where = `plugins.CapacitorUpdater.publicKey in ${configPath}`
  const info = parsePublicKey(configKey, where, 'capacitor-config')
  if (info.form === 'spki' || !configKey.startsWith('-----BEGIN RSA PUBLIC KEY-----')) {
    throw new BundleError(
      'config_key_format',
      `capacitor-config: ${where} is not a PKCS#1 key starting with "-----BEGIN RSA PUBLIC KEY-----": Android skips decryption with it and the update fails its checksum. Run "capgo-bundle key save" to write the right form.`,
      'capacitor-config',
    )
  }
  if (info.pkcs1Pem === signing.publicPem) return undefined
  // Today's messages name private-key; a key kept elsewhere is named by its own input.
  const name = signing.signer.kind === 'key' ? 'private-key' : signing.signer.input
  if (allowMismatch) {
    return `${name} (key id ${signing.keyId}) is not the key in ${where} (key id ${info.keyId}): only apps built before that config changed can decrypt this bundle (allow-key-mismatch: true, for a key rotation).`
  }
  throw new BundleError(
    'key_mismatch',
    `${name} does not match ${where} (key id ${signing.keyId} vs ${info.keyId}): apps built with this config could not decrypt this bundle. Use the private key of that pair, or during a key rotation set allow-key-mismatch: true.`,
    name,
  )
}

/** A fresh RSA-2048 pair in the PEM forms Capgo uses. */
export function generateKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: REQUIRED_MODULUS_BITS,
    publicExponent: Number(PUBLIC_EXPONENT),
  })
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  }
}
