import type { Compatibility } from './release/decide.js'
import type { ReleaseSettings } from './release/settings.js'
import type { Signer } from './signers/signer.js'

/**
 * Where messages go. The action maps it to @actions/core, the CLI to the
 * terminal, tests to a recorder. `secret` must be called before a value could
 * appear in any other message.
 */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  secret(value: string): void
}

export type ChecksumFormat = 'v2' | 'v3'

export interface ChecksumChoice {
  format: ChecksumFormat
  /** One sentence for the summary: why this format. */
  reason: string
  /** The @capgo/capacitor-updater version the choice was read from, when found. */
  updaterVersion?: string
}

/** Who signs (a private key, an HSM, Cloud KMS, a command), and the public key every signature is checked against. */
export interface SigningKey {
  signer: Signer
  /** PKCS#1 public PEM, 64-character lines, trailing newline: what the app config carries. */
  publicPem: string
  /** First 20 characters of the public PEM body; what devices send as key_id. */
  keyId: string
}

export type StorageKind = 'capgo' | 's3' | 'url' | 'local' | 'github-release'

export interface CapgoSettings {
  /** API key; a credential. */
  token: string
  apiUrl: string
  filesUrl: string
  supabaseUrl?: string
  supabaseAnonKey?: string
  channels: string[]
  versionExists: 'fail' | 'skip'
  comment?: string
  link?: string
  minUpdateVersion?: string
  /** 'auto' follows the server's advertised threshold. */
  tus: 'auto' | 'always' | 'never'
  /** Directory of the app's package.json, for native_packages. */
  projectDir: string
  /** Release control (issue 10); set by the plan. Absent: no checks and no native_packages. */
  release?: ReleaseSettings
}

export interface LocalStorageSettings {
  kind: 'local'
}

/** Capgo hosts the file: the Capgo settings are the storage settings. */
export interface CapgoStorageSettings extends CapgoSettings {
  kind: 'capgo'
}

export interface S3StorageSettings {
  kind: 's3'
  bucket: string
  region: string
  endpoint?: string
  forcePathStyle: boolean
  /** Object key template: {appId}, {version}, {sha256}. */
  keyTemplate: string
  cacheControl?: string
  /** Both or neither; neither means the standard AWS credential chain. */
  accessKeyId?: string
  secretAccessKey?: string
  /** Template of the https URL devices download from: {appId}, {version}, {sha256}, {key}. */
  publicUrl?: string
  allowInsecurePublicUrl: boolean
  overwrite: boolean
  verifyUpload: boolean
  /** Register the stored bundle with Capgo as external: set when a token is present and `register` is true. */
  registerWith?: CapgoSettings
}

export interface UrlStorageSettings {
  kind: 'url'
  /** Presigned PUT URL; a credential. */
  uploadUrl: string
  headers: Record<string, string>
  /** Template of the https URL devices download from: {appId}, {version}, {sha256}. Required; the settings check says so. */
  publicUrl?: string
  allowInsecurePublicUrl: boolean
  verifyUpload: boolean
  /** As for S3. */
  registerWith?: CapgoSettings
}

/** An asset of a GitHub release; devices download its public browser_download_url. */
export interface GithubReleaseStorageSettings {
  kind: 'github-release'
  /** owner/name, from GITHUB_REPOSITORY. */
  repository: string
  /** The release's tag: `release-tag`, else the pushed tag (GITHUB_REF refs/tags/...); '' when neither, which the settings check refuses. */
  tag: string
  /** `github-token`; a credential. */
  token: string
  /** REST base URL: GITHUB_API_URL (GHES), else https://api.github.com. */
  apiUrl: string
  /** Web base URL: GITHUB_SERVER_URL, else https://github.com; for the planned download URL. */
  serverUrl: string
  overwrite: boolean
  verifyUpload: boolean
  /** As for S3. */
  registerWith?: CapgoSettings
}

/** The plan's storage settings, one shape per `storage` input value. */
export type StorageSettings =
  LocalStorageSettings | CapgoStorageSettings | S3StorageSettings | UrlStorageSettings | GithubReleaseStorageSettings

/** Storage that devices download from directly, with an optional Capgo registration. */
export type CustomStorageSettings = S3StorageSettings | UrlStorageSettings | GithubReleaseStorageSettings

/** One file of the build, as the plan found it. */
export interface BuildFile {
  /** Path inside the zip: relative to the build directory, `/`-separated. */
  name: string
  /** Absolute path to read, with symbolic links resolved. */
  source: string
  size: number
}

/** What the plan's look at the build directory found. */
export interface BuildSummary {
  files: BuildFile[]
  totalBytes: number
}

/** Everything a run needs, validated once. Nothing after the plan reads inputs or the environment. */
export interface Plan {
  appId: string
  version: string
  buildDir: string
  /** The files to pack, as checked by the plan. */
  build: BuildSummary
  requireNotifyAppReady: boolean
  key: SigningKey
  checksum: ChecksumChoice
  outputDir: string
  verify: boolean
  dryRun: boolean
  storage: StorageSettings
  /** Milliseconds any single request may go without progress (input request-timeout). */
  requestTimeoutMs: number
  /** Delta (manifest) updates: inputs delta, brotli, brotli-exclude, delta-upload-url (issue 11). */
  delta: DeltaSettings
}

/** Input `delta`. */
export type DeltaMode = 'auto' | 'true' | 'false' | 'only'

/**
 * What the plan decided about delta (manifest) updates, offline. For Capgo,
 * `auto` can still be switched by the server's files/config (`partialUpload`,
 * `partialUploadForced`); see capgo-api.md "Delta uploads".
 */
