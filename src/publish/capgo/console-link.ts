import type { CapgoSettings } from '../../types.js'

export const CAPGO_CONSOLE = 'https://console.capgo.app'
const CAPGO_CLOUD_API = 'https://api.capgo.app'

/**
 * The bundle's page in the Capgo console. The official CLI (8.68.1) links
 * channels as {console}/app/{appId}/channel/{id}; bundles live beside them at
 * /app/{appId}/bundle/{id}. Only for Capgo Cloud: a self-hosted instance's
 * console address is not known here.
 */
export function capgoConsoleUrl(
  settings: Pick<CapgoSettings, 'apiUrl' | 'supabaseUrl'>,
  appId: string,
  versionId: string,
): string | undefined {
  if (settings.supabaseUrl || settings.apiUrl.replace(/\/+$/, '') !== CAPGO_CLOUD_API) return undefined
  return `${CAPGO_CONSOLE}/app/${encodeURIComponent(appId)}/bundle/${encodeURIComponent(versionId)}`
}
