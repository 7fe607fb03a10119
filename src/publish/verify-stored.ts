import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verifyBundle, DeviceRejection } from '../bundle/verify.js'
import { BundleError } from '../errors.js'
import type { CancelGuard, Logger, PackedBundle } from '../types.js'
import { describeHttpError, downloadFile, isRetryableHttpError } from './http.js'
import { withRetry } from './retry.js'

/**
 * Downloads the public copy at `url` into `file` as a device would fetch it, with the run's retries and time-out.
 * When it cannot be fetched, the error is public_url_unavailable with `unavailable(reason)` as its message.
 */
export async function downloadPublicCopy(
  url: string,
  file: string,
  network: { retry: { attempts: number; baseDelayMs: number }; logger: Logger; timeoutMs: number; signal: AbortSignal },
  unavailable: (reason: string) => string,
): Promise<void> {
  const { retry, logger, timeoutMs, signal } = network
  try {
    await withRetry(() => downloadFile(new URL(url), file, timeoutMs, signal), {
      ...retry,
      logger,
      what: `Downloading ${url} to verify it`,
      retryable: isRetryableHttpError,
      signal,
    })
  } catch (error) {
    if (signal.aborted) throw error
    throw new BundleError('public_url_unavailable', unavailable(describeHttpError(error)), 'public-url')
  }
}

/** Runs `use` with a fresh temporary file path; the directory is gone afterwards whatever happens, a cancelled run included. */
export async function withTempFile<T>(name: string, use: (file: string) => Promise<T>, guard?: CancelGuard): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'capgo-bundle-stored-'))
  const dropUndo = guard?.add(`the download in ${dir}`, async () => {
    await rm(dir, { recursive: true, force: true })
    return { cleaned: `removed the partial download in ${dir}` }
  })
  try {
    return await use(join(dir, name))
  } finally {
    dropUndo?.()
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Checks a downloaded copy of what storage holds the way a device would.
 * `where` names the stored object for messages (s3://bucket/key, or a
 * public URL); `cleanup`, when given, says what to delete when it is bad
 * (without it the caller adds what it did about the object).
 */
export async function verifyStoredCopy(
  file: string,
  bundle: PackedBundle,
  where: { label: string; cleanup?: string },
  logger: Logger,
): Promise<void> {
  const reject = (detail: string): never => {
    throw new BundleError(
      'stored_bundle_invalid',
      `The stored copy at ${where.label} ${detail}.${where.cleanup ? ` Nothing was registered; ${where.cleanup}` : ''}`,
    )
  }

  const { size } = await stat(file)
  if (size !== bundle.bundleSize) reject(`has ${size} bytes instead of ${bundle.bundleSize}`)

  try {
    const result = await verifyBundle({ file, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: bundle.publicKey })
    if (result.sha256 !== bundle.sha256) reject(`decrypts to a different zip (SHA-256 ${result.sha256} instead of ${bundle.sha256})`)
  } catch (error) {
    if (error instanceof DeviceRejection) reject(`fails verification: ${error.message}`)
    throw error
  }
  logger.info(`Verified the stored copy at ${where.label} like a device (${bundle.checksumFormat} checksum)`)
}

/** The file about to be uploaded is the one that was packed and verified; publish checks this once, before any upload. */
export async function requirePackedFile(bundle: PackedBundle): Promise<void> {
  const { size } = await stat(bundle.path)
  if (size !== bundle.bundleSize) {
    throw new BundleError(
      'bundle_changed',
      `${bundle.path} has ${size} bytes but was packed with ${bundle.bundleSize}: it changed after packing. Pack again.`,
    )
  }
}
