import { readFile, realpath, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import semver from 'semver'
import { checkBuild } from './bundle/build.js'
import { configWantsDelta, findCapacitorConfig, readCapacitorConfig, webDirOf, type CapacitorConfig } from './bundle/capacitor-config.js'
import { chooseChecksumFormat } from './bundle/checksum-format.js'
import { brotliExcluder, deltaCandidates, MAX_DELTA_FILES } from './bundle/delta.js'
import { checkConfigPublicKey, parsePrivateKey, parsePublicKey } from './bundle/keys.js'
import { bundleFileName } from './bundle/pack.js'
import { PARTIAL_NAME_EXTRA_BYTES } from './bundle/streams.js'
import { installedName, manifestPathProblem } from './bundle/verify-manifest.js'
import { isInside } from './bundle/walk.js'
import { BundleError } from './errors.js'
import { appVersion } from './package-json.js'
import { releaseSettings } from './release/settings.js'
import type { Inputs } from './inputs.js'
import { checkSettings as checkCapgoSettings } from './publish/capgo/endpoints.js'
import { checkSettings as checkGithubReleaseSettings } from './publish/github-release-settings.js'
import { checkDeltaSettings as checkUrlDeltaSettings, checkSettings as checkUrlSettings } from './publish/http-put-settings.js'
import {
  checkDeltaSettings as checkS3DeltaSettings,
  checkSettings as checkS3Settings,
  deltaPrefixOf,
  planS3Location,
} from './publish/s3-settings.js'
import { planTemplateValues } from './publish/public-url.js'
import { parseCommandLines } from './signers/command.js'
import { GCP_KMS_KEY_VERSION, openSigner, probeSigner, signingKeyOf, type RemoteSignerSettings } from './signers/index.js'
import type {
  BuildFile,
  BuildSummary,
  CapgoSettings,
  ChecksumChoice,
  DeltaSettings,
  Logger,
  Plan,
  SigningKey,
  StorageSettings,
} from './types.js'

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
  const remote = await remoteSignerSettings(inputs, env)
  const localKey = remote ? undefined : await loadKey(inputs, env, logger)
  if (localKey && inputs.publicKey) {
    const given = parsePublicKey(inputs.publicKey, 'public-key', 'public-key')
    if (given.pkcs1Pem !== localKey.publicPem) {
      throw new BundleError(
        'public_key_mismatch',
        `public-key (key id ${given.keyId}) is not the public half of private-key (key id ${localKey.keyId}); drop public-key or give the matching one.`,
        'public-key',
      )
    }
  }
  const config = await loadConfig(inputs, env)
  const projectDir = config ? dirname(config.path) : env.workspace

  const appId = inputs.appId ?? config?.appId
  if (!appId)
    throw new BundleError(
      'app_id_missing',
      'app-id is not set and no capacitor config with appId was found; set app-id or capacitor-config.',
      'app-id',
    )
  if (!APP_ID.test(appId))
    throw new BundleError('app_id_invalid', `app-id "${appId}" is not a reverse-domain id like com.example.app.`, 'app-id')

  const version = await resolveVersion(inputs.version, [projectDir, env.workspace])
  const buildDir = inputs.path ? resolve(env.workspace, inputs.path) : ((config && webDirOf(config)) ?? resolve(env.workspace, 'dist'))
  checkFileName(appId, version)
  const keyFiles = inputs.privateKeyPath ? [resolve(env.workspace, inputs.privateKeyPath)] : []
  const build = await checkBuild(buildDir, inputs.requireNotifyAppReady, logger, { exclude: inputs.exclude, keyFiles })

  if (config?.publicKey) {
    if (localKey) {
      const mismatch = checkConfigPublicKey(config.publicKey, localKey, config.path, inputs.allowKeyMismatch)
      if (mismatch) logger.warning(mismatch)
    }
  } else {
    logger.warning(
      config
        ? `${config.path} has no plugins.CapacitorUpdater.publicKey: this run cannot check that apps can decrypt the bundle. Run "capgo-bundle key save" and ship a native release with it.`
        : 'No capacitor config found: this run cannot check that apps can decrypt the bundle. Set capacitor-config.',
    )
  }

  const checksum = await chooseChecksumFormat(inputs.checksumFormat, unique([projectDir, env.workspace]), logger)
  const storage = storageSettings(inputs, capgoSettings(inputs, projectDir, env.workspace))
  checkStorage(storage, { appId, version })

  const delta = resolveDelta(inputs.delta, { config, checksum, storage, build, target: { appId, version } }, logger)

  const outputDir = inputs.outputDir ? resolve(env.workspace, inputs.outputDir) : join(env.runnerTemp ?? tmpdir(), 'capgo-bundle')

  await checkOutputDir(outputDir, buildDir)

  // Last, after every offline check: a signer outside this process may need the network (Cloud KMS) or a PIN.
  let key = localKey
  if (remote) {
    const signer = await openSigner(remote, logger)
    key = await signingKeyOf(signer, {
      publicKey: inputs.publicKey,
      configKey: config?.publicKey ? { text: config.publicKey, path: config.path } : undefined,
    })
    if (config?.publicKey) {
      const mismatch = checkConfigPublicKey(config.publicKey, key, config.path, inputs.allowKeyMismatch)
      if (mismatch) logger.warning(mismatch)
    }
    await probeSigner(key)
    logger.info(`Signing with ${signer.description}, key id ${key.keyId} (a test signature verified)`)
  }
  if (!key) throw new Error('no signing key')

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
    delta,
  }
}

