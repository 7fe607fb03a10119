import { relative, resolve } from 'node:path'
import { createKeyFiles, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../bundle/key-files.js'
import { BIN, PRIVATE_KEY_ENV, str, type Command } from '../command.js'

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
    usage: `${BIN} key create [--dir D] [--force]`,
    positionals: [],
    options: [
      { name: 'dir', type: 'string', value: 'dir', description: 'Where to write the pair (default: the current directory).' },
      { name: 'force', short: 'f', type: 'boolean', description: 'Replace an existing pair (apps built with the old public key then reject new bundles).' },
    ],
    details: ROTATION_HELP,
  },
  async run(context) {
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
