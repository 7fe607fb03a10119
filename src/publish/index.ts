import { RunGuard } from '../cleanup.js'
import { BundleError } from '../errors.js'
import type { CancelGuard, CapgoSettings, CustomStorageSettings, Logger, Network, PackedBundle, Plan, PublishResult, UndoResult } from '../types.js'
import type { StorageBackend, StoredObject } from './backend.js'
import { openCapgo, type CapgoSession } from './capgo/session.js'
import { writeLocalManifest } from './local-delta.js'
import { requirePackedFile } from './verify-stored.js'

export type Backend = StorageBackend<PackedBundle>

type BackendFactory<K extends CustomStorageSettings['kind']> = (settings: Extract<CustomStorageSettings, { kind: K }>, logger: Logger, network: Network) => Promise<Backend>

/** The storage backends, by `storage` value. They load lazily so a `local` or `capgo` run never pays for the AWS SDK. */
const backends: { [K in CustomStorageSettings['kind']]: BackendFactory<K> } = {
  s3: async (settings, logger, network) => (await import('./s3.js')).createS3Storage(settings, logger, {}, network),
  url: async (settings, logger, network) => (await import('./http-put.js')).createHttpPutStorage(settings, logger, {}, network),
  // github-release keeps its own time-outs; request-timeout and cancellation are not wired into it yet.
  'github-release': async (settings, logger) => (await import('./github-release.js')).createGithubReleaseStorage(settings, logger),
}

/** request-timeout's default, in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000

export function createBackend(settings: CustomStorageSettings, logger: Logger, network: Network = { requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, guard: new RunGuard() }): Promise<Backend> {
  const factory = backends[settings.kind] as BackendFactory<typeof settings.kind>
  return factory(settings as never, logger, network)
}

/** What publish reaches out to; tests put fakes here. */
export interface PublishSeams {
  createBackend(settings: CustomStorageSettings, logger: Logger, network: Network): Promise<Backend>
  openCapgo(settings: CapgoSettings, bundle: PackedBundle, logger: Logger, network: Network): Promise<CapgoSession>
}

const realSeams: PublishSeams = { createBackend, openCapgo: (settings, bundle, logger, network) => openCapgo(settings, bundle, logger, { network }) }

/** Removes a stored object nothing refers to, or says that it stays; a backend that cannot delete (a presigned PUT) only says so. */
function discardStored(backend: Backend, stored: StoredObject, signal?: AbortSignal): Promise<UndoResult> {
  if (backend.discard) return backend.discard(stored, signal)
  return Promise.resolve({ left: `${stored.label ?? stored.url} keeps the file of this run, registered nowhere (a presigned PUT cannot delete it): delete it, or let the next run's PUT replace it` })
}

/**
 * The publish stage. Every read-only check (Capgo app and version, storage
 * target) runs before the first write, so a refusal leaves nothing behind.
 */
export async function publish(
  plan: Pick<Plan, 'storage' | 'dryRun'> & Partial<Pick<Plan, 'requestTimeoutMs'>>,
  bundle: PackedBundle,
  logger: Logger,
  seams: PublishSeams = realSeams,
  guard: CancelGuard = new RunGuard(),
): Promise<PublishResult> {
  const { storage, dryRun } = plan
  const network: Network = { requestTimeoutMs: plan.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, guard }
  if (storage.kind === 'local') {
    const delta = bundle.delta ? await writeLocalManifest(bundle.delta) : undefined
    const kept = delta ? `kept at ${bundle.path}, delta manifest at ${delta.manifestPath}` : `kept at ${bundle.path}`
    return { registered: false, skipped: false, channels: [], destination: kept, ...(delta ? { delta } : {}) }
  }

  if (storage.kind === 'capgo') {
    const capgo = await seams.openCapgo(storage, bundle, logger, network)
    if (!dryRun && !capgo.versionExists) await requirePackedFile(bundle)
    return capgo.publishHosted({ dryRun })
  }

  const capgo = storage.registerWith ? await seams.openCapgo(storage.registerWith, bundle, logger, network) : undefined
  if (capgo?.versionExists) {
    // Nothing is uploaded again: an honest skip, or the channels a failed run left (same content).
    return capgo.skipExisting({ dryRun })
  }
  // Release control refuses (or skips) before the object is uploaded, so a refusal leaves nothing in the bucket either.
  const early = await capgo?.preflight?.()
  if (early) return early
  const backend = await seams.createBackend(storage, logger, network)
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
  // Stored, not yet registered: a cancel removes the object unless a version row already points at it.
  const label = stored.label ?? stored.url
  const dropUndo = guard.add(`the object ${label}`, (signal) =>
    capgo.rowMayRemain ? Promise.resolve({ left: `${label} stays: Capgo version ${bundle.version} may point at it` }) : discardStored(backend, stored, signal),
  )
  try {
    const registration = await capgo.registerExternal(stored.url, { dryRun: false })
    dropUndo()
    return { ...registration, bundleUrl: stored.url, storageKey: stored.key, destination: `${storage.kind} ${stored.key}, registered with Capgo` }
  } catch (error) {
    if (guard.signal.aborted) throw error
    dropUndo()
    // A row that may remain points at the object, so it stays; with no row, nothing refers to it and it goes.
    const outcome: UndoResult = capgo.rowMayRemain ? { left: `${label} stays, as Capgo version ${bundle.version} points at it` } : await discardStored(backend, stored)
    const note = outcome.cleaned ? `The bundle was stored but not registered, so ${outcome.cleaned}.` : `The bundle was stored but not registered: ${outcome.left}.`
    if (outcome.left) logger.warning(note)
    if (!(error instanceof BundleError)) throw error
    throw new BundleError(error.code, `${error.message} ${note}`, error.input)
  }
}
