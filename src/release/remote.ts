import { BundleError } from '../errors.js'
import type { Logger } from '../types.js'
import type { ChannelState, RolloutOptions, StoredVersion } from './decide.js'
import type { ReleaseSettings } from './settings.js'

/**
 * The Capgo requests release control needs (capgo-api.md, "Release control"),
 * as the Capgo client provides them: PostgREST reads and writes, RPCs, API
 * calls and the console event. Each throws a BundleError worded for people
 * when the request fails for good; `status` tells HTTP errors apart.
 */
export interface ReleaseApi {
  /** `POST {supaHost}/rest/v1/rpc/<name>`. */
  rpc(name: string, body: Record<string, unknown>, what: string): Promise<unknown>
  /** `GET {supaHost}/rest/v1/<table>?<query>`; `single` asks for one object (406 when not exactly one row). */
  restGet(table: string, query: Record<string, string>, what: string, single?: boolean): Promise<unknown>
  /** `PATCH {supaHost}/rest/v1/<table>?<query>` with `prefer: return=representation`. */
  restPatch(table: string, query: Record<string, string>, body: Record<string, unknown>, what: string): Promise<unknown>
  /** `{api}/<path>` with the API headers. */
  api(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, what: string): Promise<unknown>
  /** `POST {api}/private/events`; failures are the caller's to ignore. */
  event(body: Record<string, unknown>): Promise<void>
}

/** The `cli_version` sent to the organisation warnings: the official CLI release whose requests we reproduce. */
export const OFFICIAL_CLI_VERSION = '8.68.1'

const VERSION_COLUMNS = 'id,name,checksum,session_key,min_update_version,native_packages,deleted,storage_provider,external_url'
const CHANNEL_COLUMNS = `id,name,public,disable_auto_update,rollout_version,rollout_enabled,rollout_percentage_bps,version:app_versions!channels_version_fkey(${VERSION_COLUMNS})`

/** The organisation gate of `bundle upload`: 2FA, upload permission, CLI warnings, plan; trial days only warn. */
export async function organisationChecks(api: ReleaseApi, appId: string, orgId: string, logger: Logger): Promise<void> {
  if ((await api.rpc('reject_access_due_to_2fa_for_app', { app_id: appId }, "checking the organisation's 2FA rule")) === true) {
    throw new BundleError(
      'capgo_2fa_required',
      `The organisation that owns ${appId} requires 2FA: enable two-factor authentication for the account of the capgo-token, then create a new API key.`,
      'capgo-token',
    )
  }
  if ((await permission(api, 'app.upload_bundle', appId, null)) !== true) {
    throw new BundleError(
      'capgo_permission',
      `The capgo-token lacks the app.upload_bundle permission on ${appId}; use a key with upload rights.`,
      'capgo-token',
    )
  }

  let warnings: unknown
  try {
    warnings = await api.rpc(
      'get_organization_cli_warnings',
      { orgid: orgId, cli_version: OFFICIAL_CLI_VERSION },
      "reading the organisation's warnings",
    )
  } catch (error) {
    logger.warning(`Could not read the organisation's Capgo warnings (${(error as Error).message}); continuing.`)
  }
  if (Array.isArray(warnings) && warnings.length) {
    const fatal: string[] = []
    for (const entry of warnings as Array<{ message?: unknown; fatal?: unknown }>) {
      if (typeof entry?.message !== 'string' || typeof entry.fatal !== 'boolean') continue
      const text = entry.message.replaceAll('\\n', '\n')
      if (entry.fatal) fatal.push(text)
      else logger.warning(`Capgo: ${text}`)
    }
    if (fatal.length) {
      for (const text of fatal) logger.warning(`Capgo: ${text}`)
      throw new BundleError(
        'capgo_org_warning',
        `Capgo refuses uploads for this organisation: ${fatal.join(' ').replace(/\s+/g, ' ')} Fix that in the Capgo console and run again.`,
        'capgo-token',
      )
    }
  }

  await planCheck(api, appId, orgId)

  try {
    const [trialDays, paying, credits] = await Promise.all([
      api.rpc('is_trial_org', { orgid: orgId }, 'reading the trial'),
      api.rpc('is_paying_org', { orgid: orgId }, 'reading the plan'),
      api.rpc('has_usage_credits_org', { orgid: orgId, appid: appId }, 'reading the credits'),
    ])
    if (typeof trialDays === 'number' && trialDays > 0 && paying !== true && credits !== true)
      logger.warning(`Capgo: the trial of this organisation expires in ${trialDays} days.`)
  } catch {
    // Never blocking, as in the official CLI.
  }
}

