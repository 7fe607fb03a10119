import { writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { BundleError } from '../errors.js'
import type { CancelGuard, DeltaBundle, Logger, PackedBundle, UndoResult } from '../types.js'
import { runBounded } from '../bounded.js'
import { startProgress } from '../progress.js'
import { collectAll, collectWhenGrown, LOOP_GARBAGE_BUDGET } from '../bundle/memory.js'
import type { DeltaStorage, DeltaTargetSettings, StorageBackend, StoredObject } from './backend.js'

/** Delta files in flight at once, as for Capgo: a runner's connection gains nothing past a few dozen. */
export const DELTA_CONCURRENCY = 16

/** One entry of manifest.json: what the plugin reads from an update response (capgo-format.md). */
export interface ManifestJsonEntry {
  file_name: string
  file_hash: string
  download_url: string
}

/** Where the manifest is kept: next to the bundle in output-dir (the same name as for Capgo). */
export function manifestPathFor(bundle: Pick<PackedBundle, 'path' | 'appId' | 'version'>): string {
  return join(dirname(bundle.path), `${bundle.appId}_${bundle.version}.manifest.json`)
}

/**
 * One run's delta on custom storage (s3, url): every file, then
 * manifest.json last, since the manifest is what makes the files visible.
 * It remembers what it stored, so a failure or a cancel later in publish
 * can remove it where the backend can delete.
 */
export class CustomDelta {
  /** Places this run wrote to (or started writing to), for the clean-up. */
  readonly written: StoredObject[] = []
  /** Bytes of the delta files uploaded (the delta-bytes output). */
  bytes = 0
  /** Uploads not yet settled: a clean-up waits for them, or a PUT finishing late would outlive the delete. */
  private readonly inFlight = new Set<Promise<void>>()

  private constructor(
    private readonly storage: DeltaStorage,
    private readonly delta: DeltaBundle,
    readonly files: StoredObject[],
    readonly manifest: StoredObject,
    private readonly logger: Logger,
    private readonly guard: CancelGuard,
    private readonly where: string,
  ) {}

  /** Read-only: the backend can store deltas, and where each file and manifest.json go. */
  static async check(
    backend: StorageBackend<PackedBundle>,
    kind: string,
    bundle: PackedBundle,
    settings: DeltaTargetSettings,
    logger: Logger,
    guard: CancelGuard,
  ): Promise<CustomDelta> {
    const delta = bundle.delta
    if (!delta) throw new Error('CustomDelta.check needs bundle.delta')
    if (!backend.delta)
      throw new BundleError(
        'delta_unsupported',
        `storage ${kind} cannot hold delta files and a manifest; set delta: false, or use s3, url or local.`,
        'delta',
      )
    const storage = backend.delta(bundle, settings)
    const planned = await storage.check(delta.files)
    return new CustomDelta(storage, delta, planned.files, planned.manifest, logger, guard, kind)
  }

  /** Uploads every delta file, at most DELTA_CONCURRENCY at once; after the first failure no new file starts, and the files in flight finish first. */
  async uploadFiles(): Promise<void> {
    const { files } = this.delta
    this.logger.info(`Uploading ${files.length} delta files (${this.delta.bytes} bytes) to ${this.where}, ${DELTA_CONCURRENCY} at a time`)
    const progress = startProgress(`Uploading delta files to ${this.where}`, { bytes: this.delta.bytes, files: files.length }, (line) =>
      this.logger.info(line),
    )
    let failure: { error: unknown } | undefined
    // What processing and verify left in the old generation goes before the uploads add theirs.
    collectAll()
    try {
      failure = await runBounded(
        files.length,
        DELTA_CONCURRENCY,
        () => async (at) => {
          const file = files[at]
          this.written.push(this.files[at])
          const upload = this.storage.putFile(file, this.files[at])
          this.inFlight.add(upload)
          try {
            await upload
            this.bytes += file.size
            progress.add(file.size, 1)
            collectWhenGrown(LOOP_GARBAGE_BUDGET)
          } finally {
            this.inFlight.delete(upload)
          }
        },
        this.guard.signal,
      )
    } finally {
      progress.done()
    }
    this.guard.signal.throwIfAborted()
    if (failure) throw failure.error
    // Stores that confirm sizes in bulk (s3: a listing) do it here, before the zip and manifest.json.
    await this.storage.confirmFiles?.(files, this.files)
  }

  /** Writes manifest.json in output-dir and uploads it, last. Returns the local path. */
  async uploadManifest(bundle: PackedBundle): Promise<string> {
    const entries: ManifestJsonEntry[] = this.delta.files.map((file, at) => ({
      file_name: file.fileName,
      file_hash: file.fileHash,
      download_url: this.files[at].url,
    }))
    const path = manifestPathFor(bundle)
    const text = `${JSON.stringify(entries, null, 2)}\n`
    await writeFile(path, text)
    this.written.push(this.manifest)
    const upload = this.storage.putManifest(path, Buffer.byteLength(text), this.manifest)
    // A cancel's clean-up waits for it too: a manifest stored after the delete would point at deleted files.
    this.inFlight.add(upload)
    try {
      await upload
    } finally {
      this.inFlight.delete(upload)
    }
    this.logger.info(`Stored manifest.json (${entries.length} files) at ${this.manifest.label ?? this.manifest.url}`)
    return path
  }

  /** Removes what this run wrote, or says in one line what stays. */
  async discard(signal?: AbortSignal): Promise<UndoResult> {
    if (!this.written.length) return {}
    await Promise.allSettled([...this.inFlight])
    if (this.storage.discard) return this.storage.discard(this.written, signal)
    const files = this.written.filter((stored) => stored !== this.manifest).length
    const manifest = this.written.includes(this.manifest) ? ` and manifest.json (${this.manifest.url})` : ''
    return {
      left: `up to ${files} delta files${manifest} that this run PUT stay behind delta-upload-url (a PUT URL cannot delete them): delete them, or let the next run's PUTs replace them`,
    }
  }
}

/** A failure message with what became of the delta objects appended. */
export function withDeltaNote(error: unknown, outcome: UndoResult, logger: Logger): unknown {
  const note = outcome.cleaned ? `Delta: ${outcome.cleaned}.` : outcome.left ? `Delta: ${outcome.left}.` : ''
  if (!note) return error
  if (outcome.left) logger.warning(note)
  if (!(error instanceof BundleError)) return error
  return new BundleError(error.code, `${error.message} ${note}`, error.input)
}
