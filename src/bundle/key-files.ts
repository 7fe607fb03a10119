import { randomUUID } from 'node:crypto'
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { BundleError } from '../errors.js'
import { generateKeyPair, keyIdOf } from './keys.js'

/** The names the official CLI and Capgo's docs use. */
export const PRIVATE_KEY_FILE = '.capgo_key_v2'
export const PUBLIC_KEY_FILE = '.capgo_key_v2.pub'

export interface KeyFiles {
  privateKeyPath: string
  publicKeyPath: string
  keyId: string
}

/**
 * A fresh pair as `.capgo_key_v2` (0600) and `.capgo_key_v2.pub` (0644).
 * Both files or neither: with one of them already there the official CLI can
 * leave a private key and a public key from different pairs, which signs
 * bundles no app accepts. Both are written under temporary names first, so a
 * failure (disk full, permissions) leaves the directory as it was.
 */
export async function createKeyFiles(dir: string, force: boolean): Promise<KeyFiles> {
  const target = resolve(dir)
  const privateKeyPath = join(target, PRIVATE_KEY_FILE)
  const publicKeyPath = join(target, PUBLIC_KEY_FILE)
  if (!force) {
    const present = []
    for (const path of [privateKeyPath, publicKeyPath]) if (await stat(path).catch(() => undefined)) present.push(path)
    if (present.length) {
      throw new BundleError(
        'key_exists',
        `${present.join(' and ')} already exist${present.length === 1 ? 's' : ''}; apps built with that key could not decrypt bundles signed by a new one. Pass --force to replace both, or --dir to create the new pair elsewhere (key rotation).`,
        'force',
      )
    }
  }

  await mkdir(target, { recursive: true })
  const { privatePem, publicPem } = generateKeyPair()
  const suffix = `.${randomUUID()}.partial`
  const written: string[] = []
  try {
    for (const [path, pem, mode] of [
      [privateKeyPath, privatePem, 0o600],
      [publicKeyPath, publicPem, 0o644],
    ] as const) {
      written.push(path + suffix)
      await writeFile(path + suffix, pem, { flag: 'wx', mode })
      // The umask may have taken bits off (or a 0077 umask the public key's read bits): set them exactly.
      await chmod(path + suffix, mode)
    }
    await rename(publicKeyPath + suffix, publicKeyPath)
    written.push(publicKeyPath)
    await rename(privateKeyPath + suffix, privateKeyPath)
  } catch (error) {
    // Without --force nothing was there before: removing the renamed public key restores "neither".
    await Promise.all(written.filter((path) => !force || path !== publicKeyPath).map((path) => rm(path, { force: true })))
    throw error
  }
  return { privateKeyPath, publicKeyPath, keyId: keyIdOf(publicPem) }
}