async function planCheck(api: ReleaseApi, appId: string, orgId: string): Promise<void> {
  let allowed: unknown
  try {
    allowed = await api.rpc('is_allowed_action_org_action', { orgid: orgId, actions: ['storage'], appid: appId }, 'checking the plan')
  } catch (error) {
    // PostgREST answers 404 (PGRST202) for a function the server does not have: older Capgo only has is_allowed_action_org.
    if ((error as { status?: number }).status !== 404) throw error
    allowed = await api.rpc('is_allowed_action_org', { orgid: orgId }, 'checking the plan')
    if (allowed === true) return
    throw billing()
  }
  if (allowed === true) return
  const withoutApp = await api.rpc('is_allowed_action_org_action', { orgid: orgId, actions: ['storage'] }, 'checking the plan')
  if (withoutApp === true) {
    throw new BundleError(
      'capgo_permission',
      "Capgo cannot validate plan usage for this app: the capgo-token may lack permission to read the app's billing details.",
      'capgo-token',
    )
  }
  throw billing()
}

function billing(): BundleError {
  return new BundleError(
    'capgo_plan',
    'The Capgo organisation needs a plan upgrade to keep uploading (Settings → Organization → Plans in the Capgo console).',
    'capgo-token',
  )
}

function permission(api: ReleaseApi, key: string, appId: string, channelId: number | null): Promise<unknown> {
  return api.rpc(
    'cli_check_permission',
    { permission_key: key, org_id: null, app_id: appId, channel_id: channelId },
    `checking the ${key} permission`,
  )
}

/** One read per target channel: its settings, rollout fields and the linked version (0 or 1 row). */
export async function readChannels(api: ReleaseApi, appId: string, names: string[]): Promise<ChannelState[]> {
  const states: ChannelState[] = []
  for (const name of names) {
    const rows = await api.restGet(
      'channels',
      { select: CHANNEL_COLUMNS, app_id: `eq.${appId}`, name: `eq.${name}` },
      `reading channel ${name}`,
    )
    const row = Array.isArray(rows) ? (rows[0] as ChannelState['row']) : undefined
    states.push({ name, row: row ?? undefined })
  }
  return states
}

/** The stored version of this name (deleted ones included: they still block the name). */
export async function readStoredVersion(api: ReleaseApi, appId: string, version: string): Promise<StoredVersion | undefined> {
  const rows = await api.restGet(
    'app_versions',
    { select: VERSION_COLUMNS, app_id: `eq.${appId}`, name: `eq.${version}` },
    `reading the stored version ${version}`,
  )
  return Array.isArray(rows) ? (rows[0] as StoredVersion | undefined) : undefined
}

/**
 * The channel pre-check's permissions, before any write: an existing channel
 * needs channel.promote_bundle (and channel.update_settings for self-assign or
 * a rollout), a new one app.create_channel. delete-linked-bundle-on-upload
 * without bundle.delete only warns, as in the official CLI.
 */
export async function checkChannelPermissions(
  api: ReleaseApi,
  appId: string,
  states: ChannelState[],
  release: ReleaseSettings,
  logger: Logger,
): Promise<{ canDelete: boolean }> {
  for (const state of states) {
    if (state.row) {
      if ((await permission(api, 'channel.promote_bundle', appId, state.row.id)) !== true) {
        throw new BundleError(
          'capgo_permission',
          `The capgo-token lacks channel.promote_bundle on channel ${state.name}; use a key allowed to set that channel's bundle.`,
          'capgo-token',
        )
      }
      if ((release.selfAssign || release.rollout) && (await permission(api, 'channel.update_settings', appId, state.row.id)) !== true) {
        const why = release.rollout ? 'set a rollout' : 'enable device self-assign'
        throw new BundleError(
          'capgo_permission',
          `The capgo-token lacks channel.update_settings on channel ${state.name}, needed to ${why}.`,
          'capgo-token',
        )
      }
    } else if ((await permission(api, 'app.create_channel', appId, null)) !== true) {
      throw new BundleError(
        'capgo_permission',
        `Channel ${state.name} does not exist and the capgo-token lacks app.create_channel; create the channel in the console or use a key that may.`,
        'capgo-token',
      )
    }
  }
  if (!release.deleteLinkedBundleOnUpload) return { canDelete: false }
  const canDelete = (await permission(api, 'bundle.delete', appId, null)) === true
  if (!canDelete)
    logger.warning('delete-linked-bundle-on-upload: the capgo-token lacks bundle.delete, so the previously linked bundles will be kept.')
  return { canDelete }
}

export interface AssignContext {
  appId: string
  version: string
  ownerOrg: string
  userId: string
  release: ReleaseSettings
  /** Console base for links; undefined: no link. */
  consoleUrl?: string
}

/**
 * Points each channel at the new version, the way `bundle upload` does for
 * its options (capgo-api.md, "Channel assignment" and "Progressive rollout"),
 * then soft-deletes the previously linked bundles when asked. Returns one
 * line per channel for the summary.
 */
