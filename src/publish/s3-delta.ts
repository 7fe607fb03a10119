import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { dropped } from '../bundle/memory.js'
import { BundleError } from '../errors.js'
import type { PackedBundle } from '../types.js'
import type { DeltaObjectFile, DeltaStorage, StoredObject } from './backend.js'
import { DELTA_CONTENT_TYPE, MANIFEST_CONTENT_TYPE, sha256OfFile, sha256OfStream } from './delta-bytes.js'
import { withRetry } from './retry.js'
import { describeS3Error, explain, isRetryableS3Error, MIN_PART_SIZE, statusOf, storedSize, type S3Context } from './s3-client.js'
import { checkDeltaSettings, deltaPrefixOf, planS3Location, s3ObjectLocation, type S3Location } from './s3-settings.js'

/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH = 1000

/**
 * Delta (manifest) updates on S3: each processed file at
 * `{bundle key without .zip}/delta/{sha256}_{file_name}` (file_name as in the
 * manifest, `/` and `.br` kept), then `{bundle key without .zip}/manifest.json`.
 * Delta files are always written (a failed earlier run may have left files
 * encrypted with another session key under the same names); only
 * manifest.json, which makes them visible, is held to `overwrite`.
 */
export function s3Delta(ctx: S3Context, bundle: PackedBundle): DeltaStorage {
  const { settings, bucket, guard, logger, client, cleanupClient } = ctx
  // The plan runs this check; again here, so no caller can store files that would all share one URL.
  checkDeltaSettings(settings)
  const prefix = deltaPrefixOf(planS3Location(settings, bundle).key)
  const values = { appId: bundle.appId, version: bundle.version }
  const asStored = (location: S3Location): StoredObject => ({ key: location.key, url: location.url, label: location.uri })
  /** Whether manifest.json existed before this run (overwrite: true): its old files are then replaced, not just added. */
  let replacingManifest = false

  /** What a failed upload throws: the cancel's reason after a cancel, else one line naming the object. */
  function uploadFailed(error: unknown, key: string, what: string): unknown {
    if (guard.signal.aborted) return guard.signal.reason
    const explained =
      error instanceof BundleError || statusOf(error) === 403
        ? explain(ctx, error, 'upload', { key, url: '', uri: `s3://${bucket}/${key}` }).message
        : `${describeS3Error(error)}.`
    return new BundleError('s3_upload_failed', `Uploading ${what} to s3://${bucket}/${key} failed: ${explained}`)
  }

  async function put(key: string, path: string, size: number, contentType: string, what: string): Promise<void> {
    if (size < MIN_PART_SIZE) return putOnce(key, path, size, contentType, what)
    const body = createReadStream(path)
    const upload = new Upload({
      client,
      queueSize: 1,
      partSize: MIN_PART_SIZE,
      params: {
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentLength: size,
        ContentType: contentType,
        CacheControl: settings.cacheControl || undefined,
      },
    })
    // Not aborted on cancel: a request already on the wire may still be stored by the server after the
    // clean-up deleted its key. The clean-up waits for it instead; no retry or new part starts after a cancel.
    try {
      await upload.done()
    } catch (error) {
      throw uploadFailed(error, key, what)
    } finally {
      body.destroy()
    }
  }

  /**
   * A file below one part (every delta file of a web build, in practice): one
   * PutObject of its bytes read whole. A lib-storage Upload per file left
   * more garbage per request (its chunker, emitter and copies) for the same
   * single PutObject; a Buffer body is also what the retry layer can send
   * again. Not aborted on cancel, as in put().
   */
  async function putOnce(key: string, path: string, size: number, contentType: string, what: string): Promise<void> {
    const bytes = await readFile(path)
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentLength: size,
          ContentType: contentType,
          CacheControl: settings.cacheControl || undefined,
        }),
      )
    } catch (error) {
      throw uploadFailed(error, key, what)
    } finally {
      dropped(bytes.length)
    }
  }

  /** The stored size by HeadObject, compared with `size`; with verify-upload, the stored bytes too. */
  async function confirm(key: string, path: string, size: number, what: string): Promise<void> {
    await confirmSizeOnly(key, size, what)
    if (settings.verifyUpload) await confirmBytes(key, path, what)
  }

  async function confirmSizeOnly(key: string, size: number, what: string): Promise<void> {
    const stored = await storedSize(ctx, key).catch((error: unknown) => {
      if (guard.signal.aborted) throw guard.signal.reason
      throw new BundleError(
        's3_confirm_failed',
        `Uploaded ${what} to s3://${bucket}/${key} but could not confirm it: ${describeS3Error(error)}.`,
      )
    })
    checkSize(key, stored, size, what)
  }

  function checkSize(key: string, stored: number | undefined, size: number, what: string): void {
    if (stored !== size)
      throw new BundleError(
        'stored_bundle_invalid',
        `s3://${bucket}/${key} holds ${stored ?? 'no'} bytes after the upload of ${what} instead of ${size}.`,
      )
  }

  /** verify-upload: the stored bytes, downloaded, hash as the local file does. */
  async function confirmBytes(key: string, path: string, what: string): Promise<void> {
    const expected = await sha256OfFile(path)
    const actual = await withRetry(
      () =>
        ctx.cancellable(async (options) => {
          const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), options)
          if (!Body) throw new Error(`GetObject returned no body for ${key}`)
          return sha256OfStream(Body as Readable)
        }),
      { ...ctx.retry, logger, what: `Downloading s3://${bucket}/${key} to verify it`, retryable: isRetryableS3Error, signal: guard.signal },
    ).catch((error: unknown) => {
      if (guard.signal.aborted) throw guard.signal.reason
      throw new BundleError('s3_verify_failed', `Could not download s3://${bucket}/${key} to verify ${what}: ${describeS3Error(error)}.`)
    })
    if (actual !== expected)
      throw new BundleError(
        'stored_bundle_invalid',
        `The stored copy at s3://${bucket}/${key} differs from ${what} (SHA-256 ${actual} instead of ${expected}); devices would reject it.`,
      )
  }

  return {
    async check(files: DeltaObjectFile[]) {
      const located = files.map((file) =>
        asStored(s3ObjectLocation(settings, { ...values, sha256: file.sha256 }, `${prefix}/delta/${file.sha256}_${file.fileName}`)),
      )
      const manifest = s3ObjectLocation(settings, { ...values, sha256: bundle.sha256 }, `${prefix}/manifest.json`)
      let existing: number | undefined
      try {
        existing = await storedSize(ctx, manifest.key)
      } catch (error) {
        if (statusOf(error) === 403 && settings.overwrite) {
          logger.warning(`Cannot tell whether ${manifest.uri} exists (HeadObject refused); overwrite is true, so uploading anyway.`)
          return { files: located, manifest: asStored(manifest) }
        }
        throw explain(ctx, error, 'HeadObject', manifest)
      }
      if (existing !== undefined) {
        if (!settings.overwrite) {
          throw new BundleError(
            'object_exists',
            `${manifest.uri} already exists: devices may be installing the files it lists. Publish a new version, delete ${manifest.uri} and the objects under s3://${bucket}/${prefix}/delta/, or set overwrite: true.`,
            'overwrite',
          )
        }
        replacingManifest = true
        logger.info(`${manifest.uri} exists and overwrite is true: it and its delta files will be replaced`)
      }
      return { files: located, manifest: asStored(manifest) }
    },

    // The sizes are confirmed once for all files by confirmFiles; verify-upload still downloads each file here.
    async putFile(file, target) {
      await put(target.key, file.path, file.size, DELTA_CONTENT_TYPE, file.fileName)
      if (settings.verifyUpload) await confirmBytes(target.key, file.path, file.fileName)
    },

    /**
     * Every file's stored size from a listing (1,000 keys a page) instead of
     * a HeadObject per file: half the requests of a 3,000-file delta, and with
     * them the SDK garbage that raised the run's peak memory. A key the
     * listing lacks (a store whose listings lag) is asked for by HeadObject.
     * ListObjects (v1, paged by Marker) rather than V2: every S3-compatible
     * store has it, and s3rver's V2 continuation token needs DES, which
     * OpenSSL 3 no longer offers.
     */
    async confirmFiles(files, targets) {
      const listed = `${prefix}/delta/`
      const sizes = new Map<string, number>()
      let marker: string | undefined
      do {
        const page = await ctx
          .cancellable((options) => client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: listed, Marker: marker }), options))
          .catch((error: unknown) => {
            if (guard.signal.aborted) throw guard.signal.reason
            throw new BundleError(
              's3_confirm_failed',
              `Uploaded ${files.length} delta files to s3://${bucket}/${listed} but could not list them to confirm their sizes: ${describeS3Error(error)}.`,
            )
          })
        for (const object of page.Contents ?? []) if (object.Key !== undefined) sizes.set(object.Key, object.Size ?? 0)
        marker = page.IsTruncated ? page.Contents?.at(-1)?.Key : undefined
      } while (marker)
      for (const [at, file] of files.entries()) {
        const { key } = targets[at]
        const stored = sizes.get(key)
        if (stored === undefined) {
          guard.signal.throwIfAborted()
          await confirmSizeOnly(key, file.size, file.fileName)
        } else checkSize(key, stored, file.size, file.fileName)
      }
    },

    async putManifest(path, size, target) {
      await put(target.key, path, size, MANIFEST_CONTENT_TYPE, 'manifest.json')
      await confirm(target.key, path, size, 'manifest.json')
    },

    async discard(stored, signal) {
      const failed: string[] = []
      for (let at = 0; at < stored.length; at += DELETE_BATCH) {
        const batch = stored.slice(at, at + DELETE_BATCH)
        try {
          const answer = await cleanupClient.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map(({ key }) => ({ Key: key })), Quiet: true } }),
            { abortSignal: signal },
          )
          for (const error of answer.Errors ?? []) if (error.Key) failed.push(error.Key)
        } catch (error) {
          logger.warning(`Could not delete delta objects under s3://${bucket}/${prefix}/: ${describeS3Error(error)}`)
          failed.push(...batch.map(({ key }) => key))
        }
      }
      const replaced = replacingManifest
        ? ` (overwrite: true replaced files the previous ${prefix}/manifest.json lists: publish this version again)`
        : ''
      if (failed.length) {
        return {
          left: `${failed.length} of the ${stored.length} delta objects this run stored stay under s3://${bucket}/${prefix}/, listed by no manifest${replaced}: delete them (aws s3 rm --recursive s3://${bucket}/${prefix}/delta/)`,
        }
      }
      logger.info(`Deleted the ${stored.length} delta objects this run stored under s3://${bucket}/${prefix}/`)
      return { cleaned: `deleted the ${stored.length} delta objects this run stored under s3://${bucket}/${prefix}/${replaced}` }
    },
  }
}
