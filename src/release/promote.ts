import { BundleError } from '../errors.js'
import type { Logger } from '../types.js'
import { compareNativePackages, compatibilityTable, parseRemotePackages } from './compatibility.js'
import { ReleaseRefusal, type CompatibilityMode } from './decide.js'
import type { ReleaseApi } from './remote.js'

export interface PromoteResult {
  channel: string
  /** The version that was the rollout target and is now stable. */
  promoted: string
  /** The stable version before. */
  previous?: string
  compatibility: 'compatible' | 'incompatible' | 'unchecked'
}

interface ChannelRow {
  id: number
  rollout_version: number | null
  stable?: { name: string; native_packages?: unknown } | null
}

/**
 * `channel set <channel> --rollout-promote` of the official CLI: the channel's
 * rollout target becomes its stable bundle and the rollout ends. Unlike
 * `bundle upload`, an incompatible target is refused (unless compatibility is
 * warn or ignore), and so is everything else before the one write.
 */
export async function promoteRollout(
  api: ReleaseApi,
  appId: string,
  channel: string,
  compatibility: CompatibilityMode,
  logger: Logger,
): Promise<PromoteResult> {
  const rows = await api.restGet(
    'channels',
    { select: '*,stable:app_versions!channels_version_fkey(name,native_packages)', app_id: `eq.${appId}`, name: `eq.${channel}` },
    `reading channel ${channel}`,
  )
  const row = Array.isArray(rows) ? (rows[0] as ChannelRow | undefined) : undefined
  if (!row)
    throw new BundleError(
      'channel_not_found',
      `Channel ${channel} of ${appId} does not exist; check the channel name and --app-id.`,
      'channel',
    )
  for (const key of ['channel.update_settings', 'channel.promote_bundle']) {
    const allowed = await api.rpc(
      'cli_check_permission',
      { permission_key: key, org_id: null, app_id: appId, channel_id: row.id },
      `checking the ${key} permission`,
    )
    if (allowed !== true)
      throw new BundleError(
        'capgo_permission',
        `The capgo-token lacks ${key} on channel ${channel}, needed to promote its rollout.`,
        'capgo-token',
      )
  }
  if (row.rollout_version == null)
    throw new BundleError('rollout_no_target', `Channel ${channel} has no rollout target to promote.`, 'channel')

  const target = await findBundle(api, appId, row.rollout_version)
  if (!target)
    throw new BundleError(
      'rollout_target_missing',
      `The rollout target of channel ${channel} (version id ${row.rollout_version}) is not among the app's bundles; it may have been deleted.`,
      'channel',
    )

  let result: PromoteResult['compatibility'] = 'unchecked'
  if (compatibility !== 'ignore') {
    const candidate = parseRemotePackages(target.native_packages ?? [], `version ${target.name}`)
    const current = parseRemotePackages(row.stable?.native_packages ?? [], `channel ${channel}`)
    const comparison = compareNativePackages(
      candidate.map((entry) => ({ ...entry, requested_version: entry.requested_version ?? entry.version })),
      current,
    )
    const incompatible = candidate.length > 0 && comparison.some((entry) => !entry.compatible)
    result = incompatible ? 'incompatible' : 'compatible'
    if (incompatible) {
      const table = compatibilityTable(comparison)
      if (compatibility === 'fail') {
        throw new ReleaseRefusal(
          'incompatible',
          `The rollout target ${target.name} is incompatible with the native packages channel ${channel} serves now: ship a native build first, or pass --compatibility warn to promote anyway.`,
          'compatibility',
          table,
        )
      }
      logger.warning(`The rollout target ${target.name} is NOT compatible with channel ${channel} (--compatibility warn):\n${table}`)
    }
  }

  await api.api(
    'POST',
    'channel',
    {
      app_id: appId,
      channel,
      version: target.name,
      rolloutVersion: null,
      rolloutPercentageBps: 0,
      rolloutEnabled: false,
      rolloutPausedAt: null,
      rolloutPauseReason: null,
    },
    `promoting the rollout of channel ${channel}`,
  )
  logger.info(`Channel ${channel} now serves ${target.name} to every device; the rollout has ended.`)
  return { channel, promoted: target.name, previous: row.stable?.name, compatibility: result }
}

/** `GET {api}/bundle?app_id=..&page=N`, pages of 50, until the id is found. */
async function findBundle(api: ReleaseApi, appId: string, id: number): Promise<{ name: string; native_packages?: unknown } | undefined> {
  for (let page = 0; page < 1000; page++) {
    const list = await api.api('GET', `bundle?app_id=${encodeURIComponent(appId)}&page=${page}`, undefined, "listing the app's bundles")
    if (!Array.isArray(list)) return undefined
    const found = (list as Array<{ id?: unknown; name?: unknown; native_packages?: unknown }>).find((entry) => entry.id === id)
    if (found && typeof found.name === 'string') return { name: found.name, native_packages: found.native_packages }
    if (list.length < 50) return undefined
  }
  return undefined
}