/** A file name is at most 255 bytes, and the pack first writes it as `.{name}.{uuid}.partial`. */
const MAX_FILE_NAME_BYTES = 255 - PARTIAL_NAME_EXTRA_BYTES

function checkFileName(appId: string, version: string): void {
  const bytes = Buffer.byteLength(bundleFileName(appId, version))
  if (bytes > MAX_FILE_NAME_BYTES) {
    const input = Buffer.byteLength(appId) > Buffer.byteLength(version) ? 'app-id' : 'version'
    throw new BundleError(
      'file_name_too_long',
      `${input}: the bundle file name {app-id}_{version}.zip would be ${bytes} bytes; file systems allow 255 and the temporary name adds ${PARTIAL_NAME_EXTRA_BYTES}, so at most ${MAX_FILE_NAME_BYTES}. Shorten ${input}.`,
      input,
    )
  }
}

/** The deepest existing ancestor resolved through its links, the rest appended: where the path really leads. */
async function realPathOf(path: string): Promise<string> {
  const real = await realpath(path).catch(() => undefined)
  if (real) return real
  const parent = dirname(path)
  return parent === path ? path : join(await realPathOf(parent), basename(path))
}

async function checkOutputDir(outputDir: string, buildDir: string): Promise<void> {
  for (let dir = outputDir; ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined)
    if (info && !info.isDirectory()) {
      const which = dir === outputDir ? `output-dir ${outputDir} is a file` : `output-dir ${outputDir} is below ${dir}, which is a file`
      throw new BundleError('output_dir_not_directory', `${which}, not a folder; choose a folder (it is created if missing).`, 'output-dir')
    }
    if (info || dirname(dir) === dir) break
  }
  const realOutput = await realPathOf(outputDir)
  const realBuild = await realPathOf(buildDir)
  if (isInside(realBuild, realOutput)) {
    const through = realOutput === outputDir ? '' : ` (through a symbolic link: it is ${realOutput})`
    throw new BundleError(
      'output_in_build',
      `output-dir ${outputDir} is inside the build directory${through}: the next run would pack this run's bundle into its own zip. Choose a folder outside ${buildDir}.`,
      'output-dir',
    )
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
  throw new BundleError(
    'key_missing',
    'private-key is not set: pass the PEM private key from a secret (private-key: ${{ secrets.CAPGO_PRIVATE_KEY }}) or set private-key-path.',
    'private-key',
  )
}

const LOOPBACK = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/

const SIGNER_INPUTS: Record<RemoteSignerSettings['kind'], string[]> = {
  pkcs11: ['pkcs11-module', 'pkcs11-token-label', 'pkcs11-slot', 'pkcs11-key-label', 'pkcs11-key-id', 'pkcs11-pin'],
  'gcp-kms': ['gcp-kms-key', 'gcp-kms-endpoint'],
  command: ['signer-command'],
}

/** The inputs that choose and configure the signer: the action's, or the CLI's flags of the same names. */
export type SignerInputs = Pick<Inputs, 'signer' | 'privateKey' | 'privateKeyPath' | 'pkcs11' | 'gcpKms' | 'signerCommand'>

