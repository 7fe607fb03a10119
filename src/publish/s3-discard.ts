import { DeleteObjectCommand } from '@aws-sdk/client-s3'
import type { UndoResult } from '../types.js'
import { describeS3Error, type S3Context } from './s3-client.js'
import type { S3Location } from './s3-settings.js'

/* Removing what this run stored, or saying why it stays. */

/**
 * Deletes the object this run stored when nothing will refer to it, or
 * says why it stays. An object that replaced an earlier one (overwrite:
 * true) is never deleted: that would remove what the earlier one served.
 */
export async function discardObject(ctx: S3Context, location: S3Location, signal?: AbortSignal): Promise<UndoResult> {
  const { cleanupClient, bucket, logger, replacing } = ctx
  if (replacing.has(location.key)) {
    return {
      left: `${location.uri} holds this run's bundle, registered nowhere (overwrite: true replaced the object that was there; re-upload or register that one)`,
    }
  }
  try {
    await cleanupClient.send(new DeleteObjectCommand({ Bucket: bucket, Key: location.key }), { abortSignal: signal })
    logger.info(`Deleted ${location.uri} again: nothing refers to it`)
    return { cleaned: `deleted ${location.uri} again` }
  } catch (error) {
    return {
      left: `${location.uri} stays, registered nowhere (deleting it failed: ${describeS3Error(error)}): delete it (aws s3 rm ${location.uri}) before running again, or set overwrite: true`,
    }
  }
}

/** The end of a message after a failure past the upload: what happened to the object, and what to do. */
export async function afterStoredFailure(ctx: S3Context, location: S3Location): Promise<string> {
  const outcome = await discardObject(ctx, location)
  return outcome.cleaned
    ? `Nothing was registered and ${outcome.cleaned}; fix the cause and run again.`
    : `Nothing was registered; ${outcome.left}.`
}
