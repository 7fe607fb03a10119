import { access, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { BundleError } from '../errors.js'
import { readSourceLiteral, readSourceString } from './config-source.js'

export interface CapacitorConfig {
  path: string
  appId?: string
  webDir?: string
  /** plugins.CapacitorUpdater.publicKey, exactly as written. */
  publicKey?: string
  /** plugins.CapacitorUpdater.autoUpdate and directUpdate as literals (strings or booleans); they decide delta: auto. */
  autoUpdate?: string | boolean
  directUpdate?: string | boolean
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
    let json: {
      appId?: unknown
      webDir?: unknown
      plugins?: { CapacitorUpdater?: { publicKey?: unknown; autoUpdate?: unknown; directUpdate?: unknown } }
    }
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
      autoUpdate: literal(json.plugins?.CapacitorUpdater?.autoUpdate),
      directUpdate: literal(json.plugins?.CapacitorUpdater?.directUpdate),
    }
  }
  return {
    path,
    appId: stringOrUndefined(readSourceString(text, ['appId'])),
    webDir: stringOrUndefined(readSourceString(text, ['webDir'])),
    publicKey: stringOrUndefined(readSourceString(text, ['plugins', 'CapacitorUpdater', 'publicKey'])),
    autoUpdate: readSourceLiteral(text, ['plugins', 'CapacitorUpdater', 'autoUpdate']),
    directUpdate: readSourceLiteral(text, ['plugins', 'CapacitorUpdater', 'directUpdate']),
  }
}

function literal(value: unknown): string | boolean | undefined {
  return typeof value === 'string' || typeof value === 'boolean' ? value : undefined
}

/**
 * The official CLI's rule for switching delta on by itself (8.68.1): autoUpdate
 * "always"; any other autoUpdate string, or false, means no; else directUpdate
 * true or "always".
 */
export function configWantsDelta(config: Pick<CapacitorConfig, 'autoUpdate' | 'directUpdate'> | undefined): boolean {
  const autoUpdate = config?.autoUpdate
  if (autoUpdate === 'always') return true
  if (typeof autoUpdate === 'string' || autoUpdate === false) return false
  return config?.directUpdate === true || config?.directUpdate === 'always'
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The build directory the config names, relative to the config's own folder. */
export function webDirOf(config: CapacitorConfig): string | undefined {
  return config.webDir ? resolve(dirname(config.path), config.webDir) : undefined
}
