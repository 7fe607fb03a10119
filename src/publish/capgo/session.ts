import { rm } from 'node:fs/promises'
import { RunGuard } from '../../cleanup.js'
import { BundleError, describeError } from '../../errors.js'
import { CAPGO_CONSOLE, ReleaseControl } from '../../release/control.js'
import type { ExistingVersionPlan, ReleaseDecision } from '../../release/decide.js'
import type {
  CapgoSettings,
  CancelGuard,
  DeltaResult,
  DeltaSettings,
  Logger,
  Network,
  PackedBundle,
  PublishResult,
  UndoResult,
} from '../../types.js'
import type { CapgoApp, CapgoFilesConfig, VersionRow } from './api.js'
import { CapgoClient } from './client.js'
import { chooseDelta, manifestPathFor, uploadDeltaFiles, writeManifest, type DeltaChoice, type DeltaProgress } from './delta.js'
import { CapgoRequestError } from './errors.js'
import { defaultCapgoTimings, type CapgoTimings } from './transport.js'

export interface CapgoSession {
  /** The version name exists and this run writes no new row: it skips (version-exists: skip) or completes it (same content). */
  readonly versionExists: boolean
  /** Capgo-hosted: version row → upload (presigned PUT, or TUS when above the server's advertised threshold / settings.tus==='always') → finalize (new or legacy mode) → channels. On any failure after the row exists: DELETE /private/delete_failed_version, then rethrow. dryRun: only reads; log each write it would make. */
  publishHosted(options: { dryRun: boolean; delta?: DeltaSettings }): Promise<PublishResult>
  /** Custom storage: version row with storage_provider 'external', external_url, key_id → channels. Same cleanup rule. */
  registerExternal(externalUrl: string, options: { dryRun: boolean }): Promise<PublishResult>
  /** For an existing version (custom storage, where nothing is uploaded again): skip honestly, or complete a failed run's channels. */
  skipExisting(options?: { dryRun: boolean }): Promise<PublishResult>
  /** Release control's checks before any write (custom storage runs them before its upload): a result when the run ends here (unchanged: skip). */
  preflight?(): Promise<PublishResult | undefined>
  /** After a failure: whether a version row of this run may still be in Capgo (then an external file it points at must stay). */
  readonly rowMayRemain?: boolean
}

export interface CapgoOptions {
  /** Timeouts and retry pacing; tests shorten them. */
  timings?: Partial<CapgoTimings>
  /** The run's request-timeout and cancellation; default: 60 s and a guard that is never cancelled. */
  network?: Network
}

/** TUS chunks are capped here even when the server takes more, so a dropped connection loses little. */
export const MAX_TUS_CHUNK_BYTES = 16 * 1024 * 1024

/**
 * Read-only checks: config, app exists (404 → clear message naming the app id
 * and hinting at the token's permissions), the organisation gate of release
 * control, and an existing version: same content completes a failed run,
 * other content follows version-exists (fail → BundleError code
 * 'version_exists' naming input `version-exists`; skip → honest skip).
 */
export async function openCapgo(
  settings: CapgoSettings,
  bundle: PackedBundle,
  logger: Logger,
  options: CapgoOptions = {},
): Promise<CapgoSession> {
  logger.secret(settings.token)
  requireKeyId(bundle)
  const network = options.network ?? { requestTimeoutMs: defaultCapgoTimings.requestTimeoutMs, guard: new RunGuard() }
  const client = new CapgoClient(
    settings,
    logger,
    { ...defaultCapgoTimings, requestTimeoutMs: network.requestTimeoutMs, ...options.timings },
    network.guard.signal,
  )
  const config = await client.config()
  const app = await client.app(bundle.appId)
  if (!app) {
    throw new BundleError(
      'app_not_found',
      `Capgo has no app ${bundle.appId}, or the capgo-token cannot see it: create it with "npx @capgo/cli app add ${bundle.appId}", or use an API key whose organisation owns the app and that has upload rights.`,
      'app-id',
    )
  }
  const control = new ReleaseControl(
    client.releaseApi(),
    {
      appId: bundle.appId,
      ownerOrg: app.owner_org,
      channels: settings.channels,
      versionExists: settings.versionExists,
      minUpdateVersion: settings.minUpdateVersion,
      release: settings.release,
      consoleUrl: settings.supabaseUrl ? undefined : CAPGO_CONSOLE,
    },
    bundle,
    logger,
  )
  await control.gate()
  const exists = await client.versionExists(bundle.appId, bundle.version)
  const existing = exists ? await control.existing() : undefined
  if (existing?.kind === 'complete')
    logger.info(
      `Version ${bundle.version} of ${bundle.appId} is already stored with this exact content: completing what an earlier run left undone.`,
    )
  if (existing?.kind === 'unfinalized')
    logger.info(
      `Version ${bundle.version} of ${bundle.appId} was left unfinalized by an earlier run with this exact content: finishing it.`,
    )
  return new Session(client, settings, bundle, logger, app, config.useNewFinalizeBundleUpload, control, existing, network.guard)
}

