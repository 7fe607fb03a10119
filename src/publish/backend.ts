/**
 * The storage plug-in interface. This file imports nothing, so every backend
 * and the code that chooses one can depend on it without a circle; the
 * bundle type is a parameter (the publish stage uses PackedBundle).
 */

/** Where an uploaded bundle ended up (or, from `check`, will end up). */
export interface StoredObject {
  /** The https URL devices download from. */
  url: string
  /** Object key (S3) or a short description of the target, never a signed URL. */
  key: string
  /** How messages name the stored object (s3://bucket/key); default: `url`. */
  label?: string
}

/**
 * A place to keep encrypted bundles that devices download from directly.
 * Its settings passed the backend's `checkSettings()` in the plan, so it
 * trusts them. `check` makes no writes, so a run can stop before anything is
 * half-published.
 */
export interface StorageBackend<Bundle> {
  /** Read-only checks: the target is reachable, the object is absent (or may be replaced). Returns the planned location. */
  check(bundle: Bundle): Promise<StoredObject>
  /** Upload, then confirm what was stored. */
  put(bundle: Bundle): Promise<StoredObject>
  /**
   * Removes what `put` stored when nothing will refer to it (registration
   * failed, or the run was cancelled), or says why it stays and what to do.
   * Absent when the backend cannot delete (a presigned PUT URL).
   */
  discard?(stored: StoredObject, signal?: AbortSignal): Promise<{ cleaned?: string; left?: string }>
  /**
   * Starts sending the bundle while it is packed (issue 14), from `source`,
   * after the same read-only checks as `check`; nothing becomes visible until
   * `put` completes it, after verify. Undefined when this target cannot
   * (e.g. its key depends on the content). Absent: the backend never can.
   */
  startEarly?(target: EarlyTarget, source: GrowingSource): EarlyUpload | undefined
  /** Delta (manifest) updates next to `bundle`; absent when the backend cannot store them (github-release). */
  delta?(bundle: Bundle, settings: DeltaTargetSettings): DeltaStorage
}

/** What is known of a bundle before it is packed. */
export interface EarlyTarget {
  appId: string
  version: string
  fileName: string
  /** The build's size: an upper bound on the bundle's (for the part size). */
  estimatedBytes: number
}

/** The encrypted file as it is written: bytes up to `written` are final; `total` once packing succeeded. */
export interface GrowingSource {
  readonly written: number
  readonly total?: number
  readonly closed: boolean
  changed(): Promise<void>
  /**
   * `length` bytes from `position` (already written) as a stream of small
   * chunks, so a request in flight holds kilobytes, not its whole part; a
   * fresh stream per attempt.
   */
  stream(position: number, length: number): NodeJS.ReadableStream
}

/** An upload under way during packing. */
export interface EarlyUpload {
  /** Withdraws what was sent unless `put` completed it (then a no-op). */
  withdraw(): Promise<void>
}

/** One processed delta file to store (the fields of DeltaFile in types.ts that storage needs). */
export interface DeltaObjectFile {
  /** Manifest `file_name`: build-relative, `/`-separated, `.br` kept. */
  fileName: string
  /** SHA-256 of the original bytes, lowercase hex: part of the object's name. */
  sha256: string
  /** The processed bytes on disk. */
  path: string
  size: number
}

/** What a backend's delta half needs besides the bundle. */
export interface DeltaTargetSettings {
  /** storage url: input delta-upload-url, a PUT URL template with {path} and {sha256}; a credential. */
  uploadUrl?: string
}

/**
 * Delta (manifest) updates next to one bundle: the processed files under
 * `{bundle key without .zip}/delta/{sha256}_{file_name}`, then
 * `{bundle key without .zip}/manifest.json`. The orchestrator (custom-delta.ts)
 * orders the calls: check, every file, the manifest last.
 */
export interface DeltaStorage {
  /** Read-only: the planned place of every file (in order) and of manifest.json; refuses a manifest that exists unless it may be replaced. */
  check(files: DeltaObjectFile[]): Promise<{ files: StoredObject[]; manifest: StoredObject }>
  /** Uploads one file and confirms it (and with verify-upload, its bytes); retried within request-timeout. */
  putFile(file: DeltaObjectFile, target: StoredObject): Promise<void>
  /** Uploads manifest.json from `path` and confirms it: what makes the delta visible, so it is called last. */
  putManifest(path: string, size: number, target: StoredObject): Promise<void>
  /**
   * Removes the objects this run stored (`stored`: their places), or says
   * what stays. Absent when the backend cannot delete (a PUT URL template).
   */
  discard?(stored: StoredObject[], signal?: AbortSignal): Promise<{ cleaned?: string; left?: string }>
}
