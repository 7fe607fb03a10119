import type { CapgoSettings, CustomStorageSettings, Logger, PackedBundle, Plan, PublishResult } from '../types.js'
import type { StorageBackend } from './backend.js'
import { openCapgo, type CapgoSession } from './capgo/session.js'
import { requirePackedFile } from './verify-stored.js'

export type Backend = StorageBackend<PackedBundle>

type BackendFactory<K extends CustomStorageSettings['kind']> = (settings: Extract<CustomStorageSettings, { kind: K }>, logger: Logger) => Promise<Backend>

/** The storage backends, by `storage` value. They load lazily so a `local` or `capgo` run never pays for the AWS SDK. */
const backends: { [K in CustomStorageSettings['kind']]: BackendFactory<K> } = {
  s3: async (settings, logger) => (await import('./s3.js')).createS3Storage(settings, logger),
  url: async (settings, logger) => (await import('./http-put.js')).createHttpPutStorage(settings, logger),
}

export function createBackend(settings: CustomStorageSettings, logger: Logger): Promise<Backend> {
  const factory = backends[settings.kind] as BackendFactory<typeof settings.kind>
  return factory(settings as never, logger)
}

/** What publish reaches out to; tests put fakes here. */
export interface PublishSeams {
  createBackend(settings: CustomStorageSettings, logger: Logger): Promise<Backend>
  openCapgo(settings: CapgoSettings, bundle: PackedBundle, logger: Logger): Promise<CapgoSession>
}

const realSeams: PublishSeams = { createBackend, openCapgo: (settings, bundle, logger) => openCapgo(settings, bundle, logger) }

/**
 * The publish stage. Every read-only check (Capgo app and version, storage
 * target) runs before the first write, so a refusal leaves nothing behind.
 */
export async function publish(
  plan: Pick<Plan, 'storage' | 'dryRun'>,
  bundle: PackedBundle,
  logger: Logger,
  seams: PublishSeams = realSeams,
): Promise<PublishResult> {
  const { storage, dryRun } = plan
  if (storage.kind === 'local') {
    return { registered: false, skipped: false, channels: [], destination: `kept at ${bundle.path}` }
  }

  if (storage.kind === 'capgo') {
    const capgo = await seams.openCapgo(storage, bundle, logger)
    if (!dryRun && !capgo.versionExists) await requirePackedFile(bundle)
    return capgo.publishHosted({ dryRun })
  }

  const capgo = storage.registerWith ? await seams.openCapgo(storage.registerWith, bundle, logger) : undefined
  if (capgo?.versionExists) {
    return capgo.skipExisting()
  }
  const backend = await seams.createBackend(storage, logger)
  const target = await backend.check(bundle)
  if (dryRun) {
    logger.info(`Dry run: would upload ${bundle.fileName} to ${target.key} (${storage.kind}), public URL ${target.url}`)
    const registration = capgo ? await capgo.registerExternal(target.url, { dryRun: true }) : undefined
    return {
      bundleUrl: target.url,
      storageKey: target.key,
      registered: false,
      skipped: false,
      channels: registration?.channels ?? [],
      destination: `dry run: ${storage.kind} ${target.key}`,
    }
  }
  await requirePackedFile(bundle)
  const stored = await backend.put(bundle)
  logger.info(`Stored ${bundle.fileName} at ${stored.key}`)
  if (!capgo) {
    return { bundleUrl: stored.url, storageKey: stored.key, registered: false, skipped: false, channels: [], destination: `${storage.kind} ${stored.key}` }
  }
  try {
    const registration = await capgo.registerExternal(stored.url, { dryRun: false })
    return { ...registration, bundleUrl: stored.url, storageKey: stored.key, destination: `${storage.kind} ${stored.key}, registered with Capgo` }
  } catch (error) {
    logger.warning(
      `The bundle was uploaded to ${storage.kind} at ${stored.key} but could not be registered with Capgo; delete that object or register it again.`,
    )
    throw error
  }
}