function requireKeyId(bundle: PackedBundle): void {
  if (!bundle.keyId) {
    throw new BundleError(
      'key_id_missing',
      "The bundle has no key id, so Capgo could not match it to the devices' public key; check private-key.",
      'private-key',
    )
  }
}

export type UploadMethod = 'put' | 'tus'

/**
 * The server's advertised threshold is `maxChunkSize`: a file larger than one
 * TUS chunk is where a resumable upload pays off, and servers that force TUS
 * say so with `TUSUploadForced`. `never` is honoured even then: it is the
 * user's escape hatch when TUS is what breaks.
 */
export function chooseUploadMethod(tus: CapgoSettings['tus'], files: CapgoFilesConfig, size: number, logger: Logger): UploadMethod {
  if (tus === 'never') return 'put'
  if (!files.TUSUpload) {
    if (tus === 'always') logger.warning('This Capgo server does not offer TUS uploads; uploading with a single presigned PUT instead.')
    return 'put'
  }
  if (tus === 'always' || files.TUSUploadForced) return 'tus'
  return files.maxChunkSize > 0 && size > files.maxChunkSize ? 'tus' : 'put'
}

function tusChunkSize(files: CapgoFilesConfig): number {
  return files.maxChunkSize > 0 ? Math.min(files.maxChunkSize, MAX_TUS_CHUNK_BYTES) : MAX_TUS_CHUNK_BYTES
}

/**
 * How far this run got in Capgo: what a clean-up can remove, and what must
 * be reported as remaining. `row` is `maybe` while an insert's outcome is
 * unknown (no answer, or a 5xx).
 */
interface Progress {
  kind: 'hosted' | 'external'
  row: 'none' | 'maybe' | 'created'
  externalUrl?: string
  /** The file is (or may be) in Capgo's storage: the upload's last byte was sent. */
  fileStored: boolean
  finalized: boolean
  linked: string[]
  /** Delta files: how many this run sent (they stay in Capgo's storage whatever happens: no call removes them). */
  delta?: DeltaProgress
  manifestSet?: boolean
}

class Session implements CapgoSession {
  private progress: Progress = { kind: 'hosted', row: 'none', fileStored: false, finalized: false, linked: [] }
  private manifestWritten?: string
  private remains = false

  constructor(
    private readonly client: CapgoClient,
    private readonly settings: CapgoSettings,
    private readonly bundle: PackedBundle,
    private readonly logger: Logger,
    private readonly app: CapgoApp,
    private readonly newFinalize: boolean,
    private readonly control: ReleaseControl,
    private existing: ExistingVersionPlan | undefined,
    private readonly guard: CancelGuard,
  ) {}

  /** True once an external row may exist (so the file it points at must stay), or after a clean-up that left a row. */
  get rowMayRemain(): boolean {
    return this.remains || (this.progress.kind === 'external' && this.progress.row !== 'none')
  }

  private decision?: Promise<ReleaseDecision>

  /** Release control's reads and refusals, once per session, before the first write. */
  private decide(): Promise<ReleaseDecision> {
    this.decision ??= this.control.preflight()
    return this.decision
  }

  async preflight(): Promise<PublishResult | undefined> {
    if (this.existing) return undefined
    const decision = await this.decide()
    return decision.kind === 'unchanged' ? this.unchanged(decision) : undefined
  }

  private unchanged(decision: ReleaseDecision): PublishResult {
    return this.control.skipped(
      'unchanged',
      decision.current,
      `Capgo: ${this.bundle.appId}, channels ${decision.alreadyCurrent.join(', ')} already serve this content (unchanged: skip)`,
    )
  }

