import { BundleError } from '../errors.js'
import type { S3StorageSettings } from '../types.js'
import type { StoredObject } from './backend.js'
import {
  devicePublicUrl,
  encodeKeyPath,
  expandKeyTemplate,
  planTemplateValues,
  requireDeviceUrl,
  type TemplateValues,
} from './public-url.js'

/**
 * The S3 backend's offline half: every rule about its settings, and where a
 * bundle goes. No SDK here, so the plan can load it without the AWS SDK.
 */

const R2_HOST = /\.r2\.cloudflarestorage\.com$/i

export interface S3Location extends StoredObject {
  /** s3://bucket/key, for messages. */
  uri: string
}

/**
 * Every check of S3 settings that needs no network; the plan runs it before
 * packing, with a dummy checksum in the templates. The backend then trusts
 * the settings.
 */
export function checkSettings(settings: S3StorageSettings, target: { appId: string; version: string }): void {
  const { accessKeyId, secretAccessKey } = settings
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new BundleError(
      'input_conflict',
      's3-access-key-id and s3-secret-access-key go together: set both, or neither to use the AWS credential chain (OIDC).',
      accessKeyId ? 's3-secret-access-key' : 's3-access-key-id',
    )
  }
  if (!settings.endpoint && settings.region === 'auto') {
    throw new BundleError(
      's3_endpoint',
      's3-region "auto" is for Cloudflare R2 and needs s3-endpoint (https://<account id>.r2.cloudflarestorage.com).',
      's3-endpoint',
    )
  }
  // Inputs made sure s3-endpoint is an http(s) URL.
  const endpoint = endpointOf(settings)
  if (endpoint && (endpoint.username || endpoint.password || endpoint.search)) {
    throw new BundleError(
      's3_endpoint',
      's3-endpoint must not carry credentials or a query; give keys in s3-access-key-id and s3-secret-access-key.',
      's3-endpoint',
    )
  }
  planS3Location(settings, planTemplateValues(target))
}

export function endpointOf(settings: S3StorageSettings): URL | undefined {
  return settings.endpoint ? new URL(settings.endpoint) : undefined
}

/** Scheme, host and path of the endpoint, without a trailing slash. */
export function endpointBase(endpoint: URL): string {
  return `${endpoint.protocol}//${endpoint.host}${endpoint.pathname.replace(/\/+$/, '')}`
}

/** AWS's virtual-hosted URL; path style for dotted bucket names, which break the wildcard certificate. */
function defaultPublicUrl(settings: S3StorageSettings, endpoint: URL | undefined, key: string): string {
  const path = encodeKeyPath(key)
  const { bucket, region } = settings
  // The official CLI leaves the bucket out here; path-style servers need it.
  if (endpoint) return `${endpointBase(endpoint)}/${encodeURIComponent(bucket)}/${path}`
  if (bucket.includes('.')) return `https://s3.${region}.amazonaws.com/${bucket}/${path}`
  return `https://${bucket}.s3.${region}.amazonaws.com/${path}`
}

function publicUrlOf(settings: S3StorageSettings, endpoint: URL | undefined, values: TemplateValues & { key: string }): string {
  const rule = { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' }
  if (settings.publicUrl) return devicePublicUrl(settings.publicUrl, values, rule)
  if (endpoint && R2_HOST.test(endpoint.hostname)) {
    throw new BundleError(
      'public_url_missing',
      "Cloudflare R2's S3 endpoint only serves signed requests, so devices cannot download from it; set public-url to the bucket's public r2.dev URL or custom domain, e.g. https://cdn.example.com/{key}.",
      'public-url',
    )
  }
  return requireDeviceUrl(defaultPublicUrl(settings, endpoint, values.key), {
    ...rule,
    source: 'The default public URL (no public-url given)',
  })
}

/** Where a bundle goes and where devices fetch it; no network, so every template error surfaces before a request. */
export function planS3Location(settings: S3StorageSettings, bundle: TemplateValues): S3Location {
  const values: TemplateValues = { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256 }
  return s3ObjectLocation(settings, values, expandKeyTemplate(settings.keyTemplate, values, 's3-key'))
}

/** Any object at `key`, its public URL built exactly as the bundle's (public-url with these values, or the default). */
export function s3ObjectLocation(settings: S3StorageSettings, values: TemplateValues, key: string): S3Location {
  return { key, url: publicUrlOf(settings, endpointOf(settings), { ...values, key }), uri: `s3://${settings.bucket}/${key}` }
}

/** `{bundle key without .zip}`: the folder of a bundle's delta files and manifest.json. */
export function deltaPrefixOf(bundleKey: string): string {
  return bundleKey.replace(/\.zip$/i, '')
}

/** Delta (manifest) updates on S3, offline: each file needs its own public URL, so a public-url template must use {key}. */
export function checkDeltaSettings(settings: S3StorageSettings): void {
  if (settings.publicUrl && !settings.publicUrl.includes('{key}')) {
    throw new BundleError(
      'public_url_delta',
      `delta uploads one object per file, each with its own URL, so public-url needs {key} (e.g. https://cdn.example.com/{key}); "${settings.publicUrl}" would give every file the same URL. Add {key}, or set delta: false.`,
      'public-url',
    )
  }
}