/** Which signer inputs are set, by name. */
function setSignerInputs(inputs: SignerInputs): string[] {
  const values: Record<string, string | undefined> = {
    'pkcs11-module': inputs.pkcs11.module,
    'pkcs11-token-label': inputs.pkcs11.tokenLabel,
    'pkcs11-slot': inputs.pkcs11.slot,
    'pkcs11-key-label': inputs.pkcs11.keyLabel,
    'pkcs11-key-id': inputs.pkcs11.keyId,
    'pkcs11-pin': inputs.pkcs11.pin,
    'gcp-kms-key': inputs.gcpKms.key,
    'gcp-kms-endpoint': inputs.gcpKms.endpoint,
    'signer-command': inputs.signerCommand,
  }
  return Object.keys(values).filter((name) => values[name] !== undefined)
}

/** The signer inputs, checked without touching the signer: a bad combination stops the run here, in one line. */
export async function remoteSignerSettings(inputs: SignerInputs, env: Environment): Promise<RemoteSignerSettings | undefined> {
  const kind = inputs.signer
  const set = setSignerInputs(inputs)
  // The PIN may come from CAPGO_PKCS11_PIN in the environment without being meant for this run.
  const foreign = set.filter(
    (name) => (kind === 'key' || !SIGNER_INPUTS[kind].includes(name)) && !(name === 'pkcs11-pin' && !inputs.pkcs11.module),
  )
  if (foreign.length) {
    const owner = (Object.keys(SIGNER_INPUTS) as RemoteSignerSettings['kind'][]).find((candidate) =>
      SIGNER_INPUTS[candidate].includes(foreign[0]),
    )
    throw new BundleError(
      'signer_input_conflict',
      `${foreign[0]} is set but signer is ${kind}; set signer: ${owner}, or remove ${foreign[0]}.`,
      'signer',
    )
  }
  if (kind === 'key') return undefined
  if (inputs.privateKey || inputs.privateKeyPath) {
    const name = inputs.privateKey ? 'private-key' : 'private-key-path'
    throw new BundleError(
      'signer_input_conflict',
      `${name} is set with signer: ${kind}, which signs without it; remove the private key from this job (that is the point).`,
      name,
    )
  }
  switch (kind) {
    case 'pkcs11': {
      const given = inputs.pkcs11
      if (!given.module)
        throw new BundleError(
          'pkcs11_module_missing',
          'pkcs11-module is required with signer: pkcs11 (the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so).',
          'pkcs11-module',
        )
      const module = given.module.includes('/') ? resolve(env.workspace, given.module) : given.module
      if (
        module.includes('/') &&
        !(await stat(module).then(
          (info) => info.isFile(),
          () => false,
        ))
      ) {
        throw new BundleError('pkcs11_module_missing', `pkcs11-module: ${module} does not exist.`, 'pkcs11-module')
      }
      if (given.tokenLabel && given.slot)
        throw new BundleError('input_conflict', 'pkcs11-token-label and pkcs11-slot are both set; keep one.', 'pkcs11-slot')
      if (!given.tokenLabel && !given.slot)
        throw new BundleError(
          'pkcs11_token_missing',
          'pkcs11-token-label (or pkcs11-slot) is required with signer: pkcs11.',
          'pkcs11-token-label',
        )
      if (given.slot && !/^(\d+|0x[0-9a-f]+)$/i.test(given.slot))
        throw new BundleError('input_invalid', `pkcs11-slot must be a slot number (got "${given.slot}").`, 'pkcs11-slot')
      if (given.keyLabel && given.keyId)
        throw new BundleError('input_conflict', 'pkcs11-key-label and pkcs11-key-id are both set; keep one.', 'pkcs11-key-id')
      if (!given.keyLabel && !given.keyId)
        throw new BundleError(
          'pkcs11_key_missing',
          'pkcs11-key-label (or pkcs11-key-id) is required with signer: pkcs11.',
          'pkcs11-key-label',
        )
      const keyId = given.keyId?.replace(/^0x/i, '').replace(/:/g, '').toLowerCase()
      if (keyId !== undefined && !/^([0-9a-f]{2})+$/.test(keyId))
        throw new BundleError('input_invalid', `pkcs11-key-id must be hex, like 01 or a1b2c3 (got "${given.keyId}").`, 'pkcs11-key-id')
      return { kind, pkcs11: { module, tokenLabel: given.tokenLabel, slot: given.slot, keyLabel: given.keyLabel, keyId, pin: given.pin } }
    }
    case 'gcp-kms': {
      const key = inputs.gcpKms.key?.replace(/^\/+|\/+$/g, '')
      if (!key)
        throw new BundleError(
          'gcp_kms_key_missing',
          'gcp-kms-key is required with signer: gcp-kms (projects/…/locations/…/keyRings/…/cryptoKeys/…/cryptoKeyVersions/N).',
          'gcp-kms-key',
        )
      if (!GCP_KMS_KEY_VERSION.test(key)) {
        throw new BundleError(
          'gcp_kms_key_invalid',
          `gcp-kms-key must name a key version: projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N (got "${key}").`,
          'gcp-kms-key',
        )
      }
      const endpoint = inputs.gcpKms.endpoint
      if (endpoint && !endpoint.startsWith('https://') && !LOOPBACK.test(endpoint)) {
        throw new BundleError(
          'input_not_url',
          'gcp-kms-endpoint must be an https URL (plain http only for localhost): the access token travels in headers.',
          'gcp-kms-endpoint',
        )
      }
      return { kind, gcpKms: { key, endpoint } }
    }
    case 'command': {
      const argv = parseCommandLines(inputs.signerCommand ?? '')
      if (!argv.length)
        throw new BundleError(
          'signer_command_missing',
          'signer-command is required with signer: command (the program on the first line, one argument per line).',
          'signer-command',
        )
      return { kind, command: { argv } }
    }
  }
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
  if (!semver.valid(version))
    throw new BundleError(
      'version_invalid',
      `${input} "${given}" is not a semantic version like 1.2.3 (Capgo compares bundle versions as semver).`,
      input,
    )
  return version
}