  get versionExists(): boolean {
    return this.existing !== undefined
  }

  async skipExisting({ dryRun }: { dryRun: boolean } = { dryRun: false }): Promise<PublishResult> {
    const { appId, version } = this.bundle
    const existing = this.existing
    if (!existing || existing.kind === 'skip') {
      return this.control.skipped(
        'version-exists',
        existing?.stored,
        `Capgo: ${appId} ${version} already existed with other content; left unchanged (version-exists: skip)`,
      )
    }
    return this.complete(existing, dryRun)
  }

  async publishHosted({ dryRun, delta: deltaSettings }: { dryRun: boolean; delta?: DeltaSettings }): Promise<PublishResult> {
    if (this.existing?.kind === 'unfinalized') return this.finishUnfinalized(this.existing, dryRun, deltaSettings)
    if (this.existing) return this.skipExisting({ dryRun })
    const files = await this.client.filesConfig()
    // delta: auto with the config silent: the files are made only when this server forces delta (delta-core's lazy hook).
    if (
      !this.bundle.delta &&
      this.bundle.prepareDelta &&
      deltaSettings?.mode === 'auto' &&
      files.partialUploadForced &&
      files.partialUpload !== false
    )
      await this.bundle.prepareDelta()
    // Decided before any write: a refused delta leaves nothing behind.
    const choice = chooseDelta(deltaSettings, files, this.bundle, this.logger)
    if (choice !== 'only') this.checkSize(files)
    const method = chooseUploadMethod(this.settings.tus, files, this.bundle.bundleSize, this.logger)
    const decision = await this.decide()
    if (decision.kind === 'unchanged') return this.unchanged(decision)
    const row = await this.versionRow({ storage_provider: 'r2-direct' })
    const target = `Capgo Cloud ${this.bundle.appId} ${this.bundle.version}${choice === 'only' ? ' (delta only)' : choice === 'with-zip' ? ' (zip and delta)' : ''}`

    if (dryRun) {
      const steps = [
        ...(choice === 'only' ? [] : [this.uploadDescription(method)]),
        ...this.deltaDescription(choice),
        this.finalizeDescription(),
      ]
      this.describeWrites(row, steps, decision.targets)
      const delta = this.bundle.delta
      return {
        ...this.dryRunResult(target, decision.targets),
        ...(choice !== 'none' && delta
          ? { delta: { files: delta.files.length, bytes: delta.bytes, manifestPath: '', manifestUrl: '' } }
          : {}),
      }
    }

    let deltaResult: DeltaResult | undefined
    const versionId = await this.withCleanup(row, async () => {
      if (choice !== 'only') {
        await this.upload(method, files)
        this.progress.fileStored = true
      }
      if (choice !== 'none') deltaResult = await this.uploadDelta(files)
      await this.finalize(row)
      this.progress.finalized = true
    })
    // Channels only now: set_manifest and finalize both succeeded, so no channel can point at a partial manifest.
    await this.control.afterFinalize(row.user_id, versionId)
    return {
      ...this.result(versionId, target, decision.targets),
      ...this.control.published(),
      ...(deltaResult ? { delta: deltaResult } : {}),
    }
  }

  /** Delta files, then ONE set_manifest with every entry in walk order; the entries are kept in output-dir exactly as sent. */
  private async uploadDelta(files: CapgoFilesConfig): Promise<DeltaResult> {
    const { bundle } = this
    const delta = bundle.delta
    if (!delta) throw new BundleError('delta_missing', 'No delta files were made for this run.', 'delta')
    const progress: DeltaProgress = { total: delta.files.length, done: 0 }
    this.progress.delta = progress
    this.logger.info(
      `Uploading ${delta.files.length} delta files (${megabytes(delta.bytes)}${delta.encrypted ? ', encrypted' : ', plaintext'}) to Capgo with TUS`,
    )
    const outcome = await uploadDeltaFiles(
      this.client,
      delta,
      { ownerOrg: this.app.owner_org, appId: bundle.appId, ivSessionKey: bundle.ivSessionKey, files, chunkSize: tusChunkSize(files) },
      this.logger,
      progress,
      this.guard.signal,
    ).catch((error: unknown) => {
      if (this.guard.signal.aborted) throw error
      const reason = error instanceof BundleError ? error.message : this.client.scrub(describeError(error))
      throw new BundleError(
        'capgo_delta_failed',
        `Uploading the delta files to Capgo stopped after ${progress.done} of ${progress.total}, so no manifest was set and no channel changed: ${reason}`,
      )
    })
    await this.client.setManifest(bundle.appId, bundle.version, outcome.entries)
    this.progress.manifestSet = true
    // Kept only once Capgo took it; a failure before finalize removes it again (cleanUp).
    const manifestPath = manifestPathFor(bundle)
    await writeManifest(manifestPath, outcome.entries)
    this.manifestWritten = manifestPath
    const reused = outcome.entries.length - outcome.uploaded
    this.logger.info(
      `Set the manifest of version ${bundle.version}: ${outcome.entries.length} files, ${outcome.uploaded} uploaded (${outcome.bytes} bytes)${reused ? `, ${reused} already stored` : ''}`,
    )
    return { files: outcome.entries.length, bytes: outcome.bytes, manifestPath, manifestUrl: '' }
  }

