import semver from 'semver'
import { BundleError } from '../errors.js'
import { compareNativePackages, compatibilityTable, parseRemotePackages, type PackageComparison } from './compatibility.js'
import type { NativePackage } from './native-packages.js'

/** Strict semver, as the official CLI checks `min_update_version` (no leading v, no ranges). */
export const STRICT_SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-z-][0-9a-z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-z-][0-9a-z-]*))*))?(?:\+([0-9a-z-]+(?:\.[0-9a-z-]+)*))?$/i

export type CompatibilityMode = 'fail' | 'warn' | 'ignore'
export type Compatibility = 'compatible' | 'incompatible' | 'unchecked'

/** A stored version as this action reads it (the channel's linked bundle, or the version of this run's name). */
export interface StoredVersion {
  id: number
  name: string
  checksum?: string | null
  session_key?: string | null
  min_update_version?: string | null
  native_packages?: unknown
  storage_provider?: string | null
  external_url?: string | null
  deleted?: boolean | null
}

/** One target channel, read before any write. `row` undefined: the channel does not exist. */
export interface ChannelState {
  name: string
  row?: {
    id: number
    public?: boolean
    /** The update strategy; `version_number` is the dashboard's "metadata" strategy. */
    disable_auto_update?: string | null
    rollout_version?: number | null
    rollout_enabled?: boolean | null
    rollout_percentage_bps?: number | null
    version?: StoredVersion | null
  }
}

export interface RolloutOptions {
  /** Basis points, 0–10000; undefined with `rollout-advance` alone (reuse the channel's). */
  bps?: number
  advance: boolean
  cacheTtlSeconds?: number
}

export interface ReleaseOptions {
  version: string
  /** The signed checksum of this run's bundle. */
  checksum: string
  compatibility: CompatibilityMode
  minUpdateVersion?: string
  autoMinUpdateVersion: boolean
  unchanged: 'fail' | 'skip'
  rollout?: RolloutOptions
  /** Local native packages; undefined with compatibility: ignore. */
  nativePackages?: NativePackage[]
}

export interface ChannelReport {
  channel: string
  result: Compatibility
  rows: PackageComparison[]
  /** min_update_version this channel asks for. */
  minUpdateVersion?: string
}

export interface ReleaseDecision {
  /** `unchanged`: every target channel already serves this content and `unchanged: skip` asked to succeed. */
  kind: 'publish' | 'unchanged'
  /** Channels to assign, in the given order. */
  targets: string[]
  /** Channels left out because they already serve this content. */
  alreadyCurrent: string[]
  compatibility: Compatibility
  reports: ChannelReport[]
  minUpdateVersion?: string
  /** For `unchanged`: the stored version the first channel serves. */
  current?: StoredVersion
  notices: string[]
  warnings: string[]
}

/** A refusal that carries the compatibility table for the log and the job summary. */
export class ReleaseRefusal extends BundleError {
  constructor(
    code: string,
    message: string,
    input: string,
    readonly table?: string,
  ) {
    super(code, message, input)
  }
}

/**
 * Everything the release-control options decide from the remote state, before
 * any write: which channels are already current, native compatibility per
 * channel, min_update_version, and the rollout preconditions. Throws a
 * BundleError naming the input to change for every refusal.
 */
