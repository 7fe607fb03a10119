import { BundleError } from '../errors.js'
import type { CancelGuard, Logger, PackedBundle, UrlStorageSettings } from '../types.js'
import type { DeltaStorage, StoredObject } from './backend.js'
import { DELTA_CONTENT_TYPE, MANIFEST_CONTENT_TYPE, sha256OfFile } from './delta-bytes.js'
import {
  describeHttpError,
  fileHeaders,
  HttpStatusError,
  isRetryableHttpError,
  isRetryableStatus,
  isTimeout,
  maskUrl,
  putFile,
  seconds,
} from './http.js'
import { bundleKeyOf, checkDeltaSettings, deltaUploadUrlOf, publicUrlOf } from './http-put-settings.js'
import { originOf } from './public-url.js'
import { withRetry } from './retry.js'
import { downloadPublicCopy, withTempFile } from './verify-stored.js'

export interface HttpPutDeltaContext {
  settings: UrlStorageSettings
  /** Input delta-upload-url; the plan checked it (http-put-settings.ts checkDeltaSettings). */
  uploadUrl: string
  logger: Logger
  retry: { attempts: number; baseDelayMs: number }
  timeoutMs: number
  guard: CancelGuard
}

/**
 * Delta (manifest) updates over PUT: each file to delta-upload-url with
 * {path} = `{appId}_{version}/delta/{sha256}_{file_name}` and {sha256} = the
 * original file's SHA-256, then manifest.json with {path} =
 * `{appId}_{version}/manifest.json` and {sha256} = the bundle's. Public URLs
 * come from public-url with {key} = that same path. A PUT URL cannot delete,
 * so there is no discard: the orchestrator says what stays.
 */
export function httpPutDelta(ctx: HttpPutDeltaContext, bundle: PackedBundle): DeltaStorage {
  const { settings, uploadUrl, logger, retry, timeoutMs, guard } = ctx
  const { signal } = guard
  maskUrl(uploadUrl, logger)
  // The plan runs this check; again here, so no caller can store files that would all share one URL.
  checkDeltaSettings(settings, uploadUrl, bundle)
  const origin = originOf(uploadUrl.replace(/\{[^{}]*\}/g, 'x'))
  const prefix = bundleKeyOf(bundle).replace(/\.zip$/, '')
  const locate = (path: string, sha256: string): StoredObject => {
    const url = publicUrlOf(settings, { appId: bundle.appId, version: bundle.version, sha256, key: path })
    return { key: path, url, label: url }
  }
  /** The upload URL of each target: kept apart from StoredObject, which may be printed. */
  const uploadUrls = new Map<string, { url: URL; sha256: string }>()

  async function put(target: StoredObject, path: string, size: number, contentType: string, what: string): Promise<void> {
    const upload = uploadUrls.get(target.key)
    if (!upload) throw new Error(`${target.key} was not planned by check()`)
    const headers = fileHeaders(size, { 'content-type': contentType, ...settings.headers })
    try {
      await withRetry(() => putFile(upload.url, path, headers, timeoutMs, signal), {
        ...retry,
        logger,
        what: `PUT of ${what} to ${origin}`,
        retryable: isRetryableHttpError,
        signal,
      })
    } catch (error) {
      if (signal.aborted) throw error
      if (error instanceof HttpStatusError && !isRetryableStatus(error.status)) {
        throw new BundleError(
          'upload_refused',
          `${origin} refused the PUT of ${what} (${error.message}); check delta-upload-url.`,
          'delta-upload-url',
        )
      }
      if (isTimeout(error)) {
        throw new BundleError(
          'upload_timeout',
          `The PUT of ${what} to ${origin} made no progress for ${seconds(timeoutMs)} (request-timeout), ${retry.attempts} attempts; check delta-upload-url or raise request-timeout.`,
          'delta-upload-url',
        )
      }
      throw new BundleError(
        'upload_failed',
        `Uploading ${what} to ${origin} failed after ${retry.attempts} attempts: ${describeHttpError(error)}.`,
      )
    }
    if (!settings.verifyUpload) return
    const expected = await sha256OfFile(path)
    await withTempFile(
      'delta-object',
      async (file) => {
        await downloadPublicCopy(
          target.url,
          file,
          { retry, logger, timeoutMs, signal },
          (reason) =>
            `The upload of ${what} succeeded but ${target.url} could not be downloaded (${reason}), so devices could not fetch it either; check public-url.`,
        )
        const actual = await sha256OfFile(file)
        if (actual !== expected)
          throw new BundleError(
            'stored_bundle_invalid',
            `${target.url} serves other bytes than ${what} (SHA-256 ${actual} instead of ${expected}); devices would reject it.`,
            'public-url',
          )
      },
      guard,
    )
  }

  const plan = (path: string, sha256: string): StoredObject => {
    uploadUrls.set(path, { url: new URL(deltaUploadUrlOf(uploadUrl, { path, sha256 })), sha256 })
    return locate(path, sha256)
  }

  return {
    // No request: a PUT URL cannot be probed without writing.
    async check(files) {
      return {
        files: files.map((file) => plan(`${prefix}/delta/${file.sha256}_${file.fileName}`, file.sha256)),
        manifest: plan(`${prefix}/manifest.json`, bundle.sha256),
      }
    },

    putFile(file, target) {
      return put(target, file.path, file.size, DELTA_CONTENT_TYPE, file.fileName)
    },

    putManifest(path, size, target) {
      return put(target, path, size, MANIFEST_CONTENT_TYPE, 'manifest.json')
    },
  }
}