  private deltaDescription(choice: DeltaChoice): string[] {
    const delta = this.bundle.delta
    if (choice === 'none' || !delta) return []
    return [
      `upload ${delta.files.length} delta files (${delta.bytes} bytes, ${delta.encrypted ? 'encrypted' : 'plaintext'}) by TUS to ${this.client.endpoints.files}/files/upload/attachments/`,
      `set the manifest (${delta.files.length} entries) with POST ${this.client.endpoints.api}/private/set_manifest`,
    ]
  }

  async registerExternal(externalUrl: string, { dryRun }: { dryRun: boolean }): Promise<PublishResult> {
    if (this.existing) return this.skipExisting({ dryRun })
    const decision = await this.decide()
    if (decision.kind === 'unchanged') return this.unchanged(decision)
    const row = await this.versionRow({ storage_provider: 'external', external_url: externalUrl })

    if (dryRun) {
      this.describeWrites(row, [], decision.targets)
      return this.dryRunResult(`Capgo ${this.bundle.appId} ${this.bundle.version} (external)`, decision.targets)
    }

    this.progress.kind = 'external'
    this.progress.externalUrl = externalUrl
    const versionId = await this.withCleanup(row, async () => undefined)
    await this.control.afterFinalize(row.user_id, versionId)
    return {
      ...this.result(versionId, `Capgo ${this.bundle.appId} ${this.bundle.version} (external)`, decision.targets),
      bundleUrl: externalUrl,
      ...this.control.published(),
    }
  }

  /**
   * A converging re-run: the version is stored with this exact content and
   * finalized; assign the channels that do not serve it yet. Outputs describe
   * the stored version (its session key, checksum and id).
   */
  private async complete(
    existing: Extract<ExistingVersionPlan, { kind: 'complete' | 'unfinalized' }>,
    dryRun: boolean,
  ): Promise<PublishResult> {
    const { appId, version } = this.bundle
    const { stored } = existing
    const decision = await this.control.preflight(true)
    const target = `Capgo ${appId} ${version} (completed)`
    if (dryRun) {
      for (const channel of decision.targets) this.logger.info(`Dry run: would complete version ${version} by setting channel ${channel}`)
      return { ...this.dryRunResult(target, decision.targets), stored: this.control.storedOutputs(stored) }
    }
    const userId = decision.targets.length ? await this.client.actorUserId() : ''
    const lines = await this.control.afterFinalize(userId, String(stored.id))
    this.logger.info(
      lines.length
        ? `Completed version ${version} of ${appId}: ${lines.join('; ')}.`
        : `Completed version ${version} of ${appId}: nothing was missing (stored, finalized, and every channel already serves it).`,
    )
    return {
      ...this.result(String(stored.id), target, decision.targets),
      ...this.control.published(),
      minUpdateVersion: stored.min_update_version ?? undefined,
      stored: this.control.storedOutputs(stored),
      ...(stored.storage_provider === 'external' && stored.external_url ? { bundleUrl: stored.external_url } : {}),
    }
  }

