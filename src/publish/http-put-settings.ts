import { BundleError } from '../errors.js'
import type { UrlStorageSettings } from '../types.js'
import { devicePublicUrl, planTemplateValues, type TemplateValues } from './public-url.js'

/** The HTTP PUT backend's offline half: every rule about its settings, run by the plan before packing. */
export function checkSettings(settings: UrlStorageSettings, target: { appId: string; version: string }): void {
  let parsed: URL
  try {
    parsed = new URL(settings.uploadUrl)
  } catch {
    throw new BundleError('upload_url_invalid', 'upload-url is not a URL; give the full presigned https:// URL to PUT the bundle to.', 'upload-url')
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BundleError('upload_url_invalid', `upload-url must be an http:// or https:// URL, not ${parsed.protocol}//.`, 'upload-url')
  }
  if (!settings.publicUrl) {
    throw new BundleError(
      'public_url_missing',
      'storage url needs public-url: the https URL devices download the bundle from (placeholders {appId}, {version}, {sha256}).',
      'public-url',
    )
  }
  publicUrlOf(settings, planTemplateValues(target))
}

/** The URL devices download from; the settings passed `checkSettings`. */
export function publicUrlOf(settings: UrlStorageSettings, values: TemplateValues): string {
  return devicePublicUrl(settings.publicUrl ?? '', values, { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' })
}
