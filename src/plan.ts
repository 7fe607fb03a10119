import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve, sep } from 'node:path'
import semver from 'semver'
import { checkBuild } from './bundle/build.js'
import { findCapacitorConfig, readCapacitorConfig, webDirOf, type CapacitorConfig } from './bundle/capacitor-config.js'
import { chooseChecksumFormat } from './bundle/checksum-format.js'
import { checkConfigPublicKey, parsePrivateKey } from './bundle/keys.js'
import { BundleError } from './errors.js'
import type { Inputs } from './inputs.js'
import { checkSettings as checkCapgoSettings } from './publish/capgo/endpoints.js'
import { checkSettings as checkUrlSettings } from './publish/http-put-settings.js'
import { checkSettings as checkS3Settings } from './publish/s3-settings.js'
import type { CapgoSettings, Logger, Plan, SigningKey, StorageSettings } from './types.js'

export interface Environment {
  /** Where relative paths start: GITHUB_WORKSPACE on a runner, the current directory elsewhere. */
  workspace: string
  /** RUNNER_TEMP on a runner. */
  runnerTemp?: string
}

export function environmentFrom(env: NodeJS.ProcessEnv, cwd = process.cwd()): Environment {
  return { workspace: env.GITHUB_WORKSPACE || cwd, runnerTemp: env.RUNNER_TEMP || undefined }
}

const APP_ID = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/

/**
 * Turns inputs into a validated plan: every check that needs no network and
 * writes nothing happens here, so a bad input stops the run before any work.
 */
export async function makePlan(inputs: Inputs, env: Environment, logger: Logger): Promise<Plan> {
  const key = await loadKey(inputs, env, logger)
  const config = await loadConfig(inputs, env)
  const projectDir = config ? dirname(config.path) : env.workspace

  const appId = inputs.appId ?? config?.appId
  if (!appId) throw new BundleError('app_id_missing', 'app-id is not set and no capacitor config with appId was found; set app-id or capacitor-config.', 'app-id')
  if (!APP_ID.test(appId)) throw new BundleError('app_id_invalid', `app-id "${appId}" is not a reverse-domain id like com.example.app.`, 'app-id')

  const version = await resolveVersion(inputs.version, [projectDir, env.workspace])
  const buildDir = inputs.path ? resolve(env.workspace, inputs.path) : (config && webDirOf(config)) ?? resolve(env.workspace, 'dist')
  const build = await checkBuild(buildDir, inputs.requireNotifyAppReady, logger)

  if (config?.publicKey) {
    const mismatch = checkConfigPublicKey(config.publicKey, key, config.path, inputs.allowKeyMismatch)
    if (mismatch) logger.warning(mismatch)
  } else {
    logger.warning(
      config
        ? `${config.path} has no plugins.CapacitorUpdater.publicKey: this run cannot check that apps can decrypt the bundle. Run "capgo-bundle key save" and ship a native release with it.`
        : 'No capacitor config found: this run cannot check that apps can decrypt the bundle. Set capacitor-config.',
    )
  }

  const checksum = await chooseChecksumFormat(inputs.checksumFormat, unique([projectDir, env.workspace]), logger)
  const storage = storageSettings(inputs, capgoSettings(inputs, projectDir))
  checkStorage(storage, { appId, version })

  const outputDir = inputs.outputDir
    ? resolve(env.workspace, inputs.outputDir)
    : join(env.runnerTemp ?? tmpdir(), 'capgo-bundle')

  if (outputDir === buildDir || outputDir.startsWith(buildDir + sep)) {
    throw new BundleError('output_in_build', `output-dir ${outputDir} is inside the build directory: the next run would pack this run's bundle into its own zip. Choose a folder outside ${buildDir}.`, 'output-dir')
  }

  return {
    appId,
    version,
    buildDir,
    build,
    requireNotifyAppReady: inputs.requireNotifyAppReady,
    key,
    checksum,
    outputDir,
    verify: inputs.verify,
    dryRun: inputs.dryRun,
    storage,
    requestTimeoutMs: inputs.requestTimeoutMs,
  }
}

async function loadKey(inputs: Inputs, env: Environment, logger: Logger): Promise<SigningKey> {
  if (inputs.privateKey) return parsePrivateKey(inputs.privateKey, logger, 'private-key')
  if (inputs.privateKeyPath) {
    const path = resolve(env.workspace, inputs.privateKeyPath)
    const text = await readFile(path, 'utf8').catch(() => {
      throw new BundleError('key_file_missing', `private-key-path: ${path} cannot be read.`, 'private-key-path')
    })
    return parsePrivateKey(text, logger, 'private-key-path')
  }
  throw new BundleError('key_missing', 'private-key is not set: pass the PEM private key from a secret (private-key: ${{ secrets.CAPGO_PRIVATE_KEY }}) or set private-key-path.', 'private-key')
}

