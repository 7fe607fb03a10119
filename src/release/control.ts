import { BundleError } from '../errors.js'
import type { Logger, PackedBundle, PublishResult, StoredOutputs } from '../types.js'
import { compatibilityTable } from './compatibility.js'
import {
  decideExisting,
  decideRelease,
  ReleaseRefusal,
  type ChannelState,
  type ExistingVersionPlan,
  type ReleaseDecision,
  type StoredVersion,
} from './decide.js'
import {
  assignChannels,
  checkChannelPermissions,
  notifyConsole,
  organisationChecks,
  readChannels,
  readStoredVersion,
  type ReleaseApi,
} from './remote.js'
import { NO_RELEASE_CONTROL, type ReleaseSettings } from './settings.js'

/** The Capgo console, for links in the summary (Capgo Cloud only). */
export const CAPGO_CONSOLE = 'https://console.capgo.app'

export interface ReleaseContext {
  appId: string
  ownerOrg: string
  channels: string[]
  versionExists: 'fail' | 'skip'
  minUpdateVersion?: string
  release?: ReleaseSettings
  /** Capgo Cloud's console; undefined for a self-hosted Capgo. */
  consoleUrl?: string
}

/**
 * Release control for one Capgo session (issue 10): everything the session
 * asks before its first write (organisation, existing version, channels,
 * compatibility, min_update_version, rollout, permissions), the channel
 * assignment after finalize, and the result fields. Reads go through the
 * session's ReleaseApi; the decisions are the pure ones of decide.ts.
 */
export class ReleaseControl {
  readonly settings: ReleaseSettings
  private states: ChannelState[] = []
  private decision?: ReleaseDecision
  private canDelete = false
  private summary: string[] = []

  constructor(
    private readonly api: ReleaseApi,
    private readonly context: ReleaseContext,
    private readonly bundle: PackedBundle,
    private readonly logger: Logger,
  ) {
    this.settings = context.release ?? NO_RELEASE_CONTROL
  }

  /** 2FA, upload permission, organisation warnings, plan. Only with release settings (a plan-made session). */
  async gate(): Promise<void> {
    if (this.context.release) await organisationChecks(this.api, this.context.appId, this.context.ownerOrg, this.logger)
  }

  /** The version name exists: read it and decide (complete, unfinalized, skip, or refuse under version-exists). */
  async existing(): Promise<ExistingVersionPlan> {
    const stored = await readStoredVersion(this.api, this.context.appId, this.bundle.version)
    return decideExisting(stored, this.bundle.checksum, this.context.versionExists, this.context.appId, this.bundle.version)
  }

  /**
   * Before the first write: read every target channel once, decide, check the
   * channel permissions. `converging`: the version is already stored, so
   * channels that serve it are done, not "unchanged".
   */
  async preflight(converging = false): Promise<ReleaseDecision> {
    this.states = await readChannels(this.api, this.context.appId, this.context.channels)
    let decision: ReleaseDecision
    try {
      decision = decideRelease(
        {
          version: this.bundle.version,
          checksum: this.bundle.checksum,
          compatibility: this.settings.compatibility,
          minUpdateVersion: this.context.minUpdateVersion,
          autoMinUpdateVersion: this.settings.autoMinUpdateVersion,
          unchanged: converging ? 'skip' : this.settings.unchanged,
          rollout: this.settings.rollout,
          nativePackages: this.settings.nativePackages,
        },
        this.states,
      )
    } catch (error) {
      if (error instanceof ReleaseRefusal && error.table) {
        this.logger.warning(`Native compatibility:\n${error.table}`)
        this.summary.push('#### Native compatibility', error.table)
      }
      throw error
    }
    if (converging && decision.kind === 'unchanged') decision = { ...decision, kind: 'publish', targets: [] }
    for (const notice of decision.notices) this.logger.info(notice)
    for (const warning of decision.warnings) this.logger.warning(warning)
    for (const report of decision.reports) {
      if (report.rows.length)
        this.summary.push(`#### Native compatibility: channel ${report.channel} (${report.result})`, compatibilityTable(report.rows))
    }
    this.decision = decision
    if (decision.kind === 'publish') {
      const targets = this.states.filter((state) => decision.targets.includes(state.name))
      ;({ canDelete: this.canDelete } = await checkChannelPermissions(this.api, this.context.appId, targets, this.settings, this.logger))
    }
    return decision
  }

