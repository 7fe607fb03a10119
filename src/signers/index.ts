import { constants, publicDecrypt, randomBytes } from 'node:crypto'
import { parsePublicKey, REQUIRED_MODULUS_BITS } from '../bundle/keys.js'
import { BundleError } from '../errors.js'
import type { Logger, SigningKey } from '../types.js'
import type { CommandSettings } from './command.js'
import type { GcpKmsSettings } from './gcp-kms.js'
import type { Pkcs11Settings } from './pkcs11.js'
import type { Signer, SignerKind } from './signer.js'

export type { Signer, SignerKind } from './signer.js'
export const SIGNER_KINDS: readonly SignerKind[] = ['key', 'pkcs11', 'gcp-kms', 'command']
/** Here rather than in gcp-kms.ts, so the plan can check the name without loading google-auth-library. */
export const GCP_KMS_KEY_VERSION = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/\d+$/

/** What the plan validated for a signer other than `key` (which is today's private-key path). */
export type RemoteSignerSettings =
  { kind: 'pkcs11'; pkcs11: Pkcs11Settings } | { kind: 'gcp-kms'; gcpKms: GcpKmsSettings } | { kind: 'command'; command: CommandSettings }

/**
 * Each implementation is loaded only when chosen: the default `key` path
 * never loads google-auth-library or spawns anything.
 */
export async function openSigner(settings: RemoteSignerSettings, logger: Logger): Promise<Signer> {
  switch (settings.kind) {
    case 'pkcs11': {
      const { Pkcs11Signer } = await import('./pkcs11.js')
      return new Pkcs11Signer(settings.pkcs11)
    }
    case 'gcp-kms': {
      const { GcpKmsSigner } = await import('./gcp-kms.js')
      return new GcpKmsSigner(settings.gcpKms, logger)
    }
    case 'command': {
      const { CommandSigner } = await import('./command.js')
      return new CommandSigner(settings.command, logger)
    }
  }
}

/**
 * The signer's public key: the one it reports (PKCS#11, Cloud KMS), else
 * `public-key`, else the app's configured key. A reported key and a given one
 * must agree. Devices need RSA-2048 with exponent 65537, whatever signs.
 */
export async function signingKeyOf(
  signer: Signer,
  given: { publicKey?: string; configKey?: { text: string; path: string } },
): Promise<SigningKey> {
  const reported = await signer.publicKey()
  const fromSigner = reported ? parsePublicKey(reported, `the public key reported by ${signer.description}`, signer.input) : undefined
  const fromInput = given.publicKey ? parsePublicKey(given.publicKey, 'public-key', 'public-key') : undefined
  if (fromSigner && fromInput && fromSigner.pkcs1Pem !== fromInput.pkcs1Pem) {
    throw new BundleError(
      'public_key_mismatch',
      `public-key (key id ${fromInput.keyId}) is not the public key of ${signer.description} (key id ${fromSigner.keyId}); drop public-key or give the right one.`,
      'public-key',
    )
  }
  const chosen =
    fromSigner ??
    fromInput ??
    (given.configKey
      ? parsePublicKey(given.configKey.text, `plugins.CapacitorUpdater.publicKey in ${given.configKey.path}`, 'capacitor-config')
      : undefined)
  if (!chosen) {
    throw new BundleError(
      'public_key_missing',
      `public-key is not set and signer ${signer.kind} cannot report its public key: set public-key to the signing key's .capgo_key_v2.pub (or keep it in the capacitor config), so every signature can be checked.`,
      'public-key',
    )
  }
  const source = fromSigner ? signer.input : fromInput ? 'public-key' : 'capacitor-config'
  const details = chosen.key.asymmetricKeyDetails
  if (chosen.key.asymmetricKeyType !== 'rsa') {
    throw new BundleError(
      'key_not_rsa',
      `${source}: ${signer.description} has a ${chosen.key.asymmetricKeyType ?? 'non-RSA'} key; Capgo devices need an RSA-2048 key.`,
      source,
    )
  }
  if (details?.modulusLength !== REQUIRED_MODULUS_BITS) {
    throw new BundleError(
      'key_size',
      `${source}: ${signer.description} has a ${details?.modulusLength}-bit RSA key; devices need exactly 2048 bits (iOS rejects anything but 256-byte RSA blocks).`,
      source,
    )
  }
  if (details.publicExponent !== 65537n)
    throw new BundleError(
      'key_exponent',
      `${source}: ${signer.description} uses public exponent ${details.publicExponent}; Capgo keys use 65537.`,
      source,
    )
  return { signer, publicPem: chosen.pkcs1Pem, keyId: chosen.keyId }
}

/**
 * Every signature, from every signer, is checked against the public key
 * before it is used: a DigestInfo-wrapped signature, another key, or a
 * damaged answer would otherwise ship a bundle every device rejects.
 */
export async function checkedSign(key: SigningKey, data: Buffer): Promise<Buffer> {
  const signature = await key.signer.sign(data)
  const input = key.signer.input
  if (signature.length !== 256) {
    throw new BundleError(
      'signature_size',
      `${input}: ${key.signer.description} returned a ${signature.length}-byte signature; an RSA-2048 signature is 256 bytes.`,
      input,
    )
  }
  let recovered: Buffer | undefined
  try {
    recovered = publicDecrypt({ key: key.publicPem, padding: constants.RSA_PKCS1_PADDING }, signature)
  } catch {
    recovered = undefined
  }
  if (!recovered?.equals(data)) {
    throw new BundleError(
      'signature_invalid',
      `${input}: the signature from ${key.signer.description} does not verify with public key ${key.keyId}: another key, or not a raw PKCS#1 v1.5 signature (a DigestInfo-wrapped one is refused by devices).`,
      input,
    )
  }
  return signature
}

/** One signature of random bytes, checked: a wrong PIN, key or role fails in the plan, before any packing. */
export async function probeSigner(key: SigningKey): Promise<void> {
  await checkedSign(key, randomBytes(32))
}
