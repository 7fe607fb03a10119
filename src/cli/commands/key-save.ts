import { resolve } from 'node:path'
import { findCapacitorConfig } from '../../bundle/capacitor-config.js'
import { savePublicKey } from '../../bundle/config-edit.js'
import { PUBLIC_KEY_FILE } from '../../bundle/key-files.js'
import { BIN, PUBLIC_KEY_ENV, str, UsageError, type Command } from '../command.js'
import { publicKeyFrom } from '../key-lookup.js'
import { ROTATION_HELP } from './key-create.js'

export const keySave: Command = {
  spec: {
    brief: 'Write the public key into capacitor.config.json/.ts, keeping the file as it is',
    name: 'key save',
    summary:
      'Write the public key into the app: plugins.CapacitorUpdater.publicKey in capacitor.config.json (keys and indentation kept) or capacitor.config.ts/.js (edited in place: comments, imports and layout kept).',
    usage: `${BIN} key save [--key path | --key-data pem] [--config path] [--force]`,
    positionals: [],
    options: [
      { name: 'key', type: 'string', value: 'path', description: `Public key file (default: ${PUBLIC_KEY_FILE}; also ${PUBLIC_KEY_ENV}).` },
      { name: 'key-data', type: 'string', value: 'pem', description: 'Public key PEM text.' },
      {
        name: 'config',
        type: 'string',
        value: 'path',
        description: 'Capacitor config to edit (default: capacitor.config.json, .ts or .js here).',
      },
      { name: 'capacitor-config', type: 'string', value: 'path', description: "Same as --config (the official CLI's name)." },
      { name: 'force', short: 'f', type: 'boolean', description: 'Replace a different key already in the config (key rotation).' },
    ],
    details: `Only a PKCS#1 RSA-2048 public key ("BEGIN RSA PUBLIC KEY") is accepted: with an SPKI key
Android skips decryption silently, and iOS only handles 2048-bit keys.

${ROTATION_HELP}`,
  },
  async run(context) {
    const key = await publicKeyFrom(context, ['file'])
    if (!key)
      throw new UsageError(`no public key: pass --key PATH or --key-data PEM, set ${PUBLIC_KEY_ENV}, or run where ${PUBLIC_KEY_FILE} is`)
    const given = str(context, 'config') ?? str(context, 'capacitor-config')
    const configPath = given ? resolve(context.cwd, given) : await findCapacitorConfig(context.cwd)
    if (!configPath) throw new UsageError('no capacitor.config.json, .ts or .js here; pass --config')
    const saved = await savePublicKey(configPath, key.text, { source: key.source, force: context.values.force === true })
    const text = saved.changed
      ? [`Saved the public key (key id ${saved.keyId}) at plugins.CapacitorUpdater.publicKey in ${configPath}`]
      : [`${configPath} already carries this public key (key id ${saved.keyId}); nothing changed.`]
    if (saved.changed && saved.previousKeyId) {
      text.push(
        `Replaced key id ${saved.previousKeyId}: apps built from now on only decrypt bundles signed with the new private key. Keep signing with the old one until the native release ships.`,
      )
    }
    if (saved.changed) text.push('Next: ship a native release (npx cap sync, then build) so devices carry this key.')
    return { json: { config: configPath, keyId: saved.keyId, previousKeyId: saved.previousKeyId ?? null, changed: saved.changed }, text }
  },
}
