import type { Logger, PackedBundle, StorageSettings } from '../types.js'

/** Where an uploaded bundle ended up. */
export interface StoredObject {
  /** The https URL devices download from. */
  url: string
  /** Object key (S3) or a short description of the target, never a signed URL. */
  key: string
}

/**
 * A place to keep encrypted bundles that devices download from directly.
 * `check` makes no writes, so a run can stop before anything is half-published.
 */
export interface Storage {
  /** Read-only checks: the target is reachable, the object is absent (or may be replaced). Returns the planned location. */
  check(bundle: PackedBundle): Promise<StoredObject>
  /** Upload, then confirm what was stored. */
  put(bundle: PackedBundle): Promise<StoredObject>
}

export type CustomStorageSettings = Exclude<StorageSettings, { kind: 'local' } | { kind: 'capgo' }>

type StorageFactory<K extends CustomStorageSettings['kind']> = (
  settings: Extract<CustomStorageSettings, { kind: K }>,
  logger: Logger,
) => Promise<Storage>

// Backends load lazily so a `local` or `capgo` run never pays for the AWS SDK.
const backends: { [K in CustomStorageSettings['kind']]: StorageFactory<K> } = {
  s3: async (settings, logger) => (await import('./s3.js')).createS3Storage(settings, logger),
  url: async (settings, logger) => (await import('./http-put.js')).createHttpPutStorage(settings, logger),
}

export function createStorage(settings: CustomStorageSettings, logger: Logger): Promise<Storage> {
  const factory = backends[settings.kind] as StorageFactory<typeof settings.kind>
  return factory(settings as never, logger)
}
