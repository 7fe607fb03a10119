import { BundleError } from '../errors.js'
import type { UrlStorageSettings } from '../types.js'
import { parseHttpUrl } from '../url-input.js'
import { devicePublicUrl, encodeKeyPath, planTemplateValues, type TemplateValues } from './public-url.js'

/** The HTTP PUT backend's offline half: every rule about its settings, run by the plan before packing. */
export function checkSettings(settings: UrlStorageSettings, target: { appId: string; version: string }): void {
  parseHttpUrl(settings.uploadUrl, 'upload-url', {
    code: 'upload_url_invalid',
    notUrl: 'is not a URL; give the full presigned https:// URL to PUT the bundle to',
  })
  if (!settings.publicUrl) {
    throw new BundleError(
      'public_url_missing',
      'storage url needs public-url: the https URL devices download the bundle from (placeholders {appId}, {version}, {sha256}, {key}).',
      'public-url',
    )
  }
  publicUrlOf(settings, { ...planTemplateValues(target), key: bundleKeyOf(target) })
}

/** The bundle's name where storage url needs a key: `{key}` in public-url, and the folder of its delta files. */
export function bundleKeyOf(target: { appId: string; version: string }): string {
  return `${target.appId}_${target.version}.zip`
}

const DELTA_PLACEHOLDER = /\{([^{}]*)\}/g

/**
 * Delta (manifest) updates with storage url, offline: delta-upload-url is a
 * PUT URL template with {path} (where the object goes, `/` kept) and
 * {sha256}; each file and manifest.json need their own public URL, so
 * public-url must use {key}.
 */
export function checkDeltaSettings(
  settings: UrlStorageSettings,
  uploadUrl: string | undefined,
  target: { appId: string; version: string },
): void {
  if (!uploadUrl) {
    throw new BundleError(
      'delta_upload_url_missing',
      'delta with storage url needs delta-upload-url: a PUT URL template with {path} (and optionally {sha256}) for each delta file and manifest.json. Set it, or set delta: false.',
      'delta-upload-url',
    )
  }
  if (!uploadUrl.includes('{path}')) {
    throw new BundleError(
      'delta_upload_url_invalid',
      'delta-upload-url must contain {path}, or every delta file would be PUT to the same URL.',
      'delta-upload-url',
    )
  }
  parseHttpUrl(deltaUploadUrlOf(uploadUrl, { path: 'a/delta/0_index.html', sha256: '0'.repeat(64) }), 'delta-upload-url', {
    code: 'delta_upload_url_invalid',
    notUrl: 'is not a URL template; give a full https:// URL with {path}',
  })
  if (!settings.publicUrl?.includes('{key}')) {
    throw new BundleError(
      'public_url_delta',
      "delta gives each file and manifest.json its own URL, so public-url needs {key} (e.g. https://cdn.example.com/{key}, where {key} is the {path} given to delta-upload-url, or the bundle's {appId}_{version}.zip). Add {key}, or set delta: false.",
      'public-url',
    )
  }
  publicUrlOf(settings, { ...planTemplateValues(target), key: `${bundleKeyOf(target).replace(/\.zip$/, '')}/manifest.json` })
}

/** One PUT URL from delta-upload-url: {path} percent-encoded per segment (`/` kept), {sha256} as is. */
export function deltaUploadUrlOf(template: string, values: { path: string; sha256: string }): string {
  return template.replace(DELTA_PLACEHOLDER, (_match, name: string) => {
    if (name === 'path') return encodeKeyPath(values.path)
    if (name === 'sha256') return values.sha256
    throw new BundleError(
      'template_placeholder',
      `delta-upload-url uses {${name}}, which is not a placeholder; use {path}, {sha256}.`,
      'delta-upload-url',
    )
  })
}

/** The URL devices download from; the settings passed `checkSettings`. */
export function publicUrlOf(settings: UrlStorageSettings, values: TemplateValues): string {
  return devicePublicUrl(settings.publicUrl ?? '', values, { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' })
}
