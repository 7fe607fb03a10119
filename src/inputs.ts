import { maskPrivateKeyText } from './bundle/keys.js'
import { BundleError } from './errors.js'
import { maskIfKeyText, refuseKeyTextAsPath } from './key-text.js'
import { isSecretHeader } from './publish/http.js'
import { readReleaseInputs, type ReleaseInputs } from './release/inputs.js'
import { SIGNER_KINDS, type SignerKind } from './signers/index.js'
import type { CapgoSettings, DeltaMode, Logger, StorageKind } from './types.js'
import { parseUrlInput, refuseUserinfo } from './url-input.js'

/** Reads one input by its action.yml name; '' when unset. The CLI maps its flags to the same names. */
export type InputReader = (name: string) => string

/** Every input, typed and syntactically valid. Files, keys and the network are looked at by the plan. */
export interface Inputs {
  path?: string
  /** Globs relative to path, one per line: left out of the bundle, never read. */
  exclude: string[]
  privateKey?: string
  privateKeyPath?: string
  appId?: string
  version?: string
  capacitorConfig?: string
  checksumFormat: string
  storage: StorageKind
  outputDir?: string
  verify: boolean
  dryRun: boolean
  requireNotifyAppReady: boolean
  allowKeyMismatch: boolean
  s3: {
    bucket?: string
    region: string
    endpoint?: string
    forcePathStyle: boolean
    key: string
    cacheControl?: string
    accessKeyId?: string
    secretAccessKey?: string
  }
  uploadUrl?: string
  uploadHeaders: Record<string, string>
  publicUrl?: string
  allowInsecurePublicUrl: boolean
  overwrite: boolean
  verifyUpload: boolean
  register: boolean
  /** Milliseconds a request may go without progress (bytes moving) before it is abandoned and retried. */
  requestTimeoutMs: number
  /** `release-tag`, else the tag of GITHUB_REF when it is refs/tags/...; for storage github-release. */
  releaseTag?: string
  /** For storage github-release; the repository and URLs come from the runner's environment. */
  github: { token?: string; repository?: string; apiUrl: string; serverUrl: string }
  /** Capgo settings as given; the token may be absent until the plan decides whether Capgo is needed. */
  capgo: Omit<CapgoSettings, 'token' | 'projectDir' | 'release'> & { token?: string }
  /** Release control on Capgo (issue 10): compatibility gate, min-update-version, rollout, channel options. */
  release: ReleaseInputs
  /** Where the private-key operation happens; the plan checks that the inputs fit it. */
  signer: SignerKind
  publicKey?: string
  pkcs11: { module?: string; tokenLabel?: string; slot?: string; keyLabel?: string; keyId?: string; pin?: string }
  gcpKms: { key?: string; endpoint?: string }
  /** Program and arguments, one per line of signer-command. */
  signerCommand?: string
  /** Delta (manifest) updates (issue 11): inputs delta, brotli, brotli-exclude, delta-upload-url; the plan resolves them. */
  delta: { mode: DeltaMode; brotli: boolean; brotliExclude: string[]; uploadUrl?: string }
}

export const STORAGE_KINDS: readonly StorageKind[] = ['capgo', 's3', 'url', 'local', 'github-release']
export const DELTA_MODES: readonly DeltaMode[] = ['auto', 'true', 'false', 'only']
export const DEFAULT_S3_KEY = '{appId}/{version}/{appId}_{version}.zip'

function optional(read: InputReader, name: string): string | undefined {
  const value = read(name).trim()
  return value === '' ? undefined : value
}

/** Like configure-aws-credentials: core.getBooleanInput throws on empty values, so defaults live here. */
function boolean(read: InputReader, name: string, fallback: boolean): boolean {
  const value = read(name).trim().toLowerCase()
  if (value === '') return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  throw new BundleError('input_not_boolean', `${name} must be true or false (got "${value}").`, name)
}

function oneOf<T extends string>(read: InputReader, name: string, allowed: readonly T[], fallback: T): T {
  const value = (read(name).trim().toLowerCase() || fallback) as T
  if (!allowed.includes(value))
    throw new BundleError('input_invalid', `${name} must be one of ${allowed.join(', ')} (got "${value}").`, name)
  return value
}

