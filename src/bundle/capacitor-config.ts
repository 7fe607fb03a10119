import { access, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { BundleError } from '../errors.js'

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

/**
 * Reads appId, webDir and the updater public key. A TypeScript or JavaScript
 * config is read as text, never executed: CI must not run code from a build
 * config just to learn three strings.
 */
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
  return { path, appId: readStringProperty(text, 'appId'), webDir: readStringProperty(text, 'webDir'), publicKey: readStringProperty(text, 'publicKey') }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** `name: '...'`, `"name": "..."` or a template literal without substitutions; escapes decoded. */
export function findStringProperty(text: string, name: string): { value: string; start: number; end: number } | undefined {
  const pattern = new RegExp(`(?:^|[\\s,{])["']?${name}["']?\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|"((?:[^"\\\\]|\\\\.)*)"|\`((?:[^\`\\\\$]|\\\\.)*)\`)`, 'm')
  const match = pattern.exec(text)
  if (!match) return undefined
  const raw = match[1] ?? match[2] ?? match[3] ?? ''
  const literalStart = match.index + match[0].length - raw.length - 2
  return { value: decodeEscapes(raw), start: literalStart, end: match.index + match[0].length }
}

function readStringProperty(text: string, name: string): string | undefined {
  return stringOrUndefined(findStringProperty(text, name)?.value)
}

function decodeEscapes(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16))
    if (escape[0] === 'u' && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16))
    if (escape[0] === 'x' && escape.length === 3) return String.fromCharCode(parseInt(escape.slice(1), 16))
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\n': '' }
    return simple[escape] ?? escape
  })
}

/** The build directory the config names, relative to the config's own folder. */
export function webDirOf(config: CapacitorConfig): string | undefined {
  return config.webDir ? resolve(dirname(config.path), config.webDir) : undefined
}