  /**
   * A row an earlier run left `r2-direct`: delete_failed_version removes it
   * only when its file never arrived (then this run publishes afresh); when
   * the file is stored the server refuses, and the row is finalized instead.
   */
  private async finishUnfinalized(
    existing: Extract<ExistingVersionPlan, { kind: 'unfinalized' }>,
    dryRun: boolean,
    delta?: DeltaSettings,
  ): Promise<PublishResult> {
    const { appId, version } = this.bundle
    await this.control.preflight(true)
    if (dryRun) {
      this.logger.info(
        `Dry run: would remove the unfinished version ${version} if its file never arrived (else finalize it), then continue`,
      )
      return this.complete({ kind: 'complete', stored: existing.stored }, true)
    }
    // 'file_stored' (or a row no longer unfinished): the server keeps it, so finalize it below.
    if ((await this.client.deleteFailedVersion(appId, version, this.guard.signal)) === 'deleted') {
      this.logger.info(`Removed the unfinished version ${version} (its file never arrived); publishing it afresh.`)
      this.existing = undefined
      return this.publishHosted({ dryRun, delta })
    }
    const stored = existing.stored
    // This run's delta files are encrypted with its own session key, not the stored row's, so they cannot be added to it.
    if (delta && delta.mode !== 'false' && this.bundle.delta) {
      this.logger.warning(
        `Version ${version} keeps the zip an earlier run stored and is finalized without delta files: this run's files are encrypted with another session key than the stored row's. Bump version to publish a delta.`,
      )
    }
    if (this.newFinalize) await this.client.finalize(appId, version)
    else {
      const row = await this.versionRow({ storage_provider: 'r2-direct' })
      await this.client.upsertVersion(
        { ...row, session_key: stored.session_key ?? row.session_key, storage_provider: 'r2', manifest: null },
        `finalizing version ${version}`,
      )
    }
    this.logger.info(`Finalized version ${version}, whose file an earlier run had stored`)
    return this.complete({ kind: 'complete', stored: { ...stored, storage_provider: 'r2' } }, false)
  }

  private checkSize(files: CapgoFilesConfig): void {
    const { bundleSize } = this.bundle
    if (files.maxUploadLength > 0 && bundleSize > files.maxUploadLength) {
      throw new BundleError(
        'bundle_too_large',
        `The encrypted bundle is ${megabytes(bundleSize)}, above the ${megabytes(files.maxUploadLength)} this Capgo server accepts: remove large assets from the build, or publish to your own storage (storage: s3).`,
        'storage',
      )
    }
    if (files.alertUploadSize && bundleSize > files.alertUploadSize) {
      this.logger.warning(
        `The encrypted bundle is ${megabytes(bundleSize)}, above Capgo's ${megabytes(files.alertUploadSize)} alert size: devices may take a while to download it.`,
      )
    }
  }

  private async versionRow(storage: Pick<VersionRow, 'storage_provider' | 'external_url'>): Promise<VersionRow> {
    const { bundle, settings } = this
    const userId = await this.client.actorUserId()
    const { native_packages: nativePackages, min_update_version: minUpdateVersion } = this.control.rowFields()
    return {
      name: bundle.version,
      app_id: bundle.appId,
      session_key: bundle.ivSessionKey,
      checksum: bundle.checksum,
      key_id: bundle.keyId,
      storage_provider: storage.storage_provider,
      owner_org: this.app.owner_org,
      user_id: userId,
      ...(nativePackages ? { native_packages: nativePackages } : {}),
      link: settings.link ?? null,
      comment: settings.comment ?? null,
      ...(minUpdateVersion ? { min_update_version: minUpdateVersion } : {}),
      ...(storage.external_url ? { external_url: storage.external_url } : {}),
    }
  }

  /**
   * Creates the row, runs `rest`, and on a failure (or a cancel) removes what
   * can be removed: delete_failed_version deletes only a row still
   * `r2-direct` whose file never arrived. Anything else stays, and the error
   * says what remains and the one thing to do. An insert whose outcome is
   * unknown (no answer, or a 5xx) counts as a row that may exist.
   */
  private async withCleanup(row: VersionRow, rest: () => Promise<void>): Promise<string | undefined> {
    const dropUndo = this.guard.add(`version ${row.name} in Capgo`, (signal) => this.cleanUp(signal))
    let versionId: string | undefined
    try {
      this.progress.row = 'maybe'
      try {
        versionId = (await this.client.upsertVersion(row)).id
      } catch (error) {
        if (!insertMayHaveLanded(error)) this.progress.row = 'none'
        throw error
      }
      this.progress.row = 'created'
      this.logger.info(`Created version ${row.name} of ${row.app_id} in Capgo${versionId ? ` (id ${versionId})` : ''}`)
      await rest()
    } catch (error) {
      // Cancelled: the guard runs cleanUp and reports; the run's only message is that report.
      if (this.guard.signal.aborted) throw error
      dropUndo()
      throw await this.afterFailure(error)
    }
    dropUndo()
    return versionId
  }

