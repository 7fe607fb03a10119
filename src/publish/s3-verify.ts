import { createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { BundleError } from '../errors.js'
import type { PackedBundle } from '../types.js'
import { isTimeout } from './http.js'
import { withRetry } from './retry.js'
import { describeS3Error, explain, isRetryableS3Error, storedSize, type S3Context } from './s3-client.js'
import { afterStoredFailure } from './s3-discard.js'
import type { S3Location } from './s3-settings.js'
import { verifyStoredCopy, withTempFile } from './verify-stored.js'

/* What was stored, confirmed (size) and, with verify-upload, checked as a device would. */

/** The stored object has the bundle's size (HeadObject). */
export async function confirmStored(ctx: S3Context, bundle: PackedBundle, location: S3Location): Promise<void> {
  const { guard } = ctx
  let size: number | undefined
  try {
    size = await storedSize(ctx, location.key)
  } catch (error) {
    if (guard.signal.aborted) throw guard.signal.reason
    const reason = explain(ctx, error, 'HeadObject', location).message
    throw new BundleError(
      's3_confirm_failed',
      `Uploaded ${location.uri} but could not confirm it: ${reason} ${await afterStoredFailure(ctx, location)}`,
    )
  }
  if (size !== bundle.bundleSize) {
    throw new BundleError(
      'stored_bundle_invalid',
      `${location.uri} holds ${size ?? 'no'} bytes after the upload instead of ${bundle.bundleSize}; devices would fail the checksum. ${await afterStoredFailure(ctx, location)}`,
    )
  }
}

async function download(ctx: S3Context, key: string, file: string): Promise<void> {
  const { client, bucket } = ctx
  await ctx.cancellable(async (options) => {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), options)
    if (!Body) throw new Error(`GetObject returned no body for ${key}`)
    await pipeline(Body as Readable, createWriteStream(file))
  })
}

/** Downloads the stored object and checks it as a device would (verify-upload). */
export async function verifyStored(ctx: S3Context, bundle: PackedBundle, location: S3Location): Promise<void> {
  const { retry, logger, guard } = ctx
  await withTempFile(
    bundle.fileName,
    async (file) => {
      try {
        await withRetry(() => download(ctx, location.key, file), {
          ...retry,
          logger,
          what: `Downloading ${location.uri} to verify it`,
          retryable: isRetryableS3Error,
          signal: guard.signal,
        })
      } catch (error) {
        if (guard.signal.aborted) throw error
        const reason = isTimeout(error) ? explain(ctx, error, 'GetObject', location).message : `${describeS3Error(error)}.`
        throw new BundleError(
          's3_verify_failed',
          `Could not download ${location.uri} to verify it: ${reason} ${await afterStoredFailure(ctx, location)}`,
        )
      }
      await verifyStoredCopy(file, bundle, { label: location.uri }, logger).catch(async (error: unknown) => {
        if (!(error instanceof BundleError) || error.code !== 'stored_bundle_invalid') throw error
        throw new BundleError(error.code, `${error.message} ${await afterStoredFailure(ctx, location)}`, error.input)
      })
    },
    guard,
  )
}
