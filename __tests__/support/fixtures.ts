import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { generateKeyPair } from '../../src/bundle/keys.js'
import { BundleError } from '../../src/errors.js'
import type { Logger } from '../../src/types.js'

export const EXAMPLE_APP = new URL('../../examples/app/', import.meta.url).pathname

/** A Logger that remembers everything, for assertions on messages and masking. */
export interface RecordingLogger extends Logger {
  lines: { level: 'info' | 'warning' | 'debug'; message: string }[]
  secrets: string[]
  text(): string
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = []
  const secrets: string[] = []
  return {
    lines,
    secrets,
    info: (message) => lines.push({ level: 'info', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    secret: (value) => secrets.push(value),
    text: () => lines.map((line) => `${line.level}: ${line.message}`).join('\n'),
  }
}

const pairs: { privatePem: string; publicPem: string }[] = []
/** RSA key generation takes ~100 ms: tests share a few pairs. */
export function keyPair(index = 0): { privatePem: string; publicPem: string } {
  while (pairs.length <= index) pairs.push(generateKeyPair())
  return pairs[index]
}

const made: string[] = []
export async function tempDir(prefix = 'capgo-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
}

export interface ProjectOptions {
  /** Public key written into capacitor.config.json; omit for none. */
  publicKey?: string
  /** Installed @capgo/capacitor-updater version; omit for none. */
  updaterVersion?: string
  /** Version range in package.json dependencies. */
  updaterRange?: string
  version?: string
  appId?: string
}

/** A workspace like a user's repository: the example web build, a capacitor config, package.json, node_modules. */
export async function makeProject(options: ProjectOptions = {}): Promise<string> {
  const dir = await tempDir('capgo-project-')
  await cp(join(EXAMPLE_APP, 'www'), join(dir, 'www'), { recursive: true })
  const plugins = options.publicKey ? { CapacitorUpdater: { publicKey: options.publicKey } } : {}
  await writeFile(
    join(dir, 'capacitor.config.json'),
    JSON.stringify({ appId: options.appId ?? 'com.example.test', appName: 'Test', webDir: 'www', plugins }, null, 2),
  )
  const dependencies = options.updaterRange ? { '@capgo/capacitor-updater': options.updaterRange } : {}
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'test-app', version: options.version ?? '1.0.0', dependencies }, null, 2),
  )
  if (options.updaterVersion) {
    const pkg = join(dir, 'node_modules', '@capgo', 'capacitor-updater')
    await mkdir(pkg, { recursive: true })
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@capgo/capacitor-updater', version: options.updaterVersion }))
  }
  return dir
}

/** Reads action-style inputs from a plain object, the way core.getInput reads INPUT_* variables. */
export function inputsFrom(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? ''
}

/** Awaits a promise that must reject with a BundleError, and returns that error. */
export async function bundleErrorOf(promise: Promise<unknown>): Promise<BundleError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(BundleError)
  return error as BundleError
}
