import { standaloneNetwork } from '../cleanup.js'
import type { Logger, Network, PackedBundle, S3StorageSettings } from '../types.js'
import type { StorageBackend } from './backend.js'
import { checkBucket, checkObject } from './s3-check.js'
import { openS3Context, type S3StorageOptions } from './s3-client.js'
import { s3Delta } from './s3-delta.js'
import { discardObject } from './s3-discard.js'
import { planS3Location } from './s3-settings.js'
import { uploadObject } from './s3-upload.js'
import { confirmStored, verifyStored } from './s3-verify.js'

export type { S3StorageOptions } from './s3-client.js'

/**
 * An S3-compatible bucket (AWS, R2, MinIO, Spaces, B2). The object is
 * uploaded from the encrypted file in parts, so memory stays flat, and is
 * never replaced unless `overwrite`: a registered bundle must not change
 * under its signed checksum. The settings passed `checkSettings`
 * (s3-settings.ts) in the plan. The parts, by job: s3-client.ts (clients,
 * errors), s3-check.ts, s3-upload.ts, s3-verify.ts, s3-discard.ts.
 */
export async function createS3Storage(
  settings: S3StorageSettings,
  logger: Logger,
  options: S3StorageOptions = {},
  network: Network = standaloneNetwork(),
): Promise<StorageBackend<PackedBundle>> {
  const ctx = openS3Context(settings, logger, options, network)
  const { bucket, guard, where } = ctx

  return {
    async check(bundle) {
      const location = planS3Location(settings, bundle)
      await checkBucket(ctx, location)
      await checkObject(ctx, location)
      return { key: location.key, url: location.url }
    },

    async put(bundle) {
      const location = planS3Location(settings, bundle)
      logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${location.uri} at ${where}`)
      await uploadObject(ctx, bundle, location)
      // Stored but not yet confirmed: a cancel now deletes it again (publish takes over once put returns).
      const dropUndo = guard.add(`the object ${location.uri}`, (signal) => discardObject(ctx, location, signal))
      try {
        await confirmStored(ctx, bundle, location)
        if (settings.verifyUpload) await verifyStored(ctx, bundle, location)
      } finally {
        if (!guard.signal.aborted) dropUndo()
      }
      return { key: location.key, url: location.url, label: location.uri }
    },

    discard(stored, signal) {
      return discardObject(ctx, { ...stored, uri: `s3://${bucket}/${stored.key}` }, signal)
    },

    delta(bundle) {
      return s3Delta(ctx, bundle)
    },
  }
}