export interface DeltaSettings {
  mode: DeltaMode
  /** `auto` resolved with the Capacitor config (`autoUpdate: "always"`, or `directUpdate` with autoUpdate unset/true). */
  autoFromConfig: boolean
  /**
   * Files encrypted with the bundle's key and IV and `file_hash` signed (updater >= 6.14.4, capgo-format.md);
   * otherwise plaintext files with a plain SHA-256 hex `file_hash`.
   */
  encrypted: boolean
  /** Input `brotli`. */
  brotli: boolean
  /** Input `brotli-exclude`: globs relative to the build directory, never Brotli-compressed. */
  brotliExclude: string[]
  /** storage url only: input `delta-upload-url`, a PUT URL template with {path} and {sha256}; a credential. */
  uploadUrl?: string
  /**
   * The build files that become manifest entries (deltaCandidates of plan.build.files), in walk order:
   * computed once by the plan, whose delta checks ran on exactly this list, and handed on to the
   * processing and its progress line. Empty when mode is false.
   */
  candidates: readonly BuildFile[]
}

/** One manifest entry, processed (Brotli when it pays, then AES-128-CBC when encrypted) and written to disk, verified before publish. */
export interface DeltaFile {
  /** Manifest `file_name`: build-relative, `/`-separated, `.br` appended when compressed. */
  fileName: string
  /** SHA-256 of the original (uncompressed, unencrypted) bytes, lowercase hex. */
  sha256: string
  /** Manifest `file_hash`: the signed checksum of `sha256` in the bundle's format, or `sha256` itself when not encrypted. */
  fileHash: string
  /** Absolute path of the processed bytes (what is uploaded). */
  path: string
  /** Bytes of the processed file. */
  size: number
}

/** The delta files of one run, in walk order (src/bundle/delta.ts makes it). */
export interface DeltaBundle {
  encrypted: boolean
  /** Directory holding the processed files (inside output-dir); removed with the run's files. */
  dir: string
  files: DeltaFile[]
  /** Sum of `size`: the delta-bytes output when all are uploaded. */
  bytes: number
}

/** What a run published as a delta; the outputs delta-files, delta-bytes, manifest-path, manifest-url. */
export interface DeltaResult {
  files: number
  /** Bytes uploaded for delta files after compression and encryption (the zip not counted). */
  bytes: number
  /** The manifest JSON kept in output-dir: for Capgo the entries as sent to set_manifest; for custom storage the manifest.json uploaded. */
  manifestPath: string
  /** Custom storage: the public URL of manifest.json. Empty for Capgo. */
  manifestUrl?: string
}

/** The record the pack stage hands on: one encrypted file and everything said about it. */
export interface PackedBundle {
  appId: string
  version: string
  /** Absolute path of the encrypted file, named `{appId}_{version}.zip`. */
  path: string
  fileName: string
  fileCount: number
  /** Bytes of the plaintext zip. */
  zipSize: number
  /** Bytes of the encrypted file. */
  bundleSize: number
  /** SHA-256 of the plaintext zip, lowercase hex. */
  sha256: string
  /** Signed checksum in `checksumFormat`: what devices and Capgo expect. */
  checksum: string
  checksumFormat: ChecksumFormat
  ivSessionKey: string
  keyId: string
  /** PKCS#1 public PEM that verifies this bundle (what the app carries); verify-upload needs it. */
  publicKey: string
  /** Processed and verified delta files, when the plan asked for them. */
  delta?: DeltaBundle
  /**
   * Capgo with delta: auto when the Capacitor config does not ask for delta: only the server can
   * (partialUploadForced), so the files are made (and verified) by calling this once the session has
   * read files/config, before any write, instead of on every run. It sets `delta` and returns it.
   */
  prepareDelta?: () => Promise<DeltaBundle>
}

export interface PublishResult {
  /** https URL devices download from, when known. */
  bundleUrl?: string
  /** Object key in custom storage. */
  storageKey?: string
  versionId?: string
  /** The bundle row exists in Capgo after this run. */
  registered: boolean
  /** The version already existed and `version-exists: skip` asked to succeed without changes. */
  skipped: boolean
  channels: string[]
  /** One line per place the bundle went or would go, for the summary. */
  destination: string
  /** This run created and finalized the version (or completed the one a failed run left). Default: registered && !skipped. */
  published?: boolean
  skippedReason?: 'version-exists' | 'unchanged'
  compatibility?: Compatibility
  /** The min_update_version sent. */
  minUpdateVersion?: string
  /** When the outputs must describe what Capgo stores rather than this run's file (skips, completed re-runs). */
  stored?: StoredOutputs
  /** Markdown for the job summary: compatibility tables, rollout, console link. */
  releaseSummary?: string[]
  /** Set when a delta (manifest) was published (or, in a dry run, planned). */
  delta?: DeltaResult
}

/** The stored version the outputs describe when this run's own file is not what Capgo serves. */
export interface StoredOutputs {
  ivSessionKey: string
  checksum: string
  versionId: string
  /** Set only when it names what is stored (an external URL). */
  bundleUrl?: string
}

/** What an undo achieved: what it removed, and what stays with the one thing to do about it. */
export interface UndoResult {
  cleaned?: string
  left?: string
}

/** The run's cancellation as the publish stage sees it (cleanup.ts RunGuard). */
export interface CancelGuard {
  /** Aborts when the run is cancelled (SIGINT/SIGTERM): requests in flight stop, no new one starts. */
  readonly signal: AbortSignal
  /** Registers how to undo something this run created; the returned function drops it once committed or cleaned up. */
  add(what: string, undo: (signal: AbortSignal) => Promise<UndoResult>): () => void
}

/** How every backend and the Capgo client use the network in one run. */
export interface Network {
  /** Milliseconds a single request may go without progress (request-timeout). */
  requestTimeoutMs: number
  guard: CancelGuard
}
