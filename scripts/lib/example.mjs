// Copies the example app kept in the repo into a scratch workspace and gives
// it a public key, as a real app's native build would carry it.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const EXAMPLE_APP = fileURLToPath(new URL('../../examples/app/', import.meta.url))

/** A throwaway RSA-2048 pair; the private half only ever lives in memory and in a child's environment. */
export function throwawayKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 })
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }),
    publicPem: publicKey.export({ type: 'pkcs1', format: 'pem' }),
  }
}

export function publicPemOf(privatePem) {
  return createPublicKey(createPrivateKey(privatePem)).export({ type: 'pkcs1', format: 'pem' })
}

/** Lays out the example in `dir` with `publicPem` in its capacitor config and in .capgo_key_v2.pub. */
export async function prepareExample(dir, publicPem) {
  await cp(EXAMPLE_APP, dir, { recursive: true })
  const configPath = join(dir, 'capacitor.config.json')
  const config = JSON.parse(await readFile(configPath, 'utf8'))
  config.plugins = { ...config.plugins, CapacitorUpdater: { ...config.plugins?.CapacitorUpdater, publicKey: publicPem } }
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`)
  await writeFile(join(dir, '.capgo_key_v2.pub'), publicPem)
  return { dir, configPath }
}
