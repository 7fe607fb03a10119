import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CapgoTestServer } from './capgo-server.js'
import { officialCli, type CliResult } from './official-cli.js'

/** Points the project's capacitor config at the loopback Capgo (the official CLI's local* keys) and stores the private key where the CLI looks. */
export async function pointOfficialCliAt(server: CapgoTestServer, project: string, privatePem: string): Promise<void> {
  const configPath = join(project, 'capacitor.config.json')
  const config = JSON.parse(await readFile(configPath, 'utf8')) as { plugins?: Record<string, Record<string, unknown>> }
  config.plugins ??= {}
  config.plugins.CapacitorUpdater = {
    ...config.plugins.CapacitorUpdater,
    localApi: server.apiUrl,
    localApiFiles: server.filesUrl,
    localSupa: server.supaHost,
    localSupaAnon: server.supaKey,
    localHost: server.url,
    localWebHost: server.url,
  }
  await writeFile(configPath, JSON.stringify(config, null, 2))
  await writeFile(join(project, '.capgo_key_v2'), privatePem, { mode: 0o600 })
}

/** `bundle upload <appId> --path www --bundle <version> --apikey <token> ...flags`, non-interactive, telemetry off. */
export function officialUpload(server: CapgoTestServer, project: string, version: string, flags: string[]): Promise<CliResult> {
  return officialCli(['bundle', 'upload', server.appId, '--path', 'www', '--bundle', version, '--apikey', server.token, ...flags], project)
}
