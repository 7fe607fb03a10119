import { BundleError } from '../../errors.js'
import type { CapgoSettings } from '../../types.js'
import { isTokenSafeUrl } from '../../url-input.js'

/**
 * Where each family of requests goes.
 *
 * `capgo-supabase-url` means "this whole Capgo runs under one Supabase": the
 * API and files functions at `{supabaseUrl}/functions/v1/<path>`, PostgREST at
 * `{supabaseUrl}/rest/v1`. It then replaces `capgo-api-url` and
 * `capgo-files-url`, and also the `supaHost` that `/private/config` reports,
 * because a self-hosted instance often reports the address its functions see
 * from inside (for example `http://kong:8000`), which CI cannot reach.
 */
export interface CapgoEndpoints {
  api: string
  files: string
  /** Set for the self-hosted layout. */
  supabase?: string
}

/** The families of requests, by the base URL they go to; `upload` is a presigned URL. */
export type Family = 'api' | 'files' | 'rest' | 'upload'

/**
 * Every check of the Capgo settings that needs no network (the URLs the token
 * travels to); the plan runs it before packing.
 */
export function checkSettings(settings: CapgoSettings): void {
  resolveEndpoints(settings)
}

export function resolveEndpoints(settings: Pick<CapgoSettings, 'apiUrl' | 'filesUrl' | 'supabaseUrl'>): CapgoEndpoints {
  if (settings.supabaseUrl) {
    const supabase = checkedBase(settings.supabaseUrl, 'capgo-supabase-url')
    const functions = `${supabase}/functions/v1`
    return { api: functions, files: functions, supabase }
  }
  return { api: checkedBase(settings.apiUrl, 'capgo-api-url'), files: checkedBase(settings.filesUrl, 'capgo-files-url') }
}

/** The token travels in headers, so plain http is refused except on this machine (tests, local Capgo). */
function checkedBase(value: string, input: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new BundleError('capgo_url_invalid', `${input} is not a URL: "${value}".`, input)
  }
  if (!isTokenSafeUrl(url)) {
    throw new BundleError(
      'capgo_url_insecure',
      `${input} must be an https URL (plain http is only accepted for localhost); got ${url.origin}.`,
      input,
    )
  }
  if (url.search || url.hash) {
    throw new BundleError(
      'capgo_url_invalid',
      `${input} must be a base URL without query or fragment; got ${url.origin}${url.pathname}.`,
      input,
    )
  }
  return url.href.replace(/\/+$/, '')
}

/** The supaHost the server reports travels the same checks, but a refusal must say where the value came from. */
export function advertisedSupaHost(value: string): string {
  try {
    return checkedBase(value, 'capgo-supabase-url')
  } catch {
    throw new BundleError(
      'capgo_config_invalid',
      `The Capgo server config points its database API at "${value}", which is not a usable https URL; set capgo-supabase-url and capgo-supabase-anon-key to the address CI should use.`,
      'capgo-supabase-url',
    )
  }
}

/** The input that sets where a family of requests goes, for messages. */
export function inputFor(family: Family, endpoints: CapgoEndpoints): string | undefined {
  if (endpoints.supabase && family !== 'upload') return 'capgo-supabase-url'
  if (family === 'api') return 'capgo-api-url'
  if (family === 'files') return 'capgo-files-url'
  if (family === 'rest') return 'capgo-supabase-url'
  return undefined
}