  /** The row fields release control decides: `native_packages` (absent with compatibility: ignore) and `min_update_version`. */
  rowFields(): { native_packages?: ReleaseSettings['nativePackages']; min_update_version?: string } {
    const min = this.decision?.minUpdateVersion ?? this.context.minUpdateVersion
    return {
      ...(this.settings.nativePackages ? { native_packages: this.settings.nativePackages } : {}),
      ...(min ? { min_update_version: min } : {}),
    }
  }

  /** After finalize: the channels, then the console notification. A failure here leaves the finalized version: a re-run completes it. */
  async afterFinalize(userId: string, versionId: string | undefined): Promise<string[]> {
    const targets = this.states.filter((state) => this.decision?.targets.includes(state.name))
    let lines: string[]
    try {
      lines = await assignChannels(
        this.api,
        targets,
        {
          appId: this.context.appId,
          version: this.bundle.version,
          ownerOrg: this.context.ownerOrg,
          userId,
          release: this.settings,
          consoleUrl: this.context.consoleUrl,
        },
        this.logger,
        this.canDelete,
      )
    } catch (error) {
      if (!(error instanceof BundleError)) throw error
      throw new BundleError(
        error.code,
        `${error.message} Version ${this.bundle.version} is stored and finalized in Capgo; run the job again (same content) to complete the channel assignment.`,
        error.input,
      )
    }
    await notifyConsole(this.api, this.context.appId, this.bundle.version, this.context.ownerOrg, this.logger)
    if (this.context.consoleUrl && versionId)
      this.summary.push(`Console: ${this.context.consoleUrl}/app/${this.context.appId}/bundle/${versionId}`)
    this.summary.push(...lines)
    return lines
  }

  /** Result fields for a run that published (or completed) a version. */
  published(): Pick<PublishResult, 'published' | 'compatibility' | 'minUpdateVersion' | 'releaseSummary' | 'channels'> {
    const min = this.rowFields().min_update_version
    const rollout = this.settings.rollout
    if (min) this.summary.unshift(`min_update_version: ${min}`)
    if (rollout)
      this.summary.unshift(
        `Rollout: ${rollout.bps === undefined ? "the channel's current percentage" : `${rollout.bps / 100}%`}${rollout.advance ? ', previous target promoted to stable' : ''}`,
      )
    return {
      published: true,
      compatibility: this.decision?.compatibility ?? 'unchecked',
      minUpdateVersion: min,
      releaseSummary: this.summary,
      channels: this.decision?.targets ?? [],
    }
  }

  /** Outputs of a stored version (skips and completed re-runs). */
  storedOutputs(stored: StoredVersion): StoredOutputs {
    return {
      ivSessionKey: stored.session_key ?? '',
      checksum: stored.checksum ?? '',
      versionId: String(stored.id),
      ...(stored.storage_provider === 'external' && stored.external_url ? { bundleUrl: stored.external_url } : {}),
    }
  }

  /** A skip: nothing published; a warning annotation and the summary say why. */
  skipped(reason: 'version-exists' | 'unchanged', stored: StoredVersion | undefined, destination: string): PublishResult {
    const message =
      reason === 'version-exists'
        ? `Nothing was published: version ${this.bundle.version} already exists in Capgo with other content (version-exists: skip). Outputs describe the stored version.`
        : `Nothing was published: every target channel already serves this content (unchanged: skip). Outputs describe the bundle they serve.`
    this.logger.warning(message)
    return {
      registered: true,
      skipped: true,
      published: false,
      skippedReason: reason,
      channels: [],
      compatibility: 'unchecked',
      minUpdateVersion: stored?.min_update_version ?? undefined,
      // An unreadable row gives empty outputs rather than this run's values, which belong to nothing stored.
      stored: stored ? this.storedOutputs(stored) : { ivSessionKey: '', checksum: '', versionId: '' },
      versionId: stored ? String(stored.id) : undefined,
      destination,
      releaseSummary: [message],
    }
  }
}