async function resolveVersion(given: string | undefined, dirs: string[]): Promise<string> {
  if (given) return normaliseVersion(given)
  const found = appVersion(unique(dirs))
  if (found) return normaliseVersion(found.version, `version (from ${found.path})`)
  throw new BundleError(
    'version_missing',
    'version is not set and no package.json with a version was found; set version (a tag like v1.2.3 works).',
    'version',
  )
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
        throw new BundleError(
          'token_missing',
          'capgo-token is not set (nor CAPGO_TOKEN): storage capgo needs a Capgo API key. Use storage: local to only build the bundle.',
          'capgo-token',
        )
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
      if (!inputs.uploadUrl)
        throw new BundleError('upload_url_missing', 'upload-url is required with storage: url (a presigned PUT URL).', 'upload-url')
      return {
        kind: 'url',
        uploadUrl: inputs.uploadUrl,
        headers: inputs.uploadHeaders,
        publicUrl: inputs.publicUrl,
        allowInsecurePublicUrl: inputs.allowInsecurePublicUrl,
        verifyUpload: inputs.verifyUpload,
        registerWith,
      }
    case 'github-release':
      return {
        kind: 'github-release',
        repository: inputs.github.repository ?? '',
        tag: inputs.releaseTag ?? '',
        token: inputs.github.token ?? '',
        apiUrl: inputs.github.apiUrl,
        serverUrl: inputs.github.serverUrl,
        overwrite: inputs.overwrite,
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
    case 'github-release':
      checkGithubReleaseSettings(storage)
      break
  }
  if (storage.registerWith) checkCapgoSettings(storage.registerWith)
}

function capgoSettings(inputs: Inputs, projectDir: string, workspace: string): CapgoSettings | undefined {
  const { token, ...rest } = inputs.capgo
  if (!token) return undefined
  // Release control (issue 10) applies wherever a Capgo version row is written; collecting native packages needs no network.
  const writesRow = inputs.storage === 'capgo' || (inputs.storage !== 'local' && inputs.register)
  return {
    ...rest,
    token,
    projectDir,
    ...(writesRow ? { release: releaseSettings(inputs.release, workspace, rest.minUpdateVersion) } : {}),
  }
}

const UPDATER = '@capgo/capacitor-updater'
/** First release of each major line whose devices install delta (manifest) updates (capgo-format.md); every 8.x does. */
const FIRST_DELTA: Record<number, string> = { 5: '5.10.0', 6: '6.25.0', 7: '7.0.30' }
/** From here on the official CLI encrypts delta files and signs file_hash (it prints "> 6.14.4" but compares >=). */
const FIRST_ENCRYPTED_DELTA = '6.14.4'