async function loadConfig(inputs: Inputs, env: Environment): Promise<CapacitorConfig | undefined> {
  if (inputs.capacitorConfig) {
    return readCapacitorConfig(resolve(env.workspace, inputs.capacitorConfig))
  }
  const found = await findCapacitorConfig(env.workspace)
  return found ? readCapacitorConfig(found) : undefined
}

/** A tag name like v1.2.3 is the common source of a version: the leading v goes. */
export function normaliseVersion(given: string, input = 'version'): string {
  const version = given.trim().replace(/^v(?=\d)/i, '')
  if (!semver.valid(version)) throw new BundleError('version_invalid', `${input} "${given}" is not a semantic version like 1.2.3 (Capgo compares bundle versions as semver).`, input)
  return version
}

async function resolveVersion(given: string | undefined, dirs: string[]): Promise<string> {
  if (given) return normaliseVersion(given)
  for (const dir of unique(dirs)) {
    const path = join(dir, 'package.json')
    const manifest = await readFile(path, 'utf8').then(
      (text) => JSON.parse(text) as { version?: unknown },
      () => undefined,
    )
    if (typeof manifest?.version === 'string') return normaliseVersion(manifest.version, `version (from ${path})`)
  }
  throw new BundleError('version_missing', 'version is not set and no package.json with a version was found; set version (a tag like v1.2.3 works).', 'version')
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

/** The storage settings as given; `checkStorage` holds them to every rule. */
function storageSettings(inputs: Inputs, capgo: CapgoSettings | undefined): StorageSettings {
  const registerWith = inputs.register ? capgo : undefined
  switch (inputs.storage) {
    case 'local':
      return { kind: 'local' }
    case 'capgo':
      if (!capgo) {
        throw new BundleError('token_missing', 'capgo-token is not set (nor CAPGO_TOKEN): storage capgo needs a Capgo API key. Use storage: local to only build the bundle.', 'capgo-token')
      }
      return { kind: 'capgo', ...capgo }
    case 's3':
      if (!inputs.s3.bucket) throw new BundleError('s3_bucket_missing', 's3-bucket is required with storage: s3.', 's3-bucket')
      return {
        kind: 's3',
        bucket: inputs.s3.bucket,
        region: inputs.s3.region,
        endpoint: inputs.s3.endpoint,
        forcePathStyle: inputs.s3.forcePathStyle,
        keyTemplate: inputs.s3.key,
        cacheControl: inputs.s3.cacheControl,
        accessKeyId: inputs.s3.accessKeyId,
        secretAccessKey: inputs.s3.secretAccessKey,
        publicUrl: inputs.publicUrl,
        allowInsecurePublicUrl: inputs.allowInsecurePublicUrl,
        overwrite: inputs.overwrite,
        verifyUpload: inputs.verifyUpload,
        registerWith,
      }
    case 'url':
      if (!inputs.uploadUrl) throw new BundleError('upload_url_missing', 'upload-url is required with storage: url (a presigned PUT URL).', 'upload-url')
      return {
        kind: 'url',
        uploadUrl: inputs.uploadUrl,
        headers: inputs.uploadHeaders,
        publicUrl: inputs.publicUrl,
        allowInsecurePublicUrl: inputs.allowInsecurePublicUrl,
        verifyUpload: inputs.verifyUpload,
        registerWith,
      }
  }
}

/** Each backend's own offline rules (publish/*-settings.ts, publish/capgo/endpoints.ts), with a dummy checksum in the templates. */
function checkStorage(storage: StorageSettings, target: { appId: string; version: string }): void {
  switch (storage.kind) {
    case 'local':
      return
    case 'capgo':
      return checkCapgoSettings(storage)
    case 's3':
      checkS3Settings(storage, target)
      break
    case 'url':
      checkUrlSettings(storage, target)
      break
  }
  if (storage.registerWith) checkCapgoSettings(storage.registerWith)
}

function capgoSettings(inputs: Inputs, projectDir: string): CapgoSettings | undefined {
  const { token, ...rest } = inputs.capgo
  return token ? { ...rest, token, projectDir } : undefined
}
