import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { findCapacitorConfig, readCapacitorConfig } from '../bundle/capacitor-config.js'
import type { KeyText } from '../bundle/doctor.js'
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../bundle/key-files.js'
import { maskPrivateKeyText } from '../bundle/keys.js'
import { BundleError } from '../errors.js'
import { PRIVATE_KEY_ENV, PUBLIC_KEY_ENV, str, UsageError, type Context } from './command.js'

/** Where a terminal looks for keys, in order; one place so every command (and `run`) agrees. */

export const PRIVATE_KEY_LOOKUP = `--key, --key-data, ${PRIVATE_KEY_ENV} and ./${PRIVATE_KEY_FILE}`

async function readKeyFile(path: string, flag: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => {
    throw new BundleError('key_file_missing', `${flag}: ${path} cannot be read.`, flag.replace(/^--/, ''))
  })
}

/** A key given explicitly: --key-data, --key, or the environment variable `envName`, in that order. */
async function explicitKey(context: Context, envName: string): Promise<KeyText | undefined> {
  const data = str(context, 'key-data')
  const path = str(context, 'key')
  if (data && path) throw new UsageError('--key and --key-data are both set; keep one')
  if (data) return { text: data, source: '--key-data' }
  if (path) return { text: await readKeyFile(resolve(context.cwd, path), '--key'), source: path, path: resolve(context.cwd, path) }
  if (context.env[envName]?.trim()) return { text: context.env[envName]!, source: envName }
  return undefined
}

/**
 * The terminal's fallbacks for a private key not given by flag: CAPGO_PRIVATE_KEY, then
 * ./.capgo_key_v2. Returned as the action input that carries it, so `run` passes a file
 * as private-key-path (the walk then knows the signing key's own file) rather than as text.
 */
export function defaultPrivateKey(
  context: Pick<Context, 'cwd' | 'env'>,
): { 'private-key': string } | { 'private-key-path': string } | undefined {
  if (context.env[PRIVATE_KEY_ENV]?.trim()) return { 'private-key': context.env[PRIVATE_KEY_ENV] }
  if (existsSync(resolve(context.cwd, PRIVATE_KEY_FILE))) return { 'private-key-path': PRIVATE_KEY_FILE }
  return undefined
}

/**
 * The private key from, in order: --key-data, --key, CAPGO_PRIVATE_KEY, then
 * ./.capgo_key_v2. Masked as soon as it is read.
 */
export async function privateKeyFrom(context: Context): Promise<KeyText | undefined> {
  let key = await explicitKey(context, PRIVATE_KEY_ENV)
  if (!key) {
    // explicitKey has already read the environment variable, so what is left here is the file.
    const fallback = defaultPrivateKey(context)
    if (fallback && 'private-key-path' in fallback) {
      const path = resolve(context.cwd, fallback['private-key-path'])
      key = { text: await readKeyFile(path, '--key'), source: PRIVATE_KEY_FILE, path }
    }
  }
  if (key) maskPrivateKeyText(key.text, context.logger)
  return key
}

/**
 * A public key from --key-data, --key or CAPGO_PUBLIC_KEY, else the
 * fallbacks in the order given: ./.capgo_key_v2.pub, or the key the app's
 * capacitor config carries. A private key given here is refused unprinted.
 */
export async function publicKeyFrom(context: Context, fallbacks: readonly ('file' | 'config')[]): Promise<KeyText | undefined> {
  let key = await explicitKey(context, PUBLIC_KEY_ENV)
  for (const fallback of key ? [] : fallbacks) {
    if (fallback === 'file') {
      const file = resolve(context.cwd, PUBLIC_KEY_FILE)
      if (existsSync(file)) key = { text: await readKeyFile(file, '--key'), source: PUBLIC_KEY_FILE, path: file }
    } else {
      const configPath = str(context, 'config') ?? (await findCapacitorConfig(context.cwd))
      const config = configPath ? await readCapacitorConfig(resolve(context.cwd, configPath), 'config') : undefined
      if (config?.publicKey) key = { text: config.publicKey, source: `plugins.CapacitorUpdater.publicKey in ${config.path}` }
    }
    if (key) break
  }
  if (key && /PRIVATE KEY-----/.test(key.text)) {
    maskPrivateKeyText(key.text, context.logger)
    throw new BundleError(
      'key_is_private',
      `${key.source} is a private key; this needs the public key the app carries (${PUBLIC_KEY_FILE}).`,
      'key',
    )
  }
  return key
}