/** Why the installed updater cannot take delta updates, or undefined when it can. */
export function updaterDeltaProblem(updaterVersion: string | undefined): string | undefined {
  const needs = `delta updates need ${UPDATER} ${FIRST_DELTA[5]} (5.x), ${FIRST_DELTA[6]} (6.x), ${FIRST_DELTA[7]} (7.x) or any 8.x`
  if (!updaterVersion) return `no ${UPDATER} version was found in node_modules or package.json; ${needs}`
  const major = semver.major(updaterVersion)
  if (major >= 8) return undefined
  const first = FIRST_DELTA[major]
  if (first && semver.gte(updaterVersion, first)) return undefined
  return `the app uses ${UPDATER} ${updaterVersion}, which cannot install them; ${needs}`
}

/** Bytes a name may have in one path segment on the file systems output-dir lives on (ext4, APFS, NTFS). */
const MAX_SEGMENT_BYTES = 255
/** S3 object keys are at most 1,024 bytes of UTF-8. */
const MAX_S3_KEY_BYTES = 1024

/**
 * Delta files are written as `{sha256}_{file_name}` (the processing step's
 * folder in output-dir, for every storage) and stored by s3 as
 * `{s3-key without .zip}/delta/{sha256}_{file_name}`: the 65-byte prefix can
 * push a build file's first path segment past 255 bytes, and the whole past
 * S3's key limit. `.br` is counted for every file (whether Brotli pays is
 * only known after compressing), so a name within 3 bytes of a limit is
 * refused even if it would have shipped uncompressed.
 */
function deltaNameProblems(
  candidates: readonly BuildFile[],
  storage: StorageSettings,
  target: { appId: string; version: string },
): string[] {
  const s3Prefix = storage.kind === 's3' ? `${deltaPrefixOf(planS3Location(storage, planTemplateValues(target)).key)}/delta/` : undefined
  const problems: string[] = []
  for (const file of candidates) {
    const stored = `${'0'.repeat(64)}_${file.name}.br`
    const segment = stored.split('/').find((part) => Buffer.byteLength(part) > MAX_SEGMENT_BYTES)
    if (segment !== undefined) {
      problems.push(
        `${JSON.stringify(file.name)} is written as {sha256}_${file.name}[.br], with a path segment of ${Buffer.byteLength(segment)} bytes; file systems allow ${MAX_SEGMENT_BYTES}`,
      )
    } else if (s3Prefix !== undefined && Buffer.byteLength(s3Prefix + stored) > MAX_S3_KEY_BYTES) {
      problems.push(
        `${JSON.stringify(file.name)} is stored under the S3 key ${s3Prefix}{sha256}_${file.name}[.br], ${Buffer.byteLength(s3Prefix + stored)} bytes; S3 keys are at most ${MAX_S3_KEY_BYTES.toLocaleString('en-US')}`,
      )
    }
  }
  return problems
}

interface DeltaContext {
  config?: Pick<CapacitorConfig, 'path' | 'autoUpdate' | 'directUpdate'>
  checksum: Pick<ChecksumChoice, 'updaterVersion'>
  storage: StorageSettings
  build: BuildSummary
  target: { appId: string; version: string }
}

/**
 * The delta inputs, resolved offline. Asked for explicitly (true, only), a
 * delta that cannot work is refused here, naming why; switched on by auto,
 * it is dropped with one warning and the run ships the zip alone, as the
 * official CLI does. For Capgo, auto stays auto even when the config says
 * no, since the server may force delta (partialUploadForced).
 */
