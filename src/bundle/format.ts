import { constants, privateEncrypt, publicDecrypt, type KeyObject } from 'node:crypto'
import { checkedSign } from '../signers/index.js'
import type { ChecksumFormat, SigningKey } from '../types.js'

/** AES-128-CBC: what the plugin's native code decrypts, whatever Capgo's docs say. */
export const CIPHER = 'aes-128-cbc'
export const SESSION_KEY_BYTES = 16
export const IV_BYTES = 16
/** RSA-2048 output: devices require the recovered block to come from a 256-byte value. */
export const RSA_BLOCK_BYTES = 256

/**
 * The raw RSA private-key operation on a PKCS#1 v1.5 type-1 block. Not a
 * signature: a signing API would wrap the input in DigestInfo and devices
 * would recover 51 bytes instead of 32.
 */
function rsaPrivate(key: KeyObject, data: Buffer): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data)
}

function rsaPublicRecover(key: KeyObject, data: Buffer): Buffer {
  return publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data)
}

/** `base64(IV):base64(RSA_priv(K))`, what Capgo stores as session_key. */
export function encodeIvSessionKey(key: KeyObject, sessionKey: Buffer, iv: Buffer): string {
  return `${iv.toString('base64')}:${rsaPrivate(key, sessionKey).toString('base64')}`
}

/** encodeIvSessionKey through any signer, the signature checked before use. */
export async function sealSessionKey(key: SigningKey, sessionKey: Buffer, iv: Buffer): Promise<string> {
  return `${iv.toString('base64')}:${(await checkedSign(key, sessionKey)).toString('base64')}`
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export class SessionKeyError extends Error {}

/** Parses a session key as strictly as iOS does: two non-empty base64 parts, a 16-byte IV. */
export function parseIvSessionKey(ivSessionKey: string): { iv: Buffer; encryptedKey: Buffer } {
  const parts = ivSessionKey.split(':')
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new SessionKeyError('session key is not two base64 parts separated by ":"')
  if (!STRICT_BASE64.test(parts[0]) || !STRICT_BASE64.test(parts[1])) throw new SessionKeyError('session key is not strict base64')
  const iv = Buffer.from(parts[0], 'base64')
  if (iv.length !== IV_BYTES) throw new SessionKeyError(`IV is ${iv.length} bytes, devices need ${IV_BYTES}`)
  return { iv, encryptedKey: Buffer.from(parts[1], 'base64') }
}

/**
 * Recovers K from the second part of a session key; devices require a 256-byte
 * RSA value (OpenSSL would also take one written without its leading zero
 * bytes, iOS does not) and exactly 16 recovered bytes.
 */
export function recoverSessionKey(publicKey: KeyObject, encryptedKey: Buffer): Buffer {
  if (encryptedKey.length !== RSA_BLOCK_BYTES)
    throw new SessionKeyError(`encrypted session key is ${encryptedKey.length} bytes, devices need a ${RSA_BLOCK_BYTES}-byte RSA value`)
  let sessionKey: Buffer
  try {
    sessionKey = rsaPublicRecover(publicKey, encryptedKey)
  } catch {
    throw new SessionKeyError('session key was not encrypted with the private half of this public key')
  }
  if (sessionKey.length !== SESSION_KEY_BYTES)
    throw new SessionKeyError(`session key is ${sessionKey.length} bytes, devices need ${SESSION_KEY_BYTES}`)
  return sessionKey
}

/**
 * Signs the plaintext zip's SHA-256 for devices. V3: hex of RSA_priv(raw
 * digest). V2 (plugins before x.30.0): base64 of RSA_priv(the hex string
 * decoded as if it were base64), a quirk reproduced exactly.
 */
export function signChecksum(key: KeyObject, sha256Hex: string, format: ChecksumFormat): string {
  if (format === 'v3') return rsaPrivate(key, Buffer.from(sha256Hex, 'hex')).toString('hex')
  return rsaPrivate(key, Buffer.from(sha256Hex, 'base64')).toString('base64')
}

/** signChecksum through any signer (once per bundle, after hashing), the signature checked before use. */
export async function signChecksumWith(key: SigningKey, sha256Hex: string, format: ChecksumFormat): Promise<string> {
  if (format === 'v3') return (await checkedSign(key, Buffer.from(sha256Hex, 'hex'))).toString('hex')
  return (await checkedSign(key, Buffer.from(sha256Hex, 'base64'))).toString('base64')
}

export class ChecksumError extends Error {}

/**
 * What a device recovers from a signed checksum: hex input means V3 (compare
 * the hex of the recovered bytes), anything else is V2 (the base64 of them).
 */
export function recoverChecksum(publicKey: KeyObject, checksum: string): { expectedSha256: string; format: ChecksumFormat } {
  const format: ChecksumFormat = /^[0-9a-fA-F]+$/.test(checksum) ? 'v3' : 'v2'
  const signed = Buffer.from(checksum, format === 'v3' ? 'hex' : 'base64')
  if (signed.length !== RSA_BLOCK_BYTES)
    throw new ChecksumError(`signed checksum is ${signed.length} bytes, devices need a ${RSA_BLOCK_BYTES}-byte RSA value`)
  let recovered: Buffer
  try {
    recovered = rsaPublicRecover(publicKey, signed)
  } catch {
    throw new ChecksumError('checksum was not signed with the private half of this public key')
  }
  return { expectedSha256: recovered.toString(format === 'v3' ? 'hex' : 'base64'), format }
}
