import semver from 'semver'
import { BundleError } from '../errors.js'
import type { NativePackage } from './native-packages.js'

/** An entry of a stored version's `native_packages` (schema-checked as the official CLI does). */
export interface RemotePackage {
  name: string
  version: string
  requested_version?: string
  ios_checksum?: string
  android_checksum?: string
}

export type IncompatibilityReason =
  | 'new_plugin'
  | 'version_mismatch'
  | 'requested_version_changed'
  | 'ios_code_changed'
  | 'android_code_changed'
  | 'both_platforms_changed'
  | 'platform_checksum_metadata_changed'

export interface PackageComparison {
  name: string
  local?: string
  remote?: string
  compatible: boolean
  reasons: IncompatibilityReason[]
  /** What changed, in words ("version changed: 1.0.0 → 2.0.0"). */
  details: string
}

/**
 * Checks a stored `native_packages` list: an array of objects with non-empty
 * `name` and `version`, other fields strings when present. Anything else is
 * refused, as the official CLI refuses it.
 */
export function parseRemotePackages(value: unknown, where: string): RemotePackage[] {
  if (!Array.isArray(value)) throw invalid(where, 'not a list')
  return value.map((entry, index) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw invalid(where, `entry ${index} is not an object`)
    const record = entry as Record<string, unknown>
    for (const key of ['name', 'version'] as const) {
      if (typeof record[key] !== 'string' || !record[key]) throw invalid(where, `entry ${index} has no ${key}`)
    }
    for (const key of ['requested_version', 'ios_checksum', 'android_checksum'] as const) {
      if (record[key] !== undefined && typeof record[key] !== 'string') throw invalid(where, `entry ${index}: ${key} is not a string`)
    }
    return record as unknown as RemotePackage
  })
}

function invalid(where: string, why: string): BundleError {
  return new BundleError(
    'remote_native_packages_invalid',
    `The native_packages stored for ${where} are invalid (${why}); compatibility: ignore skips the check.`,
    'compatibility',
  )
}

const present = (value: string | undefined): value is string => typeof value === 'string' && value.trim().length > 0

function versionsIntersect(local: string, remote: string): boolean {
  try {
    return semver.intersects(local, remote)
  } catch {
    return false
  }
}

/** The official CLI's per-package rule. Only a changed requested range is not incompatible by itself. */
export function comparePackage(local: NativePackage | undefined, remote: RemotePackage | undefined): PackageComparison {
  const name = local?.name ?? remote?.name ?? ''
  if (!local)
    return { name, remote: remote?.version, compatible: true, reasons: [], details: "only in the channel's bundle (will be removed)" }
  if (!remote)
    return { name, local: local.version, compatible: false, reasons: ['new_plugin'], details: 'new plugin (requires an app store update)' }

  const reasons: IncompatibilityReason[] = []
  const words: string[] = []
  if (!versionsIntersect(local.version, remote.version)) {
    reasons.push('version_mismatch')
    words.push(`version changed: ${remote.version} → ${local.version}`)
  }
  if (local.requested_version && remote.requested_version && local.requested_version.trim() !== remote.requested_version.trim()) {
    reasons.push('requested_version_changed')
    words.push(`requested version changed: ${remote.requested_version} → ${local.requested_version}`)
  }
  const ios = present(local.ios_checksum) && present(remote.ios_checksum) && local.ios_checksum !== remote.ios_checksum
  const android = present(local.android_checksum) && present(remote.android_checksum) && local.android_checksum !== remote.android_checksum
  if (ios && android) {
    reasons.push('both_platforms_changed')
    words.push('iOS and Android native code changed')
  } else if (ios) {
    reasons.push('ios_code_changed')
    words.push('iOS native code changed')
  } else if (android) {
    reasons.push('android_code_changed')
    words.push('Android native code changed')
  }
  if (
    present(local.ios_checksum) !== present(remote.ios_checksum) ||
    present(local.android_checksum) !== present(remote.android_checksum)
  ) {
    reasons.push('platform_checksum_metadata_changed')
    words.push('iOS/Android checksum recorded on one side only (metadata from an older CLI?): check the native code')
  }
  const compatible = reasons.every((reason) => reason === 'requested_version_changed')
  return { name, local: local.version, remote: remote.version, compatible, reasons, details: words.join(', ') || 'unchanged' }
}

/** Local native packages in their order, then packages only the channel's bundle has. */
export function compareNativePackages(local: NativePackage[], remote: RemotePackage[]): PackageComparison[] {
  const remoteByName = new Map(remote.map((entry) => [entry.name, entry]))
  const localNames = new Set(local.map((entry) => entry.name))
  return [
    ...local.map((entry) => comparePackage(entry, remoteByName.get(entry.name))),
    ...[...remoteByName.values()].filter((entry) => !localNames.has(entry.name)).map((entry) => comparePackage(undefined, entry)),
  ]
}

/** The table `package | local | remote | status` for the log and the job summary (Markdown, readable as text). */
export function compatibilityTable(rows: PackageComparison[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|')
  const lines = ['| package | local | remote | status |', '|---|---|---|---|']
  for (const row of rows) {
    const status = row.compatible ? (row.local ? 'compatible' : 'removed (compatible)') : `incompatible: ${row.details}`
    lines.push(`| ${cell(row.name)} | ${cell(row.local ?? '-')} | ${cell(row.remote ?? '-')} | ${cell(status)} |`)
  }
  return lines.join('\n')
}
