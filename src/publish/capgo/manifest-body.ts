import type { ManifestEntry } from './api.js'

/**
 * The set_manifest body, `{"app_id","name","manifest"}`, byte for byte what
 * JSON.stringify gives, as a Blob built entry by entry: no string of the
 * whole body (7.5 MB for 3,001 files, with fetch's UTF-8 copy beside it) sits
 * on the JS heap. A Blob is sent with its length and re-read on a retry.
 */
export function manifestBody(appId: string, version: string, manifest: ManifestEntry[]): Blob {
  const parts: string[] = [`{"app_id":${JSON.stringify(appId)},"name":${JSON.stringify(version)},"manifest":[`]
  manifest.forEach((entry, index) => parts.push(index ? `,${JSON.stringify(entry)}` : JSON.stringify(entry)))
  parts.push(']}')
  return new Blob(parts, { type: 'application/json' })
}
