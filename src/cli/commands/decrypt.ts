import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PUBLIC_KEY_FILE } from '../../bundle/key-files.js'
import { keyIdOf, parsePublicKey } from '../../bundle/keys.js'
import { verifyBundle } from '../../bundle/verify.js'
import { BundleError } from '../../errors.js'
import { BIN, PUBLIC_KEY_ENV, str, UsageError, type Command, type Context } from '../command.js'
import { publicKeyFrom } from '../key-lookup.js'
import type { KeyText } from '../../bundle/doctor.js'

export const PUBLIC_KEY_OPTIONS = [
  { name: 'key', type: 'string', value: 'path', description: `Public key file (${PUBLIC_KEY_FILE}).` },
  { name: 'key-data', type: 'string', value: 'pem', description: 'Public key PEM text.' },
  { name: 'config', type: 'string', value: 'path', description: 'Capacitor config whose public key to use when no key is given.' },
] as const

/** The encrypted file and the public key, or the error a person can act on. */
export async function bundleAndKey(
  context: Context,
  fallbacks: readonly ('file' | 'config')[],
): Promise<{ file: string; key: KeyText; keyId: string }> {
  const file = resolve(context.cwd, context.positionals[0])
  if (!(await stat(file).catch(() => undefined))?.isFile())
    throw new BundleError('bundle_missing', `${context.positionals[0]} is not a file; give the encrypted zip.`, 'file')
  const key = await publicKeyFrom(context, fallbacks)
  if (!key)
    throw new UsageError(
      `no public key: pass --key PATH or --key-data PEM, set ${PUBLIC_KEY_ENV}, or run where ${PUBLIC_KEY_FILE} or a capacitor config with publicKey is`,
    )
  return { file, key, keyId: keyIdOf(parsePublicKey(key.text, key.source, 'key').pkcs1Pem) }
}

export const decrypt: Command = {
  spec: {
    brief: 'Decrypt a bundle with the public key, checking the signed checksum',
    name: 'decrypt',
    summary:
      'Decrypt an encrypted bundle with the public key, as a device does, to <file>_decrypted.zip; with --checksum the signed checksum (V3 or V2) is checked first and nothing is written when it fails.',
    usage: `${BIN} decrypt <file> <ivSessionKey> [--key pub | --key-data pem] [--checksum signed] [--json]`,
    positionals: [
      { name: 'file', required: true, description: 'The encrypted zip.' },
      { name: 'ivSessionKey', required: true, description: 'base64(IV):base64(session key), from "encrypt".' },
    ],
    options: [
      ...PUBLIC_KEY_OPTIONS,
      { name: 'checksum', type: 'string', value: 'signed', description: 'The signed checksum to check (V3 hex or V2 base64).' },
      {
        name: 'package-json',
        type: 'string',
        value: 'paths',
        description: 'Accepted for compatibility: the checksum format is read from the checksum itself.',
      },
    ],
    details: `The public key comes from --key-data, --key, ${PUBLIC_KEY_ENV}, ./${PUBLIC_KEY_FILE}, then the capacitor config.
Use "${BIN} verify" to check a bundle without writing anything.`,
  },
  async run(context) {
    const { file, key, keyId } = await bundleAndKey(context, ['file', 'config'])
    const checksum = str(context, 'checksum')
    const filename = `${context.positionals[0]}_decrypted.zip`
    const result = await verifyBundle({
      file,
      ivSessionKey: context.positionals[1],
      checksum,
      publicKey: key.text,
      writeTo: resolve(context.cwd, filename),
    })
    context.logger.info(`Decrypted with ${key.source} (key id ${keyId})`)
    return {
      json: {
        filename,
        checksum: result.sha256,
        checksumMatches: checksum === undefined ? null : true,
        checksumFormat: result.checksumFormat ?? null,
        keyId,
      },
      text: [
        filename,
        `SHA-256: ${result.sha256}`,
        checksum === undefined
          ? 'No --checksum given: integrity not checked.'
          : `Checksum matches (${result.checksumFormat?.toUpperCase()}).`,
      ],
    }
  },
}
