import { access, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { BundleError } from '../errors.js'
import { readSourceString } from './config-source.js'

export interface CapacitorConfig {
  path: string
  appId?: string
  webDir?: string
  /** plugins.CapacitorUpdater.publicKey, exactly as written. */
  publicKey?: string
}

export const CONFIG_FILE_NAMES = ['capacitor.config.json', 'capacitor.config.ts', 'capacitor.config.js'] as const

export async function findCapacitorConfig(dir: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name)
    if (await exists(path)) return path
  }
  return undefined
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

/** Reads appId, webDir and the updater public key; a .ts or .js config is read as source, never run. */
export async function readCapacitorConfig(path: string, input = 'capacitor-config'): Promise<CapacitorConfig> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new BundleError('config_missing', `${input}: ${path} cannot be read.`, input)
  })
  if (path.endsWith('.json')) {
    let json: { appId?: unknown; webDir?: unknown; plugins?: { CapacitorUpdater?: { publicKey?: unknown } } }
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new BundleError('config_invalid', `${input}: ${path} is not valid JSON (${(error as Error).message}).`, input)
    }
    return {
      path,
      appId: stringOrUndefined(json.appId),
      webDir: stringOrUndefined(json.webDir),
      publicKey: stringOrUndefined(json.plugins?.CapacitorUpdater?.publicKey),
    }
  }
  return {
    path,
    appId: stringOrUndefined(readSourceString(text, ['appId'])),
    webDir: stringOrUndefined(readSourceString(text, ['webDir'])),
    publicKey: stringOrUndefined(readSourceString(text, ['plugins', 'CapacitorUpdater', 'publicKey'])),
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The build directory the config names, relative to the config's own folder. */
export function webDirOf(config: CapacitorConfig): string | undefined {
  return config.webDir ? resolve(dirname(config.path), config.webDir) : undefined
}
