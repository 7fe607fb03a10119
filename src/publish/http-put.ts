import { standaloneNetwork } from '../cleanup.js'
import { BundleError } from '../errors.js'
import type { Logger, Network, PackedBundle, UrlStorageSettings } from '../types.js'
import type { StorageBackend, StoredObject } from './backend.js'
import {
  describeHttpError,
  fileHeaders,
  HttpStatusError,
  isRetryableHttpError,
  isRetryableStatus,
  isTimeout,
  maskSecretHeaders,
  maskUrl,
  networkCode,
  putFile,
  seconds,
} from './http.js'
import { startProgress, type ProgressClock } from '../progress.js'
import { httpPutDelta } from './http-put-delta.js'
import { bundleKeyOf, publicUrlOf } from './http-put-settings.js'
import { originOf } from './public-url.js'
import { defaultRetry, withRetry } from './retry.js'
import { downloadPublicCopy, verifyStoredCopy, withTempFile } from './verify-stored.js'

/** Knobs tests turn; production uses the defaults. */
export interface HttpPutOptions {
  retry?: { attempts: number; baseDelayMs: number }
  /** Time without progress per request; default: the run's request-timeout. */
  timeoutMs?: number
  /** For the progress line; tests pass a fake one. */
  clock?: ProgressClock
}

/**
 * Any service that takes a presigned PUT (S3, R2, GCS, Azure SAS, a
 * self-hosted server). The upload URL is a credential: it is masked, and
 * messages show only its scheme and host. The settings passed
 * `checkSettings` (http-put-settings.ts) in the plan.
 */
export async function createHttpPutStorage(
  settings: UrlStorageSettings,
  logger: Logger,
  options: HttpPutOptions = {},
  network: Network = standaloneNetwork(),
): Promise<StorageBackend<PackedBundle>> {
  maskUrl(settings.uploadUrl, logger)
  maskSecretHeaders(settings.headers, logger)
  const target = new URL(settings.uploadUrl)
  const origin = originOf(target.href)
  const retry = options.retry ?? defaultRetry
  const timeoutMs = options.timeoutMs ?? network.requestTimeoutMs
  const { signal } = network.guard

  function locate(bundle: PackedBundle): StoredObject {
    return {
      key: origin,
      url: publicUrlOf(settings, { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256, key: bundleKeyOf(bundle) }),
    }
  }

  function uploadFailure(error: unknown, bundle: PackedBundle, location: StoredObject): BundleError {
    const after = `Nothing was registered. A refused PUT stores nothing, but if ${location.url} serves a file from this run, delete it.`
    if (error instanceof HttpStatusError && !isRetryableStatus(error.status)) {
      const hint =
        error.status === 403 || error.status === 401
          ? ' Presigned URLs expire and are bound to the method, content-type and signed headers; create a fresh upload-url (content-type application/zip).'
          : ''
      return new BundleError(
        'upload_refused',
        `${origin} refused the PUT of ${bundle.fileName} (${error.message}).${hint} ${after}`,
        'upload-url',
      )
    }
    if (isTimeout(error)) {
      return new BundleError(
        'upload_timeout',
        `The PUT of ${bundle.fileName} to ${origin} made no progress for ${seconds(timeoutMs)} (request-timeout), ${retry.attempts} attempts; check upload-url or raise request-timeout. ${after}`,
        'upload-url',
      )
    }
    const code = networkCode(error)
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new BundleError(
        'upload_unreachable',
        `Cannot reach ${origin} to upload ${bundle.fileName} (${code}); check upload-url.`,
        'upload-url',
      )
    }
    return new BundleError(
      'upload_failed',
      `Uploading ${bundle.fileName} to ${origin} failed after ${retry.attempts} attempts: ${describeHttpError(error)}. ${after}`,
    )
  }

  async function upload(bundle: PackedBundle, location: StoredObject): Promise<void> {
    const headers = fileHeaders(bundle.bundleSize, settings.headers)
    try {
      await withRetry(
        async () => {
          const progress = startProgress(`Uploading to ${origin}`, { bytes: bundle.bundleSize }, (line) => logger.info(line), options.clock)
          try {
            await putFile(target, bundle.path, headers, timeoutMs, signal, (bytes) => progress.add(bytes))
          } finally {
            progress.done()
          }
        },
        { ...retry, logger, what: `PUT to ${origin}`, retryable: isRetryableHttpError, signal },
      )
    } catch (error) {
      if (signal.aborted) throw error
      throw uploadFailure(error, bundle, location)
    }
  }

  async function verifyStored(bundle: PackedBundle, location: StoredObject): Promise<void> {
    const cleanup = `replace or delete the file behind ${location.url} and run again.`
    await withTempFile(
      bundle.fileName,
      async (file) => {
        await downloadPublicCopy(
          location.url,
          file,
          { retry, logger, timeoutMs, signal },
          (reason) =>
            `The upload succeeded but ${location.url} could not be downloaded (${reason}), so devices could not fetch it either; check public-url. Nothing was registered; ${cleanup}`,
        )
        await verifyStoredCopy(file, bundle, { label: location.url, cleanup }, logger)
      },
      network.guard,
    )
  }

  return {
    // No request at all: a presigned PUT URL cannot be probed without writing.
    async check(bundle) {
      return locate(bundle)
    },

    async put(bundle) {
      const location = locate(bundle)
      logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${origin}`)
      await upload(bundle, location)
      if (settings.verifyUpload) await verifyStored(bundle, location)
      return location
    },

    delta(bundle, delta) {
      if (!delta.uploadUrl)
        throw new BundleError('delta_upload_url_missing', 'delta with storage url needs delta-upload-url.', 'delta-upload-url')
      return httpPutDelta({ settings, uploadUrl: delta.uploadUrl, logger, retry, timeoutMs, guard: network.guard }, bundle)
    },
  }
}