export async function assignChannels(
  api: ReleaseApi,
  states: ChannelState[],
  context: AssignContext,
  logger: Logger,
  canDelete: boolean,
): Promise<string[]> {
  const { appId, version, release } = context
  const lines: string[] = []
  let versionId: number | undefined
  const idOfVersion = async (): Promise<number> => {
    if (versionId !== undefined) return versionId
    const id = await api.rpc('get_app_versions', { name_version: version, appid: appId }, `reading the id of version ${version}`)
    if (typeof id !== 'number' || !id)
      throw new BundleError(
        'capgo_answer_invalid',
        `Capgo did not return the id of version ${version}, so no channel was set; run the job again to complete it.`,
        undefined,
      )
    versionId = id
    return id
  }

  for (const state of states) {
    const link = state.row && context.consoleUrl ? ` (${context.consoleUrl}/app/${appId}/channel/${state.row.id})` : ''
    if (release.rollout && state.row) {
      const id = await idOfVersion()
      const bps = release.rollout.bps ?? state.row.rollout_percentage_bps ?? 0
      await channelCall(
        api,
        'POST',
        'channel',
        rolloutBody(appId, state, version, id, bps, release.rollout, release.selfAssign),
        state.name,
      )
      const percent = `${Number((bps / 100).toFixed(2))}%`
      const line = release.rollout.advance
        ? `Promoted the previous rollout to stable on ${state.name} and set ${version} as the new rollout target (${percent})`
        : `Channel ${state.name}: ${version} is the rollout target for ${percent} of devices`
      logger.info(line + link)
      lines.push(line)
      continue
    }
    if (!state.row) {
      await channelCall(
        api,
        'POST',
        'channel',
        { app_id: appId, channel: state.name, version, ...(release.selfAssign ? { allow_device_self_set: true } : {}) },
        state.name,
      )
    } else if (release.selfAssign) {
      const id = await idOfVersion()
      await api.restGet('channels', { select: '*', app_id: `eq.${appId}`, name: `eq.${state.name}` }, `reading channel ${state.name}`, true)
      await api.restPatch(
        'channels',
        { app_id: `eq.${appId}`, name: `eq.${state.name}`, select: '*' },
        {
          name: state.name,
          app_id: appId,
          created_by: context.userId,
          version: id,
          owner_org: context.ownerOrg,
          allow_device_self_set: true,
        },
        `setting channel ${state.name}`,
      )
    } else {
      const id = await idOfVersion()
      if (state.row.rollout_enabled && state.row.rollout_version != null) {
        logger.warning(`Channel ${state.name} had an active progressive rollout; linking ${version} as its stable bundle resets it.`)
      }
      await channelCall(api, 'PUT', 'bundle', { app_id: appId, version_id: id, channel_id: state.row.id }, state.name)
    }
    const line = `Channel ${state.name} now serves ${version}${release.selfAssign ? ' (devices may self-assign)' : ''}`
    logger.info(line + link)
    lines.push(line)
  }

  if (release.deleteLinkedBundleOnUpload && canDelete) {
    const done = new Set<number>()
    for (const state of states) {
      const old = state.row?.version
      if (!old) {
        logger.warning(`Channel ${state.name} had no linked bundle to delete.`)
        continue
      }
      if (old.deleted) {
        logger.warning(`The bundle ${old.name} channel ${state.name} served is already deleted.`)
        continue
      }
      if (done.has(old.id)) continue
      await api.restPatch('app_versions', { id: `eq.${old.id}` }, { deleted: true }, `deleting the previously linked bundle ${old.name}`)
      done.add(old.id)
      logger.info(`Deleted bundle ${old.name}, which channel ${state.name} served before`)
      lines.push(`Deleted the previously linked bundle ${old.name}`)
    }
  }
  return lines
}

function rolloutBody(
  appId: string,
  state: ChannelState,
  version: string,
  id: number,
  bps: number,
  rollout: RolloutOptions,
  selfAssign: boolean,
): Record<string, unknown> {
  return {
    app_id: appId,
    channel: state.name,
    rolloutVersion: version,
    rolloutPercentageBps: bps,
    rolloutEnabled: bps > 0,
    ...(rollout.advance ? { advanceRollout: true } : {}),
    ...(state.row?.rollout_version === id && bps > 0 ? { rolloutPaused: false } : {}),
    ...(rollout.cacheTtlSeconds !== undefined ? { rolloutCacheTtlSeconds: rollout.cacheTtlSeconds } : {}),
    ...(selfAssign ? { allow_device_self_set: true } : {}),
  }
}

/** A channel write; the server's words for the channel's update-package setting, else the request error. */
async function channelCall(
  api: ReleaseApi,
  method: 'POST' | 'PUT',
  path: string,
  body: Record<string, unknown>,
  channel: string,
): Promise<void> {
  await api.api(method, path, body, `setting channel ${channel}`)
}

/** The console notification the official CLI sends even with telemetry off; failures only show in debug. */
export async function notifyConsole(api: ReleaseApi, appId: string, version: string, orgId: string, logger: Logger): Promise<void> {
  try {
    await api.event({
      channel: 'app',
      event: 'Bundle Uploaded',
      org_id: orgId,
      tracking_version: 2,
      tags: { 'app-id': appId, bundle: version },
      notifyConsole: true,
    })
  } catch (error) {
    logger.debug(`Capgo console notification not sent: ${(error as Error).message}`)
  }
}
