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
}
