import { DEFAULT_REQUEST_TIMEOUT_MS, RunGuard, standaloneNetwork } from '../cleanup.js'
import { BundleError } from '../errors.js'
import type {
  CancelGuard,
  CapgoSettings,
  CustomStorageSettings,
  Logger,
  Network,
  PackedBundle,
  Plan,
  PublishResult,
  UndoResult,
} from '../types.js'
import type { StorageBackend, StoredObject } from './backend.js'
import { CustomDelta, withDeltaNote } from './custom-delta.js'
import { openCapgo, type CapgoSession } from './capgo/session.js'
import { writeLocalManifest } from './local-delta.js'
import { requirePackedFile } from './verify-stored.js'

export type Backend = StorageBackend<PackedBundle>

type BackendFactory<K extends CustomStorageSettings['kind']> = (
  settings: Extract<CustomStorageSettings, { kind: K }>,
  logger: Logger,
  network: Network,
) => Promise<Backend>

/** The storage backends, by `storage` value. They load lazily so a `local` or `capgo` run never pays for the AWS SDK. */
const backends: { [K in CustomStorageSettings['kind']]: BackendFactory<K> } = {
  s3: async (settings, logger, network) => (await import('./s3.js')).createS3Storage(settings, logger, {}, network),
  url: async (settings, logger, network) => (await import('./http-put.js')).createHttpPutStorage(settings, logger, {}, network),
  'github-release': async (settings, logger, network) =>
    (await import('./github-release.js')).createGithubReleaseStorage(settings, logger, {}, network),
}

export function createBackend(settings: CustomStorageSettings, logger: Logger, network: Network = standaloneNetwork()): Promise<Backend> {
  const factory = backends[settings.kind] as BackendFactory<typeof settings.kind>
  return factory(settings as never, logger, network)
}

/** What publish reaches out to; tests put fakes here. */
export interface PublishSeams {
  createBackend(settings: CustomStorageSettings, logger: Logger, network: Network): Promise<Backend>
  openCapgo(settings: CapgoSettings, bundle: PackedBundle, logger: Logger, network: Network): Promise<CapgoSession>
}

const realSeams: PublishSeams = {
  createBackend,
  openCapgo: (settings, bundle, logger, network) => openCapgo(settings, bundle, logger, { network }),
}

/** Removes a stored object nothing refers to, or says that it stays; a backend that cannot delete (a presigned PUT) only says so. */
function discardStored(backend: Backend, stored: StoredObject, signal?: AbortSignal): Promise<UndoResult> {
  if (backend.discard) return backend.discard(stored, signal)
  return Promise.resolve({
    left: `${stored.label ?? stored.url} keeps the file of this run, registered nowhere (a presigned PUT cannot delete it): delete it, or let the next run's PUT replace it`,
  })
}

/** A failure after the zip was stored, with what became of the zip appended. */
function withZipNote(error: unknown, outcome: UndoResult, logger: Logger): unknown {
  const note = outcome.cleaned
    ? `The bundle was stored but is referred to by nothing, so ${outcome.cleaned}.`
    : `The bundle was stored but is referred to by nothing: ${outcome.left}.`
  if (outcome.left) logger.warning(note)
  if (!(error instanceof BundleError)) return error
  return new BundleError(error.code, `${error.message} ${note}`, error.input)
}

/**
 * The publish stage. Every read-only check (Capgo app and version, storage
 * target) runs before the first write, so a refusal leaves nothing behind.
 */
