import { readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { isBundleError, describeError } from '../errors.js'
import type { ChecksumFormat, Logger, SigningKey } from '../types.js'
import { checkBuild } from './build.js'
import { findCapacitorConfig, readCapacitorConfig, webDirOf, type CapacitorConfig } from './capacitor-config.js'
import { findUpdaterVersion, formatForUpdater } from './checksum-format.js'
import { checkAppPublicKey } from './config-edit.js'
import { PUBLIC_KEY_FILE } from './key-files.js'
import { parsePrivateKey, type PublicKeyInfo } from './keys.js'

export type CheckStatus = 'ok' | 'warn' | 'fail'

export interface DoctorCheck {
  id:
    | 'config'
    | 'build'
    | 'notify-app-ready'
    | 'config-key'
    | 'private-key'
    | 'private-key-file'
    | 'public-key-file'
    | 'key-match'
    | 'checksum-format'
  status: CheckStatus
  message: string
}

export interface KeyText {
  text: string
  /** Where it came from, for messages: a path, a flag or an environment variable name. */
  source: string
  /** Set when the key was read from a file. */
  path?: string
}

export interface DoctorOptions {
  /** The project directory: where the config is looked for and `.capgo_key_v2.pub` is expected. */
  dir: string
  configPath?: string
  privateKey?: KeyText
  /** Said when no private key was found: where the caller looked. */
  privateKeyLookedAt?: string
}

export interface Diagnosis {
  /** No check failed; warnings do not count. */
  ok: boolean
  checks: DoctorCheck[]
  configPath?: string
  configKeyId?: string
  privateKeyId?: string
  checksumFormat?: ChecksumFormat
  updaterVersion?: string
}

const ANDROID_KEY_PREFIX = '-----BEGIN RSA PUBLIC KEY-----'

/**
 * "Why do my devices reject the update": every check that needs no network,
 * each with a sentence a person can act on. Problems are reported, never
 * thrown, so one run shows all of them.
 */
export async function diagnose(options: DoctorOptions, logger: Logger): Promise<Diagnosis> {
  const checks: DoctorCheck[] = []
  const add = (id: DoctorCheck['id'], status: CheckStatus, message: string) => checks.push({ id, status, message })
  const diagnosis: Diagnosis = { ok: true, checks }

  const config = await loadConfig(options, add)
  const projectDir = config ? dirname(config.path) : resolve(options.dir)
  if (config) {
    diagnosis.configPath = config.path
    await checkWebDir(config, add)
  }
  const configKey = config ? checkConfigKey(config, add) : undefined
  diagnosis.configKeyId = configKey?.keyId

  const signing = await checkPrivateKey(options, projectDir, logger, add)
  diagnosis.privateKeyId = signing?.keyId
  await checkPublicKeyFile(options, signing, add)

  if (signing && configKey) {
    if (signing.publicPem === configKey.pkcs1Pem) {
      add(
        'key-match',
        'ok',
        `The private key matches the config's public key (key id ${signing.keyId}): apps built from this config decrypt its bundles.`,
      )
    } else {
      add(
        'key-match',
        'warn',
        `The private key (key id ${signing.keyId}) does not match the config's public key (key id ${configKey.keyId}): apps built from this config cannot decrypt bundles it signs, and the action refuses to publish them. ` +
          `If you are rotating keys this is expected until the native release carrying the new public key has shipped; otherwise use the private key of the pair ${configKey.keyId}, or run "capgo-bundle key save" and ship a native release.`,
      )
    }
  }

  const found = await findUpdaterVersion([projectDir])
  if (found) {
    const format = formatForUpdater(found.version)
    diagnosis.checksumFormat = format
    diagnosis.updaterVersion = found.version
    add('checksum-format', 'ok', `${found.source}: bundles need ${format.toUpperCase()} checksums (checksum-format auto picks it).`)
  } else {
    diagnosis.checksumFormat = 'v3'
    add(
      'checksum-format',
      'warn',
      `No @capgo/capacitor-updater in ${projectDir} (node_modules or package.json): V3 checksums by default, which every 8.x plugin needs. Use checksum-format v2 only for apps on plugins older than 5.30.0 / 6.30.0 / 7.30.0.`,
    )
  }

  diagnosis.ok = !checks.some((check) => check.status === 'fail')
  return diagnosis
}

type Add = (id: DoctorCheck['id'], status: CheckStatus, message: string) => void

async function loadConfig(options: DoctorOptions, add: Add): Promise<CapacitorConfig | undefined> {
  const path = options.configPath ? resolve(options.configPath) : await findCapacitorConfig(resolve(options.dir))
  if (!path) {
    add(
      'config',
      'fail',
      `No capacitor.config.json, .ts or .js in ${resolve(options.dir)}; run doctor in the app's folder or pass --config.`,
    )
    return undefined
  }
  try {
    const config = await readCapacitorConfig(path, 'config')
    add(
      'config',
      config.appId ? 'ok' : 'warn',
      config.appId ? `Capacitor config ${path} (appId ${config.appId}).` : `${path} has no appId; the action then needs app-id.`,
    )
    return config
  } catch (error) {
    add('config', 'fail', describeError(error))
    return undefined
  }
}

async function checkWebDir(config: CapacitorConfig, add: Add): Promise<void> {
  const webDir = webDirOf(config)
  if (!webDir) {
    add('build', 'warn', `${config.path} has no webDir; pass the build folder as path.`)
    return
  }
  try {
    const build = await checkBuild(webDir, true, silentLogger)
    add('build', 'ok', `webDir ${webDir}: ${build.files.length} files, index.html at the root.`)
    add('notify-app-ready', 'ok', 'The build calls notifyAppReady(), so devices keep the update.')
  } catch (error) {
    const code = isBundleError(error) ? error.code : ''
    if (code === 'notify_app_ready_missing') {
      add('build', 'ok', `webDir ${webDir}: index.html at the root.`)
      add(
        'notify-app-ready',
        'fail',
        'No .js file in the build calls notifyAppReady(): devices install the update, wait for the call, then roll back. Call CapacitorUpdater.notifyAppReady() at app start.',
      )
    } else if (code === 'build_missing' || code === 'build_empty') {
      add(
        'build',
        'warn',
        `webDir ${webDir} is missing or empty: run the web build, then doctor again to check index.html and notifyAppReady.`,
      )
    } else {
      add('build', 'fail', describeError(error))
    }
  }
}

function checkConfigKey(config: CapacitorConfig, add: Add): PublicKeyInfo | undefined {
  const where = `plugins.CapacitorUpdater.publicKey in ${config.path}`
  if (!config.publicKey) {
    add(
      'config-key',
      'fail',
      `${where} is not set: apps built from this config cannot decrypt encrypted bundles. Run "capgo-bundle key save" and ship a native release.`,
    )
    return undefined
  }
  let info: PublicKeyInfo
  try {
    info = checkAppPublicKey(config.publicKey, where)
  } catch (error) {
    add('config-key', 'fail', `${describeError(error)} Run "capgo-bundle key save" with the right .pub file.`)
    return undefined
  }
  if (!config.publicKey.startsWith(ANDROID_KEY_PREFIX)) {
    add(
      'config-key',
      'fail',
      `${where} does not start with "${ANDROID_KEY_PREFIX}" (leading spaces or quotes): Android skips decryption and the update fails its checksum. Run "capgo-bundle key save" to rewrite it.`,
    )
    return info
  }
  add('config-key', 'ok', `${where}: PKCS#1 RSA-2048, key id ${info.keyId}.`)
  return info
}

async function checkPrivateKey(options: DoctorOptions, projectDir: string, logger: Logger, add: Add): Promise<SigningKey | undefined> {
  const given = options.privateKey
  if (!given) {
    add(
      'private-key',
      'warn',
      `No private key found${options.privateKeyLookedAt ? ` (looked at ${options.privateKeyLookedAt})` : ''}. Fine on a machine that only builds apps; to check the key CI signs with, run doctor with --key or CAPGO_PRIVATE_KEY.`,
    )
    return undefined
  }
  let signing: SigningKey
  try {
    signing = parsePrivateKey(given.text, logger, given.source)
  } catch (error) {
    add('private-key', 'fail', describeError(error))
    return undefined
  }
  add('private-key', 'ok', `Private key ${given.source}: RSA-2048, key id ${signing.keyId}.`)
  if (given.path) await checkPrivateKeyFile(given.path, projectDir, add)
  return signing
}

/** A private key readable by others, or one git would commit, is a key to rotate soon. */
async function checkPrivateKeyFile(path: string, projectDir: string, add: Add): Promise<void> {
  const problems: string[] = []
  const info = await stat(path).catch(() => undefined)
  if (info && process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    problems.push(`it is readable by other users (mode ${(info.mode & 0o777).toString(8)}; run chmod 600 ${path})`)
  }
  const inside = relative(projectDir, resolve(path))
  const isInProject = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)
  if (isInProject && (await stat(join(projectDir, '.git')).catch(() => undefined))) {
    const ignore = await readFile(join(projectDir, '.gitignore'), 'utf8').catch(() => '')
    if (!/^\/?(\*\*\/)?\.capgo_key/m.test(ignore))
      problems.push(`${join(projectDir, '.gitignore')} does not list .capgo_key_v2 (never commit the private key)`)
  }
  if (problems.length) add('private-key-file', 'warn', `Private key file ${path}: ${problems.join('; ')}.`)
}

async function checkPublicKeyFile(options: DoctorOptions, signing: SigningKey | undefined, add: Add): Promise<void> {
  const path = join(options.privateKey?.path ? dirname(options.privateKey.path) : resolve(options.dir), PUBLIC_KEY_FILE)
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined) return
  let info: PublicKeyInfo
  try {
    info = checkAppPublicKey(text, path)
  } catch (error) {
    add('public-key-file', 'fail', describeError(error))
    return
  }
  if (signing && info.pkcs1Pem !== signing.publicPem) {
    add(
      'public-key-file',
      'fail',
      `${path} (key id ${info.keyId}) is not the public half of the private key (key id ${signing.keyId}): a mismatched pair. "key save" would put a key in the app that cannot decrypt your bundles; recreate the pair with "capgo-bundle key create --force".`,
    )
    return
  }
  add('public-key-file', 'ok', `${path}: key id ${info.keyId}${signing ? ', the public half of the private key' : ''}.`)
}

const silentLogger: Logger = { info: () => {}, warning: () => {}, debug: () => {}, secret: () => {} }
