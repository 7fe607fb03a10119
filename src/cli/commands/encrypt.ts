import { dirname, resolve } from 'node:path'
import { findCapacitorConfig, readCapacitorConfig } from '../../bundle/capacitor-config.js'
import { chooseChecksumFormat } from '../../bundle/checksum-format.js'
import { encryptZipFile } from '../../bundle/encrypt.js'
import { PRIVATE_KEY_FILE } from '../../bundle/key-files.js'
import { checkConfigPublicKey, parsePrivateKey } from '../../bundle/keys.js'
import { isBundleError } from '../../errors.js'
import type { SigningKey } from '../../types.js'
import { BIN, PRIVATE_KEY_ENV, str, UsageError, type Command, type Context } from '../command.js'
import { PRIVATE_KEY_LOOKUP, privateKeyFrom } from '../key-lookup.js'
import { remoteSigningKey, SIGNER_FLAGS } from '../signer-flags.js'

export const encrypt: Command = {
  spec: {
    brief: 'Encrypt and sign a zip for devices; --json gives {checksum, filename, ivSessionKey}',
    name: 'encrypt',
    summary: 'Encrypt a zip as devices decrypt it (AES-128-CBC, RSA-signed session key and checksum), writing <zip>_encrypted.zip.',
    usage: `${BIN} encrypt <zip> <checksum> [--key path | --key-data pem | --signer pkcs11|gcp-kms|command ...] [--checksum-format auto|v3|v2] [--json]`,
    positionals: [
      { name: 'zip', required: true, description: 'The zip made by "zip".' },
      { name: 'checksum', required: true, description: 'Its SHA-256, as "zip --json" prints it; checked against the file.' },
    ],
    options: [
      { name: 'key', type: 'string', value: 'path', description: `Private key file (default: ${PRIVATE_KEY_FILE}).` },
      {
        name: 'key-data',
        type: 'string',
        value: 'pem',
        description: `Private key PEM text (visible to other local users in the process list; prefer ${PRIVATE_KEY_ENV}).`,
      },
      {
        name: 'checksum-format',
        type: 'string',
        value: 'format',
        choices: ['auto', 'v3', 'v2'],
        description: 'Signed checksum encoding; auto reads the installed @capgo/capacitor-updater, V3 when none is found.',
      },
      {
        name: 'package-json',
        type: 'string',
        value: 'paths',
        description: 'package.json files (comma-separated) where the updater version is looked up, for monorepos.',
      },
      ...SIGNER_FLAGS,
    ],
    details: `The private key comes from --key-data, --key, the ${PRIVATE_KEY_ENV} environment variable, then ./${PRIVATE_KEY_FILE}.
With --signer pkcs11, gcp-kms or command the private key stays in the HSM, Cloud KMS or signing service;
the flags mean what the action's inputs of the same names mean (PIN: CAPGO_PKCS11_PIN).
--json prints {checksum, filename, ivSessionKey}, as "@capgo/cli bundle encrypt --json" does.
Unlike it, a checksum that is not the zip's SHA-256 is refused (devices would report checksum_fail).`,
  },
  async run(context) {
    const [zipPath, checksum] = context.positionals
    const key = await signingKey(context)
    await warnOnConfigMismatch(context.cwd, key, context.logger)

    const packageDirs = (str(context, 'package-json') ?? '')
      .split(',')
      .map((path) => path.trim())
      .filter(Boolean)
      .map((path) => dirname(resolve(context.cwd, path)))
    const format = await chooseChecksumFormat(str(context, 'checksum-format') ?? 'auto', [...packageDirs, context.cwd], context.logger)
    // Without an updater to read, chooseChecksumFormat has already warned and said why; once is enough.
    if (format.updaterVersion || str(context, 'checksum-format'))
      context.logger.info(`Checksum ${format.format.toUpperCase()}: ${format.reason}`)

    const filename = `${zipPath}_encrypted.zip`
    const result = await encryptZipFile(resolve(context.cwd, zipPath), resolve(context.cwd, filename), key, format.format, checksum)
    context.logger.info(`Encrypted ${result.zipSize} bytes with key id ${result.keyId}, signed by ${key.signer.description}`)
    return {
      json: { checksum: result.checksum, filename, ivSessionKey: result.ivSessionKey },
      text: [
        filename,
        `checksum (${result.checksumFormat.toUpperCase()}): ${result.checksum}`,
        `ivSessionKey: ${result.ivSessionKey}`,
        `key id: ${result.keyId}`,
      ],
    }
  },
}

/** --signer pkcs11 | gcp-kms | command, else the private key from --key, --key-data, the variable or ./.capgo_key_v2. */
async function signingKey(context: Context): Promise<SigningKey> {
  if ((str(context, 'signer') ?? 'key') !== 'key' && (str(context, 'key') || str(context, 'key-data'))) {
    throw new UsageError(`--key and --key-data give a private key, which --signer ${str(context, 'signer')} does without; drop them`)
  }
  const remote = await remoteSigningKey(context)
  if (remote) return remote
  const given = await privateKeyFrom(context)
  if (!given) throw new UsageError(`no private key: looked at ${PRIVATE_KEY_LOOKUP}`)
  return parsePrivateKey(given.text, context.logger, given.source)
}

/** A bundle the app's own config cannot decrypt is worth a warning, not a refusal: key rotation passes through that state. */
async function warnOnConfigMismatch(cwd: string, key: SigningKey, logger: { warning(message: string): void }): Promise<void> {
  const path = await findCapacitorConfig(cwd)
  const config = path ? await readCapacitorConfig(path).catch(() => undefined) : undefined
  if (!config?.publicKey) return
  try {
    const mismatch = checkConfigPublicKey(config.publicKey, key, config.path, true)
    if (mismatch) logger.warning(mismatch)
  } catch (error) {
    if (isBundleError(error)) logger.warning(error.message)
    else throw error
  }
}