export function decideRelease(options: ReleaseOptions, channels: ChannelState[]): ReleaseDecision {
  const notices: string[] = []
  const warnings: string[] = []

  // 1. Duplicate content (not with a rollout: the rollout target may equal the stable bundle).
  const alreadyCurrent = options.rollout
    ? []
    : channels.filter((state) => state.row?.version?.checksum && state.row.version.checksum === options.checksum)
  const targets = channels.filter((state) => !alreadyCurrent.includes(state))
  if (channels.length > 0 && targets.length === 0) {
    const names = channels.map((state) => state.name).join(', ')
    if (options.unchanged === 'fail') {
      throw new BundleError(
        'unchanged',
        `Channel${channels.length > 1 ? 's' : ''} ${names} already serve${channels.length > 1 ? '' : 's'} this exact content (same signed checksum): did the web build run? Set unchanged: skip to succeed without publishing.`,
        'unchanged',
      )
    }
    return {
      kind: 'unchanged',
      targets: [],
      alreadyCurrent: channels.map((state) => state.name),
      compatibility: 'unchecked',
      reports: [],
      current: channels[0].row?.version ?? undefined,
      notices,
      warnings: [
        `Nothing was published: channel${channels.length > 1 ? 's' : ''} ${names} already serve${channels.length > 1 ? '' : 's'} this content (unchanged: skip).`,
      ],
    }
  }
  if (alreadyCurrent.length) {
    warnings.push(
      `Skipping channel${alreadyCurrent.length > 1 ? 's' : ''} ${alreadyCurrent.map((state) => state.name).join(', ')}: already serving this content.`,
    )
  }

  // 2. Compatibility and min_update_version, per remaining channel.
  const reports: ChannelReport[] = []
  const refused: ChannelReport[] = []
  for (const state of targets) {
    const report = checkChannel(options, state, notices)
    reports.push(report)
    if (report.result === 'incompatible') {
      const table = compatibilityTable(report.rows)
      const passesByMinVersion = options.autoMinUpdateVersion && state.row?.disable_auto_update === 'version_number'
      if (options.compatibility === 'fail' && !passesByMinVersion) refused.push(report)
      else if (passesByMinVersion) {
        notices.push(
          `Bundle NOT compatible with channel ${state.name}; published with min_update_version ${report.minUpdateVersion}, so devices on an older native build never receive it.\n${table}`,
        )
      } else {
        warnings.push(
          `Bundle NOT compatible with channel ${state.name}: an app store update may be required (compatibility: warn).\n${table}`,
        )
      }
    }
  }
  if (refused.length) {
    const names = refused.map((report) => report.channel).join(', ')
    const changed = Math.max(...refused.map((report) => report.rows.filter((row) => !row.compatible).length))
    throw new ReleaseRefusal(
      'incompatible',
      `compatibility: the bundle is incompatible with channel${refused.length > 1 ? 's' : ''} ${names} (${changed} native package(s) changed): ship a native build first; or set auto-min-update-version: true on a channel whose update strategy is version_number (metadata), so devices that cannot run it never receive it; or compatibility: warn to publish anyway.`,
      'compatibility',
      refused.map((report) => `Channel ${report.channel}:\n${compatibilityTable(report.rows)}`).join('\n\n'),
    )
  }

  // 3. Rollout preconditions.
  if (options.rollout) for (const state of targets) checkRollout(options.rollout, state)

  const minUpdateVersion =
    highest(reports.map((report) => report.minUpdateVersion)) ?? (channels.length === 0 ? options.minUpdateVersion : undefined)
  return {
    kind: 'publish',
    targets: targets.map((state) => state.name),
    alreadyCurrent: alreadyCurrent.map((state) => state.name),
    compatibility: overall(options, reports),
    reports,
    minUpdateVersion,
    notices,
    warnings,
  }
}

function checkChannel(options: ReleaseOptions, state: ChannelState, notices: string[]): ChannelReport {
  const linked = state.row?.version ?? undefined
  const strategyNeedsValue = state.row?.disable_auto_update === 'version_number'
  let minUpdateVersion = options.minUpdateVersion
  let result: Compatibility = 'unchecked'
  let rows: PackageComparison[] = []

  if (options.compatibility !== 'ignore') {
    const hasMetadata = linked && linked.native_packages !== null && linked.native_packages !== undefined
    if (hasMetadata) {
      rows = compareNativePackages(
        options.nativePackages ?? [],
        parseRemotePackages(linked.native_packages, `channel ${state.name} (version ${linked.name})`),
      )
      result = rows.every((row) => row.compatible) ? 'compatible' : 'incompatible'
      if (options.autoMinUpdateVersion) {
        if (result === 'incompatible') minUpdateVersion = options.version
        else {
          const remote = linked.min_update_version
          if (!remote || !STRICT_SEMVER.test(remote)) {
            throw new BundleError(
              'min_update_version_unknown',
              `auto-min-update-version: channel ${state.name} serves version ${linked.name}, which has no valid min_update_version to carry over; set min-update-version instead.`,
              'auto-min-update-version',
            )
          }
          minUpdateVersion = remote
        }
      }
    } else {
      notices.push(`Channel ${state.name} is new or has no native-package metadata yet: the compatibility check passes this time.`)
      if (options.autoMinUpdateVersion) minUpdateVersion = options.version
    }
    if (strategyNeedsValue && !minUpdateVersion) {
      throw new BundleError(
        'min_update_version_required',
        `min-update-version: channel ${state.name} uses the version_number (metadata) update strategy, so a bundle needs a min_update_version; set min-update-version or auto-min-update-version: true.`,
        'min-update-version',
      )
    }
  }
  if (minUpdateVersion && !STRICT_SEMVER.test(minUpdateVersion)) {
    throw new BundleError(
      'min_update_version_invalid',
      `min-update-version "${minUpdateVersion}" is not a semantic version like 1.2.3.`,
      'min-update-version',
    )
  }
  if (result === 'compatible') notices.push(`Bundle compatible with channel ${state.name}.`)
  return { channel: state.name, result, rows, minUpdateVersion }
}

