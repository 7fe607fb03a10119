import { maskPrivateKeyText } from './bundle/keys.js'
import { BundleError } from './errors.js'
import type { Logger } from './types.js'

/** base64 that decodes to a PEM header or an OpenSSH key: "-----BEGIN" and "openssh-key-v1". */
const WRAPPED_KEY = /^(LS0tLS1CRUdJT|b3BlbnNzaC1rZXktdjE)/

/**
 * Key text rather than a path: a PEM block, or a base64 blob of key length
 * (DER keys start with a SEQUENCE, "MII" in base64; a PEM or OpenSSH key
 * base64-wrapped once). Paths of that length made only of base64 characters
 * do not occur in practice.
 */
export function looksLikeKeyMaterial(value: string): boolean {
  if (/-----BEGIN [A-Z0-9 ]*KEY/.test(value)) return true
  const compact = value.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/=_-]+$/.test(compact)) return false
  return (compact.length >= 100 && (/^MI[I-J]/.test(compact) || WRAPPED_KEY.test(compact))) || compact.length >= 200
}

/** Masks what could be a private key; a PEM public key alone is left readable. */
export function maskIfKeyText(value: string, logger: Logger): void {
  if (!value.trim() || !looksLikeKeyMaterial(value)) return
  if (/-----BEGIN [A-Z0-9 ]*PUBLIC KEY-----/.test(value) && !/PRIVATE KEY/.test(value)) return
  maskPrivateKeyText(value, logger)
}

/** For path inputs: key text is masked (every line, every unwrapped form) and refused with what to do instead. */
export function refuseKeyTextAsPath(name: string, value: string, logger: Logger, instead = 'private-key'): void {
  if (!looksLikeKeyMaterial(value)) return
  maskPrivateKeyText(value, logger)
  const also = name === 'private-key-path' ? '' : `, and set ${name} to a path`
  throw new BundleError('key_text_in_path', `${name} holds key text, not a path: pass it as ${instead} (from a secret)${also}.`, name)
}