export async function publish(
  plan: Pick<Plan, 'storage' | 'dryRun'> & Partial<Pick<Plan, 'requestTimeoutMs' | 'delta'>>,
  bundle: PackedBundle,
  logger: Logger,
  seams: PublishSeams = realSeams,
  guard: CancelGuard = new RunGuard(),
  /** The backend that started uploading while packing (early.ts); its put completes that upload. */
  overlapped?: Backend,
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
    return capgo.publishHosted({ dryRun, delta: plan.delta })
  }

  // Delta on custom storage: files and manifest.json next to the zip; `only` leaves the zip out. No server
  // decides `auto` here, so it follows the Capacitor config alone (the pack stage may make delta files anyway).
  const mode = plan.delta?.mode ?? 'false'
  const withDelta =
    bundle.delta !== undefined && (mode === 'true' || mode === 'only' || (mode === 'auto' && plan.delta?.autoFromConfig === true))
  const zipToo = !withDelta || mode !== 'only'
  if (withDelta && !zipToo && storage.registerWith) {
    throw new BundleError(
      'delta_only_register',
      'delta: only uploads no zip, and Capgo cannot register an external manifest (capgo-api.md), so there is nothing to register; set register: false, or delta: true.',
      'delta',
    )
  }
  const capgo = storage.registerWith ? await seams.openCapgo(storage.registerWith, bundle, logger, network) : undefined
  if (capgo?.versionExists) {
    // Nothing is uploaded again: an honest skip, or the channels a failed run left (same content).
    return capgo.skipExisting({ dryRun })
  }
  // Release control refuses (or skips) before the object is uploaded, so a refusal leaves nothing in the bucket either.
  const early = await capgo?.preflight?.()
  if (early) return early
  const backend = overlapped ?? (await seams.createBackend(storage, logger, network))
  const target = zipToo ? await backend.check(bundle) : undefined
  const delta = withDelta
    ? await CustomDelta.check(backend, storage.kind, bundle, { uploadUrl: plan.delta?.uploadUrl }, logger, guard)
    : undefined
  if (delta && capgo)
    logger.info(
      'Capgo does not accept an external manifest (capgo-api.md), so the version is registered with the zip alone; devices get the delta only from an update server that serves manifest.json.',
    )
  if (dryRun) {
    if (target) logger.info(`Dry run: would upload ${bundle.fileName} to ${target.key} (${storage.kind}), public URL ${target.url}`)
    if (delta)
      logger.info(
        `Dry run: would upload ${delta.files.length} delta files, then manifest.json to ${delta.manifest.label ?? delta.manifest.url}, public URL ${delta.manifest.url}`,
      )
    const registration = capgo && target ? await capgo.registerExternal(target.url, { dryRun: true }) : undefined
    return {
      bundleUrl: target?.url,
      storageKey: target?.key,
      registered: false,
      skipped: false,
      channels: registration?.channels ?? [],
      destination: `dry run: ${storage.kind} ${target?.key ?? delta?.manifest.key}`,
      ...(delta ? { delta: { files: delta.files.length, bytes: 0, manifestPath: '', manifestUrl: delta.manifest.url } } : {}),
    }
  }
  if (zipToo) await requirePackedFile(bundle)
  // Delta objects are invisible until manifest.json is stored, and a cancel removes them where the backend can.
  const dropDeltaUndo = delta ? guard.add(`the delta files of ${bundle.fileName}`, (signal) => delta.discard(signal)) : () => undefined
  let stored: StoredObject | undefined
  let deltaResult: PublishResult['delta']
  try {
    await delta?.uploadFiles()
    stored = zipToo ? await backend.put(bundle) : undefined
    if (stored) logger.info(`Stored ${bundle.fileName} at ${stored.key}`)
    if (delta) {
      // The zip is stored and verified but referred to by nothing yet: a failure of (or a cancel during) the manifest removes it too.
      const zip = stored
      const dropZipUndo = zip
        ? guard.add(`the object ${zip.label ?? zip.url}`, (signal) => discardStored(backend, zip, signal))
        : () => undefined
      const manifestPath = await delta
        .uploadManifest(bundle)
        .catch(async (error: unknown) => {
          if (guard.signal.aborted || !zip) throw error
          dropZipUndo()
          throw withZipNote(error, await discardStored(backend, zip), logger)
        })
        .finally(() => {
          if (!guard.signal.aborted) dropZipUndo()
        })
      deltaResult = { files: delta.files.length, bytes: delta.bytes, manifestPath, manifestUrl: delta.manifest.url }
    }
  } catch (error) {
    if (guard.signal.aborted || !delta) throw error
    dropDeltaUndo()
    throw withDeltaNote(error, await delta.discard(), logger)
  }
  if (!capgo || !stored) {
    dropDeltaUndo()
    const key = stored?.key ?? delta?.manifest.key ?? ''
    return {
      bundleUrl: stored?.url,
      storageKey: stored?.key,
      registered: false,
      skipped: false,
      channels: [],
      destination: `${storage.kind} ${key}`,
      ...(deltaResult ? { delta: deltaResult } : {}),
    }
  }
  // Stored, not yet registered: a cancel removes the object unless a version row already points at it.
  const label = stored.label ?? stored.url
  const dropUndo = guard.add(`the object ${label}`, (signal) =>
    capgo.rowMayRemain
      ? Promise.resolve({ left: `${label} stays: Capgo version ${bundle.version} may point at it` })
      : discardStored(backend, stored, signal),
  )
  try {
    const registration = await capgo.registerExternal(stored.url, { dryRun: false })
    dropUndo()
    dropDeltaUndo()
    return {
      ...registration,
      bundleUrl: stored.url,
      storageKey: stored.key,
      destination: `${storage.kind} ${stored.key}, registered with Capgo`,
      ...(deltaResult ? { delta: deltaResult } : {}),
    }
  } catch (error) {
    if (guard.signal.aborted) throw error
    dropUndo()
    dropDeltaUndo()
    // A row that may remain points at the object, so it stays; with no row, nothing refers to it and it goes.
    const outcome: UndoResult = capgo.rowMayRemain
      ? { left: `${label} stays, as Capgo version ${bundle.version} points at it` }
      : await discardStored(backend, stored)
    const note = outcome.cleaned
      ? `The bundle was stored but not registered, so ${outcome.cleaned}.`
      : `The bundle was stored but not registered: ${outcome.left}.`
    if (outcome.left) logger.warning(note)
    // Capgo never refers to the delta objects (the zip alone is registered), so they go in any case.
    const failure = delta ? withDeltaNote(error, await delta.discard(), logger) : error
    if (!(failure instanceof BundleError)) throw failure
    throw new BundleError(failure.code, `${failure.message} ${note}`, failure.input)
  }
}