function url(read: InputReader, name: string, logger: Logger): string | undefined {
  const value = optional(read, name)
  return value === undefined ? undefined : parseUrlInput(name, value, logger)
}

/** A positive number of seconds (decimals allowed, for tests), at most an hour; returned in milliseconds. */
function seconds(read: InputReader, name: string, fallback: number): number {
  const text = read(name).trim()
  if (text === '') return fallback * 1000
  const value = Number(text)
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0) || value > 3600) {
    throw new BundleError('input_invalid', `${name} must be a number of seconds above 0 and at most 3600 (got "${text}").`, name)
  }
  return Math.round(value * 1000)
}
/** Inputs that hold paths: key text pasted into one is masked and refused before anything could echo it. */
const PATH_INPUTS = ['private-key-path', 'capacitor-config', 'path', 'output-dir'] as const

/** `Name: value` per line (or `Name=value`), as YAML block scalars make easy. */
function headers(read: InputReader, name: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const line of read(name).split(/\r?\n/)) {
    if (line.trim() === '') continue
    const match = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*[:=]\s*(.*?)\s*$/.exec(line)
    if (!match) throw new BundleError('input_invalid', `${name}: each line must be "Header-Name: value".`, name)
    result[match[1].toLowerCase()] = match[2]
  }
  return result
}

/**
 * The one place inputs are read. Credentials are masked here, before anything
 * else runs; the private key is masked line by line by the key parser, which
 * runs first thing in the plan.
 */
