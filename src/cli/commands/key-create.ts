import { createPublicKey } from 'node:crypto'
import { chmod, mkdir, rename, stat, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { createKeyFiles, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../bundle/key-files.js'
import { keyIdOf, publicPemOf } from '../../bundle/keys.js'
import { BundleError } from '../../errors.js'
import { BIN, PRIVATE_KEY_ENV, str, type Command, type CommandResult, type Context } from '../command.js'
import { PKCS11_FLAGS, PKCS11_PIN_ENV, pkcs11SettingsFrom } from '../signer-flags.js'

export const ROTATION_HELP = `Key rotation (devices only decrypt bundles signed with the private half of the key
their native build carries):
  1. ${BIN} key create --dir keys-new          a new pair, beside the one in use
  2. ${BIN} key save --key keys-new/${PUBLIC_KEY_FILE}
  3. Ship a native release built with that config, and wait until users have it.
     Apps still on the old native build keep the old key: publish to them with the
     old private key (a channel per native version) until they are gone.
  4. Only then sign with the new key: replace the ${PRIVATE_KEY_ENV} secret with
     keys-new/${PRIVATE_KEY_FILE}.
Between steps 2 and 4 "${BIN} doctor" warns that the private key's id differs from
the config's: expected during a rotation, a mistake at any other time.`

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path)
  return rel && !rel.startsWith('..') ? rel : path
}

export const keyCreate: Command = {
  spec: {
    brief: 'Create .capgo_key_v2 and .capgo_key_v2.pub (RSA-2048), both or neither',
    name: 'key create',
    summary: `Create an RSA-2048 key pair for encrypted bundles: ${PRIVATE_KEY_FILE} (private, mode 0600) and ${PUBLIC_KEY_FILE} (public, 0644), both or neither.`,
    usage: `${BIN} key create [--dir D] [--force] | --pkcs11 --pkcs11-module lib --pkcs11-token-label T --pkcs11-key-label K [--dir D]`,
    positionals: [],
    options: [
      { name: 'dir', type: 'string', value: 'dir', description: 'Where to write the pair (default: the current directory).' },
      {
        name: 'force',
        short: 'f',
        type: 'boolean',
        description: 'Replace an existing pair (apps built with the old public key then reject new bundles).',
      },
      {
        name: 'pkcs11',
        type: 'boolean',
        description: `Generate the key inside a PKCS#11 token (never exported) and write only ${PUBLIC_KEY_FILE}.`,
      },
      ...PKCS11_FLAGS,
    ],
    details: `${ROTATION_HELP}
With --pkcs11 the RSA-2048 pair is generated inside the token (sensitive, not extractable) by OpenSC's
pkcs11-tool, and only ${PUBLIC_KEY_FILE} is written; the PIN comes from ${PKCS11_PIN_ENV} (or --pkcs11-pin).`,
  },
  async run(context) {
    if (context.values.pkcs11 === true) return createInToken(context)
    const files = await createKeyFiles(resolve(context.cwd, str(context, 'dir') ?? '.'), context.values.force === true)
    const privateKey = shown(context.cwd, files.privateKeyPath)
    const publicKey = shown(context.cwd, files.publicKeyPath)
    return {
      json: files,
      text: [
        `Created an RSA-2048 key pair, key id ${files.keyId}`,
        `  private key: ${privateKey} (0600; never commit it, never put it in the app)`,
        `  public key:  ${publicKey}`,
        'Next steps:',
        `  1. Store the private key as a CI secret, e.g. gh secret set ${PRIVATE_KEY_ENV} < ${privateKey}`,
        `  2. Put the public key in the app:   ${BIN} key save --key ${publicKey}`,
        '  3. Ship a native release with it: only apps carrying this public key decrypt bundles signed with this private key.',
      ],
    }
  },
}

/** `key create --pkcs11`: the pair is made inside the token; only the public key is written, ready for `key save`. */
async function createInToken(context: Context): Promise<CommandResult> {
  const settings = await pkcs11SettingsFrom(context)
  if (!settings.keyLabel)
    throw new BundleError(
      'pkcs11_key_label_missing',
      'pkcs11-key-label is required with --pkcs11: the label the new key gets in the token.',
      'pkcs11-key-label',
    )
  const dir = resolve(context.cwd, str(context, 'dir') ?? '.')
  const publicKeyPath = join(dir, PUBLIC_KEY_FILE)
  if (context.values.force !== true && (await stat(publicKeyPath).catch(() => undefined))) {
    throw new BundleError(
      'key_exists',
      `${publicKeyPath} already exists; pass --force to replace it, or --dir to write the new public key elsewhere (key rotation).`,
      'force',
    )
  }
  const { Pkcs11Signer } = await import('../../signers/pkcs11.js')
  const { id, publicPem } = await new Pkcs11Signer(settings).generate()
  const pkcs1 = publicPemOf(createPublicKey(publicPem))
  await mkdir(dir, { recursive: true })
  const partial = `${publicKeyPath}.partial`
  await writeFile(partial, pkcs1, { mode: 0o644 })
  await chmod(partial, 0o644)
  await rename(partial, publicKeyPath)
  const keyId = keyIdOf(pkcs1)
  const shownPath = shown(context.cwd, publicKeyPath)
  const token = settings.tokenLabel ? `token "${settings.tokenLabel}"` : `slot ${settings.slot}`
  return {
    json: { publicKeyPath, keyId, pkcs11KeyLabel: settings.keyLabel, pkcs11KeyId: id },
    text: [
      `Created an RSA-2048 key inside ${token}: label "${settings.keyLabel}", id ${id}, key id ${keyId} (the private key cannot leave the token)`,
      `  public key: ${shownPath}`,
      'Next steps:',
      `  1. Put the public key in the app:   ${BIN} key save --key ${shownPath}`,
      `  2. In the workflow: signer: pkcs11, pkcs11-module, pkcs11-token-label, pkcs11-key-label: ${settings.keyLabel}, pkcs11-pin from a secret.`,
      '  3. Ship a native release with it: only apps carrying this public key decrypt bundles this key signs.',
    ],
  }
}
