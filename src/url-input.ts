import { BundleError } from './errors.js'
import type { Logger } from './types.js'

/** Where the credential of each URL input belongs instead. */
const CREDENTIALS_GO_TO: Record<string, string> = {
  'capgo-api-url': 'the Capgo API key goes in capgo-token',
  'capgo-files-url': 'the Capgo API key goes in capgo-token',
  'capgo-supabase-url': 'the Capgo API key goes in capgo-token',
  'upload-url': 'send credentials as upload-headers (Authorization: ...) or use a presigned URL',
  'public-url': 'devices download without credentials, so the URL must be public',
  's3-endpoint': 'keys go in s3-access-key-id and s3-secret-access-key',
  'gcp-kms-endpoint': 'credentials come from Application Default Credentials (google-github-actions/auth)',
}

/** The authority of `scheme://authority/...`; works on templates such as public-url's, which new URL() may refuse. */
const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/

/**
 * Refuses `user:password@` in a URL input, before anything could print or send
 * it (fetch would send it as Basic auth, and it would land in bundle-url). The
 * credential is masked first and never part of the message.
 */
export function refuseUserinfo(name: string, value: string, logger?: Logger): void {
  const authority = AUTHORITY.exec(value.trim())?.[1]
  const at = authority?.lastIndexOf('@') ?? -1
  if (!authority || at < 0) return
  const userinfo = authority.slice(0, at)
  if (logger) {
    for (const part of [userinfo, ...userinfo.split(':')]) if (part) logger.secret(part)
    for (const part of userinfo.split(':')) {
      const decoded = safeDecode(part)
      if (decoded && decoded !== part) logger.secret(decoded)
    }
  }
  const hint = CREDENTIALS_GO_TO[name] ?? 'credentials go in their own inputs'
  throw new BundleError('url_credentials', `${name} holds a user name or password before @ (not shown); remove it: ${hint}.`, name)
}

/** An http(s) URL input without credentials, trailing slashes removed; the value is never echoed. */
export function parseUrlInput(name: string, value: string, logger?: Logger): string {
  refuseUserinfo(name, value, logger)
  parseHttpUrl(value, name, { code: 'input_not_url', notUrl: 'is not a URL' })
  return value.replace(/\/+$/, '')
}

/**
 * The one "is this an http:// or https:// URL" check (URL inputs, upload-url,
 * delta-upload-url once filled): `refusal.notUrl` says what was expected when
 * the value does not parse. Only the scheme is ever echoed, since the value
 * may be a credential (a presigned URL).
 */
export function parseHttpUrl(value: string, input: string, refusal: { code: string; notUrl: string }): URL {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new BundleError(refusal.code, `${input} ${refusal.notUrl}.`, input)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new BundleError(refusal.code, `${input} must be an http:// or https:// URL, not ${parsed.protocol}//.`, input)
  return parsed
}

/** This machine: localhost, 127.0.0.0/8 or [::1] (URL.hostname is lowercased, IPv6 in brackets). */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * Where a token travels in headers (Capgo API, GitHub API, Cloud KMS): https,
 * or plain http only to this machine (tests, a local server). Unlike the
 * device rule (public-url.ts requireDeviceUrl), no input opts out of it.
 */
export function isTokenSafeUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
