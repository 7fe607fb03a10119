import { join } from 'node:path'
import semver from 'semver'
import { BundleError } from '../errors.js'
import { packageVersion, readPackageJson } from '../package-json.js'
import type { ChecksumChoice, ChecksumFormat, Logger } from '../types.js'

const UPDATER = '@capgo/capacitor-updater'
/** First release of each major line that checks V3 checksums; every 8.x does. */
const FIRST_V3 = { 5: '5.30.0', 6: '6.30.0', 7: '7.30.0' } as Record<number, string>

export function formatForUpdater(version: string): ChecksumFormat {
  const major = semver.major(version)
  if (major >= 8) return 'v3'
  const first = FIRST_V3[major]
  return first && semver.gte(version, first) ? 'v3' : 'v2'
}

interface Found {
  version: string
  source: string
}

/** Installed version first (what will be in the native build), else the lowest the package.json range allows. */
export async function findUpdaterVersion(projectDirs: readonly string[]): Promise<Found | undefined> {
  for (const dir of projectDirs) {
    const installed = packageVersion(join(dir, 'node_modules', UPDATER))
    const version = installed ? semver.valid(installed.version) : null
    if (version) return { version, source: `installed ${UPDATER} ${version}` }
  }
  for (const dir of projectDirs) {
    const found = readPackageJson(dir)
    const manifest = found?.manifest
    const deps = { ...(manifest?.devDependencies as object), ...(manifest?.dependencies as object) } as Record<string, unknown>
    const range = deps[UPDATER]
    if (typeof range !== 'string') continue
    const lowest = semver.validRange(range) ? semver.minVersion(range) : null
    if (lowest) return { version: lowest.version, source: `${UPDATER} "${range}" in ${found?.path} (lowest allowed ${lowest.version})` }
  }
  return undefined
}

/**
 * Picks the checksum encoding. Unlike the official CLI, an unknown plugin
 * version means V3: falling back to V2 makes every 8.x device reject the bundle.
 */
export async function chooseChecksumFormat(requested: string, projectDirs: readonly string[], logger: Logger): Promise<ChecksumChoice> {
  if (!['auto', 'v2', 'v3'].includes(requested)) {
    throw new BundleError('checksum_format_invalid', `checksum-format must be auto, v3 or v2 (got "${requested}").`, 'checksum-format')
  }
  const found = await findUpdaterVersion(projectDirs)
  const detected = found ? formatForUpdater(found.version) : undefined

  if (requested === 'auto') {
    if (!found || !detected) {
      logger.warning(
        `checksum-format: no ${UPDATER} found in node_modules or package.json; using V3, which every 8.x plugin needs. Set checksum-format: v2 for fleets on plugins older than x.30.0.`,
      )
      return { format: 'v3', reason: `no ${UPDATER} found: V3 by default` }
    }
    return { format: detected, reason: `${found.source} checks ${detected.toUpperCase()} checksums`, updaterVersion: found.version }
  }

  const format = requested as ChecksumFormat
  if (found && detected !== format) {
    logger.warning(
      `checksum-format: ${format} contradicts ${found.source}, which checks ${detected?.toUpperCase()} checksums; devices on that plugin will reject this bundle. Keeping ${format} as asked.`,
    )
  }
  return { format, reason: `checksum-format: ${format} set explicitly`, updaterVersion: found?.version }
}
