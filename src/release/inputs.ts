import { BundleError } from '../errors.js'
import type { CompatibilityMode, RolloutOptions } from './decide.js'
import { rolloutBps } from './decide.js'

/** The release-control inputs (issue 10), as given; files are looked at by the plan. */
export interface ReleaseInputs {
  compatibility: CompatibilityMode
  /** package.json files for the native-package check; empty: the workspace's. */
  packageJson: string[]
  /** node_modules folders; empty: the official lookup (the project folder and its parents). */
  nodeModules: string[]
  autoMinUpdateVersion: boolean
  rollout?: RolloutOptions
  selfAssign: boolean
  deleteLinkedBundleOnUpload: boolean
  unchanged: 'fail' | 'skip'
}

/** Every input name this module reads, in action.yml order. */
export const RELEASE_INPUTS = [
  'compatibility',
  'package-json',
  'node-modules',
  'auto-min-update-version',
  'rollout',
  'rollout-advance',
  'rollout-cache-ttl-seconds',
  'self-assign',
  'delete-linked-bundle-on-upload',
  'unchanged',
] as const

type Read = (name: string) => string

function flag(read: Read, name: string): boolean {
  const value = read(name).trim().toLowerCase()
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  throw new BundleError('input_not_boolean', `${name} must be true or false (got "${value}").`, name)
}

function choice<T extends string>(read: Read, name: string, allowed: readonly T[], fallback: T): T {
  const value = (read(name).trim().toLowerCase() || fallback) as T
  if (!allowed.includes(value))
    throw new BundleError('input_invalid', `${name} must be one of ${allowed.join(', ')} (got "${value}").`, name)
  return value
}

function list(read: Read, name: string): string[] {
  return read(name)
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
}

/**
 * Reads and cross-checks the release-control inputs: every conflict here is
 * refused before any request. `channels` and `minUpdateVersion` are the
 * inputs of the same names.
 */
export function readReleaseInputs(read: Read, channels: string[], minUpdateVersion: string | undefined): ReleaseInputs {
  const compatibility = choice(read, 'compatibility', ['fail', 'warn', 'ignore'] as const, 'fail')
  const autoMinUpdateVersion = flag(read, 'auto-min-update-version')
  const selfAssign = flag(read, 'self-assign')
  const deleteLinkedBundleOnUpload = flag(read, 'delete-linked-bundle-on-upload')
  const rollout = readRollout(read)

  if (minUpdateVersion && autoMinUpdateVersion) {
    throw new BundleError(
      'input_conflict',
      'min-update-version and auto-min-update-version: true are both set; keep one.',
      'auto-min-update-version',
    )
  }
  if (rollout && deleteLinkedBundleOnUpload) {
    throw new BundleError(
      'input_conflict',
      "delete-linked-bundle-on-upload cannot be combined with rollout: a progressive rollout needs the channel's stable bundle for the devices outside it.",
      'delete-linked-bundle-on-upload',
    )
  }
  if (channels.length === 0) {
    const needsChannel = [
      [rollout ? (rollout.advance ? 'rollout-advance' : 'rollout') : undefined, 'a rollout happens on a channel'],
      [autoMinUpdateVersion ? 'auto-min-update-version' : undefined, 'its value is computed per channel'],
      [selfAssign ? 'self-assign' : undefined, 'it is a channel setting'],
      [deleteLinkedBundleOnUpload ? 'delete-linked-bundle-on-upload' : undefined, 'it deletes the bundle a channel served'],
    ].find(([name]) => name)
    if (needsChannel)
      throw new BundleError('channel_missing', `${needsChannel[0]} needs channel (${needsChannel[1]}); set channel.`, 'channel')
  }
  return {
    compatibility,
    packageJson: list(read, 'package-json'),
    nodeModules: list(read, 'node-modules'),
    autoMinUpdateVersion,
    rollout,
    selfAssign,
    deleteLinkedBundleOnUpload,
    unchanged: choice(read, 'unchanged', ['fail', 'skip'] as const, 'fail'),
  }
}

function readRollout(read: Read): RolloutOptions | undefined {
  const percentText = read('rollout').trim()
  const advance = flag(read, 'rollout-advance')
  const ttlText = read('rollout-cache-ttl-seconds').trim()
  let bps: number | undefined
  if (percentText) {
    const percent = Number(percentText)
    if (!/^\d+(\.\d+)?$/.test(percentText) || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new BundleError(
        'input_invalid',
        `rollout must be a percentage from 0 to 100, decimals allowed (got "${percentText}").`,
        'rollout',
      )
    }
    bps = rolloutBps(percent)
  }
  let cacheTtlSeconds: number | undefined
  if (ttlText) {
    cacheTtlSeconds = Number(ttlText)
    if (!/^\d+$/.test(ttlText) || cacheTtlSeconds < 60 || cacheTtlSeconds > 31_536_000) {
      throw new BundleError(
        'input_invalid',
        `rollout-cache-ttl-seconds must be a whole number of seconds from 60 to 31536000 (got "${ttlText}").`,
        'rollout-cache-ttl-seconds',
      )
    }
  }
  if (bps === undefined && !advance) {
    if (cacheTtlSeconds !== undefined)
      throw new BundleError(
        'input_conflict',
        'rollout-cache-ttl-seconds only applies to a progressive rollout; set rollout too.',
        'rollout-cache-ttl-seconds',
      )
    return undefined
  }
  return { bps, advance, cacheTtlSeconds }
}