  /** Returns the error to throw: the original, with what the clean-up did and what remains added to its message. */
  private async afterFailure(cause: unknown): Promise<BundleError> {
    const original =
      cause instanceof BundleError
        ? cause
        : new BundleError('capgo_publish_failed', `Publishing to Capgo failed: ${this.client.scrub(describeError(cause))}`)
    const outcome = await this.cleanUp()
    if (outcome.cleaned) this.logger.info(`Capgo: ${outcome.cleaned}, so no version row points at a missing file.`)
    if (outcome.left) this.logger.warning(`Capgo: ${outcome.left}.`)
    const said = [
      outcome.cleaned ? `Capgo: ${outcome.cleaned}; fix the cause and run again.` : '',
      outcome.left ? `Capgo: ${outcome.left}.` : '',
    ]
      .filter(Boolean)
      .join(' ')
    return new BundleError(original.code, said ? `${original.message} ${said}` : original.message, original.input)
  }

  /** The row's clean-up, plus what is true of the delta files: no Capgo call removes them, and without a finalized manifest nothing refers to them. */
  private async cleanUp(signal?: AbortSignal): Promise<UndoResult> {
    // Not finalized: no device gets that manifest, so no file in output-dir should describe it.
    if (this.manifestWritten && !this.progress.finalized) await rm(this.manifestWritten, { force: true })
    const outcome = await this.cleanUpRow(signal)
    const delta = this.progress.delta
    if (!delta || delta.done === 0 || this.progress.finalized) return outcome
    const note = `${delta.done} of ${delta.total} delta files this run sent stay in Capgo's storage, ${this.progress.manifestSet && outcome.left ? 'listed only in the manifest of that unfinished version' : 'referenced by no manifest'} (Capgo has no call to remove them; no device downloads them)`
    return { ...outcome, left: outcome.left ? `${outcome.left}; ${note}` : note }
  }

  /** Removes what delete_failed_version can remove, and says truly what stays (capgo-api.md, "What delete_failed_version really deletes"). */
  private async cleanUpRow(signal?: AbortSignal): Promise<UndoResult> {
    const { appId, version } = this.bundle
    const progress = this.progress
    if (progress.row === 'none') return {}
    const linked = progress.linked.length ? `linked to channel ${progress.linked.join(', ')}` : 'linked to no channel'
    // Re-runs converge (release/decide.ts): the same content signs the same checksum, so a re-run finds this row and finishes it:
    // an external or finalized row gets its missing channels, a stored but unfinalized one is finalized, one without its file is removed and redone.
    const rerun = 'run the same job again (same content) to complete it'

    if (progress.kind === 'external') {
      if (progress.row === 'maybe') {
        const exists = await this.client.versionExists(appId, version, signal).catch(() => undefined)
        if (exists === false) {
          progress.row = 'none'
          return {}
        }
      }
      this.remains = true
      const may = progress.row === 'maybe' ? 'may remain' : 'stays'
      return {
        left: `version ${version} ${may} in Capgo as an external version pointing at ${progress.externalUrl}, ${linked} (delete_failed_version cannot remove external versions): ${rerun}`,
      }
    }

    if (progress.finalized) {
      this.remains = true
      const missing = this.settings.channels.filter((channel) => !progress.linked.includes(channel))
      const todo = missing.length
        ? `run the job again (same content) to complete the channel assignment (${missing.join(', ')})`
        : 'nothing of it is missing'
      return { left: `version ${version} stays in Capgo, finalized with its file, ${linked}: ${todo}` }
    }
    const stored = `version ${version} stays in Capgo with its file stored but not finalized, ${linked} (delete_failed_version refuses once the file is stored): run the same job again (same content) to finalize it and complete the version`
    if (progress.fileStored) {
      this.remains = true
      return { left: stored }
    }

    try {
      const answer = await this.client.deleteFailedVersion(appId, version, signal)
      if (answer === 'deleted') return { cleaned: `deleted version ${version} from Capgo again (its file never arrived)` }
      if (answer === 'already_deleted') {
        if (progress.row === 'maybe') return {}
        this.remains = true
        return {
          left: `version ${version} may remain in Capgo (delete_failed_version found no unfinished row of that name): ${rerun} if it is there, or to publish it if not`,
        }
      }
      this.remains = true
      return { left: stored }
    } catch (error) {
      this.remains = true
      const denied = error instanceof CapgoRequestError && (error.status === 401 || error.status === 403)
      const reason =
        error instanceof CapgoRequestError && error.status === 404
          ? 'delete_failed_version answered 404: user or app not found for this capgo-token'
          : denied
            ? 'the capgo-token may not delete bundles (bundle.delete)'
            : `deleting it failed: ${describeError(error)}`
      // A re-run removes a row whose file never arrived with the same call, so it needs the right this one lacked.
      const todo = `${denied ? 'give the capgo-token bundle.delete and ' : ''}run the same job again (same content): it removes an unfinished row left here and publishes afresh`
      return { left: `version ${version} may remain in Capgo, ${linked} (${reason}): ${todo}` }
    }
  }

