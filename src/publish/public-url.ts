import { BundleError } from '../errors.js'

/** What a key or URL template may refer to. `key` exists only once the object key is known. */
export interface TemplateValues {
  appId: string
  version: string
  sha256: string
  key?: string
}

type Placeholder = keyof TemplateValues

const PLACEHOLDER = /\{([^{}]*)\}/g

const PLACEHOLDERS: readonly Placeholder[] = ['appId', 'version', 'sha256', 'key']

/**
 * Fills `{name}` placeholders with the values given. An unknown name is an
 * error rather than left as is: a typo like `{versoin}` would otherwise
 * publish every version to the same literal key.
 */
function fill(
  template: string,
  values: Partial<TemplateValues>,
  input: string,
  encode: (name: Placeholder, value: string) => string,
): string {
  const known = new Map<string, string>()
  for (const name of PLACEHOLDERS) {
    const value = values[name]
    if (value !== undefined) known.set(name, value)
  }
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = known.get(name)
    if (value === undefined) {
      const names = [...known.keys()].map((knownName) => `{${knownName}}`).join(', ')
      throw new BundleError('template_placeholder', `${input} uses {${name}}, which is not a placeholder; use ${names}.`, input)
    }
    return encode(name as Placeholder, value)
  })
}

/** Each path segment percent-encoded, `/` kept: S3 reads a literal `+` in a path as a space. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/')
}

/** An object key from its template; values go in raw because S3 stores keys verbatim. */
export function expandKeyTemplate(template: string, values: TemplateValues, input: string): string {
  const key = fill(template, { appId: values.appId, version: values.version, sha256: values.sha256 }, input, (_name, value) => value)
  if (!key || key.startsWith('/')) {
    throw new BundleError('key_invalid', `${input} gives the object key "${key}"; it must be non-empty and must not start with "/".`, input)
  }
  return key
}

/** A URL from its template; values are percent-encoded so they stay one path segment (or, for {key}, its segments). */
export function expandUrlTemplate(template: string, values: TemplateValues, input: string): string {
  return fill(template, values, input, (name, value) => (name === 'key' ? encodeKeyPath(value) : encodeURIComponent(value)))
}

export interface DeviceUrlOptions {
  allowInsecure: boolean
  /** The input to change, named in errors. */
  input: string
  /** How to call the URL in messages when it did not come from `input` itself (a derived default). */
  source?: string
}

/**
 * Devices only download over https; plain http is accepted only when the
 * user opted in (loopback tests, LAN update servers).
 */
export function requireDeviceUrl(url: string, options: DeviceUrlOptions): string {
  const { input } = options
  const what = options.source ?? input
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new BundleError(
      'public_url_invalid',
      `${what} is not a URL devices can download from (got "${url}"); give a full https:// URL.`,
      input,
    )
  }
  if (parsed.protocol === 'https:') return parsed.href
  if (parsed.protocol === 'http:') {
    if (options.allowInsecure) return parsed.href
    throw new BundleError(
      'public_url_insecure',
      `${what} resolves to ${originOf(url)}, which is plain http; devices only download bundles over https. Use an https URL (CDN or bucket), or set allow-insecure-public-url: true for tests.`,
      input,
    )
  }
  throw new BundleError(
    'public_url_invalid',
    `${what} uses ${parsed.protocol.replace(/:$/, '')}://; devices download bundles over https.`,
    input,
  )
}

/** The public URL devices download from: template expanded, then held to the https rule. */
export function devicePublicUrl(template: string, values: TemplateValues, options: DeviceUrlOptions): string {
  return requireDeviceUrl(expandUrlTemplate(template, values, options.input), options)
}

/** Scheme and host only: safe to print for URLs whose path or query may be a credential. */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return '(an unparseable URL)'
  }
}

/** What the plan fills templates with: the checksum is not known before packing, so a dummy stands in. */
export function planTemplateValues(target: { appId: string; version: string }): TemplateValues {
  return { appId: target.appId, version: target.version, sha256: '0'.repeat(64) }
}