function checkRollout(rollout: RolloutOptions, state: ChannelState): void {
  const input = rollout.advance ? 'rollout-advance' : 'rollout'
  if (!state.row) {
    throw new BundleError(
      'rollout_channel_missing',
      `${input}: channel ${state.name} does not exist; a progressive rollout needs an existing channel with a stable bundle.`,
      'channel',
    )
  }
  if (!state.row.version) {
    throw new BundleError(
      'rollout_no_stable',
      `${input}: channel ${state.name} has no stable bundle for the devices outside the rollout; publish one without rollout first.`,
      input,
    )
  }
  if (rollout.advance && state.row.rollout_version == null) {
    throw new BundleError(
      'rollout_no_target',
      `rollout-advance: channel ${state.name} has no rollout target to promote to stable; start one with rollout first.`,
      'rollout-advance',
    )
  }
  if (rollout.advance && rollout.bps === undefined && !((state.row.rollout_percentage_bps ?? 0) > 0)) {
    throw new BundleError(
      'rollout_no_percentage',
      `rollout-advance: channel ${state.name} has no rollout percentage to reuse; set rollout.`,
      'rollout',
    )
  }
}

function overall(options: ReleaseOptions, reports: ChannelReport[]): Compatibility {
  if (options.compatibility === 'ignore' || reports.length === 0) return 'unchecked'
  if (reports.some((report) => report.result === 'incompatible')) return 'incompatible'
  if (reports.some((report) => report.result === 'unchecked')) return 'unchecked'
  return 'compatible'
}

/** The highest of several versions: the official rule when channels ask for different values. */
export function highest(values: Array<string | undefined>): string | undefined {
  let best: string | undefined
  for (const value of values) {
    if (!value) continue
    if (!best || semver.gte(value, best)) best = value
  }
  return best
}

/** `rollout` percentage (decimals allowed) to basis points, as the official CLI rounds it. */
export function rolloutBps(percentage: number): number {
  return Math.round(percentage * 100)
}

/** What a run does with a version name that already exists. */
export type ExistingVersionPlan =
  /** Same content, finalized: assign the channels that are missing, say "completed". */
  | { kind: 'complete'; stored: StoredVersion }
  /** Same content, row left unfinalized by a failed run: remove it if its file never arrived, else finalize, then continue. */
  | { kind: 'unfinalized'; stored: StoredVersion }
  /** Different content and version-exists: skip (stored undefined when the row cannot be read). */
  | { kind: 'skip'; stored?: StoredVersion }

/**
 * Converging re-runs: our zips are reproducible, so a re-run of the same
 * content signs the same checksum. Different content under an existing name
 * keeps the version-exists rule (fail refuses; skip succeeds honestly).
 */
export function decideExisting(
  stored: StoredVersion | undefined,
  checksum: string,
  versionExists: 'fail' | 'skip',
  appId: string,
  version: string,
): ExistingVersionPlan {
  const same = stored && !stored.deleted && stored.checksum === checksum
  if (same && stored.storage_provider === 'r2-direct') return { kind: 'unfinalized', stored }
  if (same) return { kind: 'complete', stored }
  if (versionExists === 'skip' && !stored?.deleted) return { kind: 'skip', stored }
  const why = !stored ? '' : stored.deleted ? ' (it was deleted, and deleted versions cannot be reused)' : ' with different content'
  throw new BundleError(
    'version_exists',
    `Version ${version} of ${appId} already exists in Capgo${why}, and versions are immutable: bump the version${stored?.deleted ? '' : ', or set version-exists: skip to succeed without changes'}.`,
    'version-exists',
  )
}