  private async upload(method: UploadMethod, files: CapgoFilesConfig): Promise<void> {
    const { bundle } = this
    if (method === 'tus') {
      this.logger.info(`Uploading ${bundle.fileName} (${megabytes(bundle.bundleSize)}) to Capgo with TUS (resumable)`)
      await this.client.tusUpload({
        file: bundle.path,
        size: bundle.bundleSize,
        chunkSize: tusChunkSize(files),
        metadata: { filename: `orgs/${this.app.owner_org}/apps/${bundle.appId}/${bundle.version}.zip`, filetype: 'application/zip' },
      })
    } else {
      this.logger.info(`Uploading ${bundle.fileName} (${megabytes(bundle.bundleSize)}) to Capgo`)
      const url = await this.client.uploadLink(bundle.appId, bundle.version)
      await this.client.putFile(url, bundle.path, bundle.bundleSize)
    }
  }

  /** The server says which finalize it expects; the legacy one repeats the upsert with the final storage provider. */
  private async finalize(row: VersionRow): Promise<void> {
    if (this.newFinalize) {
      await this.client.finalize(this.bundle.appId, this.bundle.version)
    } else {
      await this.client.upsertVersion({ ...row, storage_provider: 'r2', manifest: null }, `finalizing version ${row.name}`)
    }
    this.logger.info(`Finalized version ${this.bundle.version} in Capgo`)
  }

  private uploadDescription(method: UploadMethod): string {
    const target =
      method === 'tus'
        ? `TUS to ${this.client.endpoints.files}/files/upload/attachments/`
        : `a presigned PUT from ${this.client.endpoints.files}/files/upload_link`
    return `upload ${this.bundle.fileName} (${this.bundle.bundleSize} bytes) by ${target}`
  }

  private finalizeDescription(): string {
    return this.newFinalize
      ? `finalize with POST ${this.client.endpoints.api}/private/finalize_bundle_upload`
      : 'finalize by upserting the version row again with storage_provider "r2"'
  }

  private describeWrites(row: VersionRow, steps: string[], channels: string[]): void {
    this.logger.info(`Dry run: would create the Capgo version row ${JSON.stringify(row)}`)
    for (const step of steps) this.logger.info(`Dry run: would ${step}`)
    for (const channel of channels)
      this.logger.info(
        `Dry run: would set channel ${channel} to ${this.bundle.version}${this.control.settings.rollout ? ' (rollout)' : ''}`,
      )
  }

  private dryRunResult(target: string, channels: string[]): PublishResult {
    return {
      registered: false,
      skipped: false,
      published: false,
      channels: [...channels],
      destination: `dry run: ${target}${channelNote(channels)}`,
    }
  }

  private result(versionId: string | undefined, target: string, channels: string[]): PublishResult {
    return { versionId, registered: true, skipped: false, channels: [...channels], destination: `${target}${channelNote(channels)}` }
  }
}

function insertMayHaveLanded(error: unknown): boolean {
  return error instanceof CapgoRequestError && (error.status === undefined || error.status >= 500)
}

function channelNote(channels: string[]): string {
  return channels.length ? `, channels ${channels.join(', ')}` : ''
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
