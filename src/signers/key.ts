import { constants, privateEncrypt, type KeyObject } from 'node:crypto'
import type { Signer } from './signer.js'

/**
 * The private key itself, in this process (the `private-key` secret). Not a
 * signature API: a signing call would wrap the input in DigestInfo and devices
 * would recover 51 bytes instead of 32.
 */
export function keySigner(privateKey: KeyObject, input = 'private-key'): Signer {
  return {
    kind: 'key',
    description: `private key from ${input}`,
    input,
    sign: async (data) => privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, data),
    publicKey: async () => undefined,
  }
}