export function getInputs(given: InputReader, logger: Logger, env: NodeJS.ProcessEnv = process.env): Inputs {
  // Key text pasted into any other input (a comment, a channel) is masked before anything could print it.
  const read: InputReader = (name) => {
    const value = given(name)
    // private-key is masked by the key parser; public-key is no secret.
    if (name !== 'private-key' && name !== 'public-key') maskIfKeyText(value, logger)
    return value
  }
  for (const name of PATH_INPUTS) refuseKeyTextAsPath(name, read(name), logger)
  for (const name of ['upload-url', 'public-url', 'delta-upload-url']) refuseUserinfo(name, read(name), logger)
  const token = optional(read, 'capgo-token') ?? (env.CAPGO_TOKEN?.trim() || undefined)
  const secretAccessKey = optional(read, 's3-secret-access-key')
  const uploadUrl = optional(read, 'upload-url')
  const deltaUploadUrl = optional(read, 'delta-upload-url')
  const supabaseAnonKey = optional(read, 'capgo-supabase-anon-key')
  const githubToken = optional(read, 'github-token') ?? (env.GITHUB_TOKEN?.trim() || undefined)
  for (const secret of [token, secretAccessKey, uploadUrl, supabaseAnonKey, githubToken]) if (secret) logger.secret(secret)
  const uploadHeaders = headers(read, 'upload-headers')
  for (const [name, value] of Object.entries(uploadHeaders)) {
    // Presigned setups often carry a credential in a header instead of the URL.
    if (isSecretHeader(name) && value) logger.secret(value)
  }
  for (const presigned of [uploadUrl, deltaUploadUrl]) {
    if (!presigned) continue
    logger.secret(presigned)
    // The signature lives in the query string; mask it on its own too, since logs may show it decoded or split.
    const query = presigned.split('?')[1]
    if (query) logger.secret(query)
  }

  // Like capgo-token and CAPGO_TOKEN: the CLI's run reads the PIN from the environment rather than argv.
  const pkcs11Pin = optional(read, 'pkcs11-pin') ?? (env.CAPGO_PKCS11_PIN?.trim() || undefined)
  if (pkcs11Pin) logger.secret(pkcs11Pin)

  const privateKey = read('private-key')
  if (privateKey.trim()) maskPrivateKeyText(privateKey, logger)
  const privateKeyPath = optional(read, 'private-key-path')
  if (privateKey.trim() && privateKeyPath) {
    throw new BundleError('input_conflict', 'private-key and private-key-path are both set; keep one.', 'private-key')
  }

  // Both or neither: the S3 settings check (publish/s3-settings.ts) holds the pair.
  const accessKeyId = optional(read, 's3-access-key-id')

  const channels = read('channel')
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter(Boolean)
  const minUpdateVersion = optional(read, 'min-update-version')

  return {
    path: optional(read, 'path'),
    exclude: read('exclude')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    privateKey: privateKey.trim() ? privateKey : undefined,
    privateKeyPath,
    appId: optional(read, 'app-id'),
    version: optional(read, 'version'),
    capacitorConfig: optional(read, 'capacitor-config'),
    checksumFormat: (read('checksum-format').trim() || 'auto').toLowerCase(),
    storage: oneOf(read, 'storage', STORAGE_KINDS, 'capgo'),
    outputDir: optional(read, 'output-dir'),
    verify: boolean(read, 'verify', true),
    dryRun: boolean(read, 'dry-run', false),
    requireNotifyAppReady: boolean(read, 'require-notify-app-ready', true),
    allowKeyMismatch: boolean(read, 'allow-key-mismatch', false),
    s3: {
      bucket: optional(read, 's3-bucket'),
      region: optional(read, 's3-region') ?? 'us-east-1',
      endpoint: url(read, 's3-endpoint', logger),
      forcePathStyle: boolean(read, 's3-force-path-style', false),
      key: optional(read, 's3-key') ?? DEFAULT_S3_KEY,
      cacheControl: optional(read, 's3-cache-control'),
      accessKeyId,
      secretAccessKey,
    },
    uploadUrl,
    uploadHeaders,
    publicUrl: optional(read, 'public-url'),
    allowInsecurePublicUrl: boolean(read, 'allow-insecure-public-url', false),
    overwrite: boolean(read, 'overwrite', false),
    verifyUpload: boolean(read, 'verify-upload', false),
    register: boolean(read, 'register', true),
    requestTimeoutMs: seconds(read, 'request-timeout', 60),
    releaseTag: optional(read, 'release-tag') ?? pushedTag(env.GITHUB_REF),
    github: {
      token: githubToken,
      repository: env.GITHUB_REPOSITORY?.trim() || undefined,
      apiUrl: (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, ''),
      serverUrl: (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, ''),
    },
    capgo: {
      token,
      apiUrl: url(read, 'capgo-api-url', logger) ?? 'https://api.capgo.app',
      filesUrl: url(read, 'capgo-files-url', logger) ?? 'https://files.capgo.app',
      supabaseUrl: url(read, 'capgo-supabase-url', logger),
      supabaseAnonKey,
      channels,
      versionExists: oneOf(read, 'version-exists', ['fail', 'skip'] as const, 'fail'),
      comment: optional(read, 'comment'),
      link: optional(read, 'link'),
      minUpdateVersion,
      tus: oneOf(read, 'tus-upload', ['auto', 'always', 'never'] as const, 'auto'),
    },
    release: readReleaseInputs(read, channels, minUpdateVersion),
    signer: oneOf(read, 'signer', SIGNER_KINDS, 'key'),
    publicKey: optional(read, 'public-key'),
    pkcs11: {
      module: optional(read, 'pkcs11-module'),
      tokenLabel: optional(read, 'pkcs11-token-label'),
      slot: optional(read, 'pkcs11-slot'),
      keyLabel: optional(read, 'pkcs11-key-label'),
      keyId: optional(read, 'pkcs11-key-id'),
      pin: pkcs11Pin,
    },
    gcpKms: { key: optional(read, 'gcp-kms-key'), endpoint: url(read, 'gcp-kms-endpoint', logger) },
    signerCommand: optional(read, 'signer-command'),
    delta: {
      mode: oneOf(read, 'delta', DELTA_MODES, 'auto'),
      brotli: boolean(read, 'brotli', true),
      brotliExclude: read('brotli-exclude')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
      uploadUrl: deltaUploadUrl,
    },
  }
}

/** The tag a workflow runs for: refs/tags/v1.2.3 gives v1.2.3; branches and pull requests give none. */
export function pushedTag(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) || undefined : undefined
}
