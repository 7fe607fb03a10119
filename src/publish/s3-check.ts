import { HeadBucketCommand } from '@aws-sdk/client-s3'
import { BundleError } from '../errors.js'
import { errorShape, explain, isNotFound, statusOf, storedSize, type S3Context } from './s3-client.js'
import type { S3Location } from './s3-settings.js'

/* The S3 backend's read-only checks, run before anything is written. */

/** The bucket exists and answers; a refused HeadBucket (no s3:ListBucket) is left to checkObject. */
export async function checkBucket(ctx: S3Context, location: S3Location): Promise<void> {
  const { client, bucket, logger, where } = ctx
  try {
    await ctx.cancellable((options) => client.send(new HeadBucketCommand({ Bucket: bucket }), options))
  } catch (error) {
    // HeadBucket needs s3:ListBucket; without it, HeadObject below still tells whether we may write.
    if (statusOf(error) === 403) {
      logger.debug(`HeadBucket ${bucket} was refused (403); relying on HeadObject`)
      return
    }
    if (isNotFound(error) || errorShape(error).name === 'NoSuchBucket') {
      throw new BundleError(
        's3_bucket_missing',
        `Bucket "${bucket}" does not exist at ${where}; check s3-bucket (and s3-region / s3-endpoint).`,
        's3-bucket',
      )
    }
    throw explain(ctx, error, 'HeadBucket', location)
  }
}

/** The object is absent, or may be replaced (overwrite: true, remembered in `replacing`). */
export async function checkObject(ctx: S3Context, location: S3Location): Promise<void> {
  const { settings, logger, replacing } = ctx
  let existing: number | undefined
  try {
    existing = await storedSize(ctx, location.key)
  } catch (error) {
    if (statusOf(error) === 403 && settings.overwrite) {
      logger.warning(`Cannot tell whether ${location.uri} exists (HeadObject refused); overwrite is true, so uploading anyway.`)
      return
    }
    throw explain(ctx, error, 'HeadObject', location)
  }
  if (existing === undefined) return
  replacing.add(location.key)
  if (!settings.overwrite) {
    throw new BundleError(
      'object_exists',
      `${location.uri} already exists; a registered bundle must not change under its signed checksum. Publish a new version, delete the object, or set overwrite: true.`,
      'overwrite',
    )
  }
  logger.info(`${location.uri} exists (${existing} bytes) and overwrite is true: it will be replaced`)
}