export function resolveDelta(given: Inputs['delta'], context: DeltaContext, logger: Logger): DeltaSettings {
  const { storage } = context
  brotliExcluder(given.brotliExclude)
  const autoFromConfig = given.mode === 'auto' && configWantsDelta(context.config)
  const off: DeltaSettings = {
    mode: 'false',
    autoFromConfig,
    encrypted: false,
    brotli: given.brotli,
    brotliExclude: given.brotliExclude,
    candidates: [],
  }
  const explicit = given.mode === 'true' || given.mode === 'only'
  const mayUse = explicit || (given.mode === 'auto' && (autoFromConfig || storage.kind === 'capgo'))
  const why = autoFromConfig
    ? `delta: auto (${context.config?.path} sets ${context.config?.autoUpdate === 'always' ? 'autoUpdate "always"' : 'directUpdate'})`
    : `delta: ${given.mode}`

  if (given.uploadUrl !== undefined && (storage.kind !== 'url' || given.mode === 'false')) {
    const reason = storage.kind !== 'url' ? `storage is ${storage.kind}; it is only for storage url` : 'delta is false'
    throw new BundleError('input_conflict', `delta-upload-url is set but ${reason}; remove it.`, 'delta-upload-url')
  }
  if (!mayUse) return off

  /** Explicit: refuse naming the input. Auto: drop delta, saying so once when the user's config asked for it. */
  const cannot = (code: string, message: string, input = 'delta'): DeltaSettings => {
    if (explicit) throw new BundleError(code, `${why}: ${message}`, input)
    if (autoFromConfig) logger.warning(`${why}: ${message}; shipping the zip alone.`)
    else logger.debug(`delta stays off: ${message}`)
    return off
  }

  if (storage.kind === 'github-release')
    return cannot(
      'delta_unsupported',
      'storage github-release has no delta layout (release assets are flat); use storage s3, url, capgo or local, or set delta: false',
    )
  const tooOld = updaterDeltaProblem(context.checksum.updaterVersion)
  if (tooOld) return cannot('updater_too_old', `${tooOld}. Update the plugin and ship a native release first, or set delta: false`)
  // The custom storage's own delta rules (publish/*-settings.ts): under auto a refusal drops delta instead of failing the run.
  try {
    if (storage.kind === 's3') checkS3DeltaSettings(storage)
    if (storage.kind === 'url') checkUrlDeltaSettings(storage, given.uploadUrl, context.target)
  } catch (error) {
    if (explicit || !(error instanceof BundleError)) throw error
    return cannot(error.code, error.message.replace(/\.$/, ''), error.input)
  }

  const candidates = deltaCandidates(context.build.files)
  const seen = new Map<string, string>()
  for (const file of candidates) {
    // A build file already named .br would be decompressed by the device and installed under another name.
    const problem = file.name.endsWith('.br')
      ? 'ends in .br, which devices decompress and install without the suffix (a precompressed copy for web servers?)'
      : manifestPathProblem(file.name)
    if (problem)
      return cannot(
        'delta_path_refused',
        `${JSON.stringify(file.name)} ${problem.replace(/^the name /, '')}: devices refuse such a manifest entry. Leave it out with exclude, or set delta: false`,
      )
    const installed = installedName(file.name)
    const other = seen.get(installed)
    if (other)
      return cannot(
        'delta_path_refused',
        `${JSON.stringify(file.name)} and ${JSON.stringify(other)} install as the same file; leave one out with exclude`,
      )
    seen.set(installed, file.name)
  }
  const tooLong = deltaNameProblems(candidates, storage, context.target)
  if (tooLong.length)
    return cannot(
      'delta_name_too_long',
      `${tooLong[0]}${tooLong.length > 1 ? ` (and ${tooLong.length - 1} more)` : ''}; shorten the name, leave it out with exclude, or set delta: false`,
    )
  if (storage.kind === 'capgo') {
    const spaced = candidates.filter((file) => file.name.includes(' '))
    if (spaced.length) {
      const names = spaced
        .slice(0, 3)
        .map((file) => JSON.stringify(file.name))
        .join(', ')
      return cannot(
        'delta_file_name',
        `Capgo cannot store delta files whose names contain a space (${names}${spaced.length > 3 ? ` and ${spaced.length - 3} more` : ''}); rename them, leave them out with exclude, or set delta: false`,
      )
    }
    if (candidates.length > MAX_DELTA_FILES) {
      return cannot(
        'delta_too_many_files',
        `the build has ${candidates.length} delta files and Capgo takes at most ${MAX_DELTA_FILES} per delta upload; set delta: false`,
      )
    }
  }
  if (candidates.length === 0) return cannot('delta_empty', 'the build has no file that can be a manifest entry (all empty or skipped)')

  const updater = context.checksum.updaterVersion as string
  const encrypted = semver.gte(updater, FIRST_ENCRYPTED_DELTA)
  if (!encrypted)
    logger.warning(
      `${why}: ${UPDATER} ${updater} predates ${FIRST_ENCRYPTED_DELTA}, so delta files are uploaded unencrypted with plain SHA-256 hashes (as the official CLI does); the zip stays encrypted.`,
    )
  return {
    mode: given.mode,
    autoFromConfig,
    encrypted,
    brotli: given.brotli,
    brotliExclude: given.brotliExclude,
    ...(given.uploadUrl ? { uploadUrl: given.uploadUrl } : {}),
    candidates,
  }
}
