import { resolve } from 'node:path'
import { findCapacitorConfig, readCapacitorConfig } from '../../bundle/capacitor-config.js'
import { BundleError } from '../../errors.js'
import { CapgoClient } from '../../publish/capgo/client.js'
import { checkSettings } from '../../publish/capgo/endpoints.js'
import type { CompatibilityMode } from '../../release/decide.js'
import { promoteRollout } from '../../release/promote.js'
import { BIN, str, UsageError, type Command } from '../command.js'

const COMPATIBILITY: readonly CompatibilityMode[] = ['fail', 'warn', 'ignore']

export const channelPromote: Command = {
  spec: {
    brief: "Promote a channel's rollout target to its stable bundle",
    name: 'channel promote',
    summary:
      "End a progressive rollout: the channel's rollout target becomes the bundle every device gets (the official CLI's channel set --rollout-promote). Refused when the target's native packages are incompatible with what the channel serves now, unless --compatibility warn.",
    usage: `${BIN} channel promote <channel> [--app-id id] [--compatibility fail|warn|ignore] [--json]`,
    positionals: [{ name: 'channel', required: true, description: 'The channel whose rollout to promote.' }],
    options: [
      { name: 'app-id', type: 'string', value: 'id', description: 'App id (default: appId of the capacitor config here).' },
      { name: 'capacitor-config', type: 'string', value: 'path', description: 'Capacitor config to read the app id from.' },
      {
        name: 'compatibility',
        type: 'string',
        value: 'mode',
        description: 'fail (default), warn or ignore: the native-package check of the target against the channel.',
        choices: COMPATIBILITY,
      },
      {
        name: 'capgo-token',
        type: 'string',
        value: 'token',
        description: 'Capgo API key (prefer the CAPGO_TOKEN variable: argv is visible to other users).',
      },
      { name: 'capgo-api-url', type: 'string', value: 'url', description: 'Capgo API base URL (default https://api.capgo.app).' },
      { name: 'capgo-supabase-url', type: 'string', value: 'url', description: 'Self-hosted Capgo Supabase URL.' },
      { name: 'capgo-supabase-anon-key', type: 'string', value: 'key', description: 'Self-hosted Capgo Supabase anon key.' },
    ],
    details: `The token comes from --capgo-token or CAPGO_TOKEN. Example: CAPGO_TOKEN=... ${BIN} channel promote production`,
  },
  async run(context) {
    const channel = context.positionals[0]
    if (!channel) throw new UsageError('missing <channel>')
    const compatibility = (str(context, 'compatibility') ?? 'fail') as CompatibilityMode
    if (!COMPATIBILITY.includes(compatibility)) throw new UsageError(`--compatibility must be one of ${COMPATIBILITY.join(', ')}`)
    const token = str(context, 'capgo-token') ?? context.env.CAPGO_TOKEN?.trim()
    if (!token)
      throw new BundleError(
        'token_missing',
        'capgo-token is not set (nor CAPGO_TOKEN): promoting a rollout needs a Capgo API key.',
        'capgo-token',
      )
    context.logger.secret(token)
    const anonKey = str(context, 'capgo-supabase-anon-key')
    if (anonKey) context.logger.secret(anonKey)

    let appId = str(context, 'app-id')
    if (!appId) {
      const given = str(context, 'capacitor-config')
      const path = given ? resolve(context.cwd, given) : await findCapacitorConfig(context.cwd)
      appId = path ? (await readCapacitorConfig(path)).appId : undefined
      if (!appId)
        throw new BundleError(
          'app_id_missing',
          'app-id is not set and no capacitor config with appId was found here; pass --app-id.',
          'app-id',
        )
    }

    const settings = {
      token,
      apiUrl: str(context, 'capgo-api-url') ?? 'https://api.capgo.app',
      filesUrl: 'https://files.capgo.app',
      supabaseUrl: str(context, 'capgo-supabase-url'),
      supabaseAnonKey: anonKey,
      channels: [channel],
      versionExists: 'fail' as const,
      tus: 'auto' as const,
      projectDir: context.cwd,
    }
    checkSettings(settings)
    const client = new CapgoClient(settings, context.logger)
    const result = await promoteRollout(client.releaseApi(), appId, channel, compatibility, context.logger)
    return {
      json: { appId, ...result },
      text: [
        `Channel ${channel} of ${appId}: ${result.promoted} is now the stable bundle${result.previous ? ` (was ${result.previous})` : ''}; the rollout has ended.`,
      ],
    }
  },
}
