import { createReadStream } from 'node:fs'
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { BundleError } from '../errors.js'
import type { PackedBundle } from '../types.js'
import { startProgress } from '../progress.js'
import {
  DEFAULT_PART_SIZE,
  DEFAULT_QUEUE_SIZE,
  describeS3Error,
  errorShape,
  explain,
  isUnreachable,
  MAX_PARTS,
  MIN_PART_SIZE,
  statusOf,
  storedSize,
  type S3Context,
} from './s3-client.js'
import { discardObject } from './s3-discard.js'
import type { S3Location } from './s3-settings.js'

/* The upload of the bundle: multipart, aborted and explained on failure or cancel. */

export async function abortMultipart(
  ctx: S3Context,
  uploadId: string | undefined,
  location: S3Location,
  signal?: AbortSignal,
): Promise<'none' | 'aborted' | 'failed'> {
  const { cleanupClient, bucket, logger } = ctx
  if (!uploadId) return 'none'
  try {
    await cleanupClient.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: location.key, UploadId: uploadId }), {
      abortSignal: signal,
    })
    logger.info(`Aborted the multipart upload to ${location.uri}; its parts are deleted`)
    return 'aborted'
  } catch (error) {
    logger.warning(`Could not abort the multipart upload to ${location.uri}: ${describeS3Error(error)}`)
    return 'failed'
  }
}

/** Best effort: whether an object sits at the key after a failure. */
async function leftoverAt(ctx: S3Context, key: string): Promise<'present' | 'absent' | 'unknown'> {
  try {
    return (await storedSize(ctx, key, ctx.cleanupClient)) === undefined ? 'absent' : 'present'
  } catch {
    return 'unknown'
  }
}

export async function uploadFailure(
  ctx: S3Context,
  error: unknown,
  location: S3Location,
  uploadId: string | undefined,
  abort: 'none' | 'aborted' | 'failed',
): Promise<BundleError> {
  const { bucket, settings } = ctx
  const cleanup: string[] = []
  if (abort === 'failed' && uploadId) {
    cleanup.push(
      `abort the incomplete multipart upload (aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId}) or let a lifecycle rule expire it`,
    )
  }
  const leftover = await leftoverAt(ctx, location.key)
  if (leftover === 'present') {
    cleanup.push(
      `delete ${location.uri} unless it is a bundle you registered before${settings.overwrite ? ' (overwrite was true, so it may be the previous object)' : ''}`,
    )
  }
  if (leftover === 'unknown') cleanup.push(`check whether ${location.uri} exists and delete it if so`)
  const after = cleanup.length ? `To clean up: ${cleanup.join('; ')}.` : 'No object was written.'

  if (statusOf(error) === 412 || errorShape(error).name === 'PreconditionFailed') {
    return new BundleError(
      'object_exists',
      `${location.uri} appeared while uploading (another run of the same version?) and was not replaced. Nothing was registered. ${after}`,
      'overwrite',
    )
  }
  const explained =
    error instanceof BundleError || statusOf(error) === 403 || isUnreachable(error) ? explain(ctx, error, 'upload', location) : undefined
  const reason = explained ? explained.message : `${describeS3Error(error)}.`
  return new BundleError(
    's3_upload_failed',
    `Uploading the bundle to ${location.uri} failed: ${reason} Nothing was registered. ${after}`,
    explained?.input,
  )
}

/** Uploads the encrypted file in parts; on failure or cancel, aborts the multipart upload and says what remains. */
export async function uploadObject(ctx: S3Context, bundle: PackedBundle, location: S3Location): Promise<void> {
  const { client, cleanupClient, bucket, settings, options, guard, logger, replacing } = ctx
  const body = createReadStream(bundle.path)
  const upload = new Upload({
    client,
    queueSize: options.queueSize ?? DEFAULT_QUEUE_SIZE,
    partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE, Math.ceil(bundle.bundleSize / MAX_PARTS)),
    // We abort ourselves, so a failed abort can be reported with its upload id.
    leavePartsOnError: true,
    params: {
      Bucket: bucket,
      Key: location.key,
      Body: body,
      ContentLength: bundle.bundleSize,
      ContentType: 'application/zip',
      CacheControl: settings.cacheControl || undefined,
      // Closes the race between check() and upload on services with conditional writes (AWS, R2, MinIO).
      IfNoneMatch: settings.overwrite ? undefined : '*',
    },
  })
  const stop = () => void upload.abort().catch(() => undefined)
  guard.signal.addEventListener('abort', stop, { once: true })
  // Cancelled mid-upload: abort the multipart upload (its parts are billed until then), and remove the object if it was just completed.
  const dropUndo = guard.add(`the upload to ${location.uri}`, async (signal) => {
    const uploadId = upload.uploadId
    const abort = await abortMultipart(ctx, uploadId, location, signal)
    if (abort === 'failed') {
      return {
        left: `the multipart upload ${uploadId} to ${location.uri} (abort it: aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId})`,
      }
    }
    const present = (await storedSize(ctx, location.key, cleanupClient).catch(() => undefined)) !== undefined
    const object = present ? await discardObject(ctx, location, signal) : {}
    if (abort === 'aborted')
      return { cleaned: [`aborted the multipart upload to ${location.uri}`, object.cleaned].filter(Boolean).join(', '), left: object.left }
    return object
  })
  const progress = startProgress(`Uploading to ${location.uri}`, { bytes: bundle.bundleSize }, (line) => logger.info(line), options.clock)
  let loaded = 0
  upload.on('httpUploadProgress', (event) => {
    // Cumulative bytes of finished parts; the reporter counts increments.
    if (event.loaded !== undefined && event.loaded > loaded) {
      progress.add(event.loaded - loaded)
      loaded = event.loaded
    }
  })
  try {
    await upload.done()
  } catch (error) {
    if (guard.signal.aborted) throw guard.signal.reason
    dropUndo()
    // A CompleteMultipartUpload whose answer was lost (a time-out while the server assembles the
    // object) may have succeeded, and a retry of it then fails: an object of exactly our size at a key
    // that was empty before is this upload. confirmStored and verify-upload check it further.
    if (
      upload.uploadId &&
      !replacing.has(location.key) &&
      (await storedSize(ctx, location.key, cleanupClient).catch(() => undefined)) === bundle.bundleSize
    ) {
      logger.info(`${location.uri} holds the whole bundle although the upload reported ${describeS3Error(error)}; carrying on`)
      return
    }
    const abort = await abortMultipart(ctx, upload.uploadId, location)
    throw await uploadFailure(ctx, error, location, upload.uploadId, abort)
  } finally {
    guard.signal.removeEventListener('abort', stop)
    progress.done()
    body.destroy()
  }
  dropUndo()
}
