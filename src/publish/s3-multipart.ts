import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import { withRequestSignal } from '../abort.js'
import type { CancelGuard, Logger, PackedBundle, UndoResult } from '../types.js'
import type { EarlyTarget, EarlyUpload, GrowingSource } from './backend.js'
import { checkBucket, checkObject } from './s3-check.js'
import {
  DEFAULT_PART_SIZE,
  describeCommand,
  describeS3Error,
  isRetryableS3Error,
  MAX_PARTS,
  MIN_PART_SIZE,
  storedSize,
  type S3Context,
} from './s3-client.js'
import { discardObject } from './s3-discard.js'
import { planS3Location, type S3Location } from './s3-settings.js'
import { abortMultipart, uploadFailure } from './s3-upload.js'
import { withRetry } from './retry.js'

export type AbortOutcome = 'none' | 'aborted' | 'failed'

/** What the S3 backend (s3.ts) lends the overlapped multipart upload. */
export interface MultipartContext {
  client: S3Client
  bucket: string
  location: S3Location
  partSize: number
  /** Parts in flight at once; each streams its bytes from the file, a chunk at a time. */
  queueSize: number
  contentType: string
  cacheControl?: string
  /** Attempts per part (the client's retry layer does not replay streamed bodies). */
  retry: { attempts: number; baseDelayMs: number }
  /** '*' unless overwrite: the Complete refuses to replace an object that appeared meanwhile. */
  ifNoneMatch?: string
  /** CRC32 per part, as lib-storage asks of AWS (requestChecksumCalculation WHEN_SUPPORTED). */
  checksums: boolean
  /** The read-only checks (bucket, object absent or overwrite): no byte is sent before they pass. */
  checked: Promise<void>
  guard: CancelGuard
  logger: Logger
  /** AbortMultipartUpload on the clean-up client, logged. */
  abortUpload(uploadId: string, signal?: AbortSignal): Promise<AbortOutcome>
  /** After a cancel during Complete: removes the object if the Complete went through. */
  discardIfPresent(signal: AbortSignal): Promise<UndoResult>
}

/**
 * An S3 multipart upload that runs while the bundle is packed (issue 14).
 * Parts are streamed from the encrypted file once their bytes reach it, at
 * most `queueSize` in flight, so memory stays at a few chunks per part
 * whatever the bundle size. The object appears only at CompleteMultipartUpload, which `complete`
 * sends once publish has verified the bundle and settled every other
 * precondition; until then, and after any failure or cancel, the upload is
 * aborted and its parts deleted.
 *
 * The object's size and checksum are known only at the end, and S3 needs
 * neither up front: parts carry their own Content-Length (and CRC32 on AWS),
 * the object's metadata (type, cache-control) is fixed, and the size is
 * confirmed after Complete as for the sequential upload. A bundle that fits
 * in one part is left to the sequential single PUT after verify: the first
 * part goes only once a second one is certain.
 */
export class S3OverlappedMultipart implements EarlyUpload {
  uploadId?: string
  /** Bytes sent (or in flight) before packing finished; for the log line and the tests. */
  sentWhilePacking = 0
  private offset = 0
  private partNumber = 0
  private readonly parts: CompletedPart[] = []
  private readonly inFlight = new Set<Promise<void>>()
  private failure?: { error: unknown }
  private state: 'sending' | 'completing' | 'completed' | 'withdrawn' = 'sending'
  private readonly stop = new AbortController()
  private readonly signal: AbortSignal
  private dropUndo?: () => void
  private readonly sending: Promise<void>
  /** Resolves when sending must stop (withdraw, a failed part, cancel). */
  private readonly aborted: Promise<void>

  constructor(
    private readonly ctx: MultipartContext,
    private readonly source: GrowingSource,
  ) {
    this.signal = AbortSignal.any([ctx.guard.signal, this.stop.signal])
    this.aborted = new Promise((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }))
    this.sending = this.send().catch((error: unknown) => {
      this.failure ??= { error }
    })
  }

  private get stopped(): boolean {
    return this.state === 'withdrawn' || this.signal.aborted || this.source.closed
  }

  private async send(): Promise<void> {
    const { partSize, queueSize } = this.ctx
    await this.ctx.checked
    while (!this.stopped && !this.failure) {
      const total = this.source.total
      if (total !== undefined && this.offset >= total) break
      // A bundle of one part goes as a single PUT after verify.
      if (this.partNumber === 0 && total !== undefined && total <= partSize) break
      if (this.inFlight.size >= queueSize) {
        await Promise.race(this.inFlight)
        continue
      }
      const length = total === undefined ? partSize : Math.min(partSize, total - this.offset)
      // The first part waits until a second is certain (more than one part written).
      const needed = this.partNumber === 0 && total === undefined ? partSize + 1 : this.offset + length
      if (this.source.written < needed) {
        await Promise.race([this.source.changed(), this.aborted])
        continue
      }
      if (!this.uploadId) await this.create()
      if (this.stopped) break
      const number = ++this.partNumber
      const position = this.offset
      this.offset += length
      if (total === undefined) this.sentWhilePacking = this.offset
      const job: Promise<void> = this.sendPart(number, position, length).finally(() => this.inFlight.delete(job))
      this.inFlight.add(job)
    }
    await Promise.all(this.inFlight)
  }

  private async create(): Promise<void> {
    const { client, bucket, location, logger } = this.ctx
    const created = await client.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: location.key,
        ContentType: this.ctx.contentType,
        CacheControl: this.ctx.cacheControl,
        ChecksumAlgorithm: this.ctx.checksums ? 'CRC32' : undefined,
      }),
      // Not this.signal: a withdraw waits for the answer, so the upload id it creates is known and aborted.
      { abortSignal: this.ctx.guard.signal },
    )
    if (!created.UploadId) throw new Error('CreateMultipartUpload returned no upload id')
    this.uploadId = created.UploadId
    this.dropUndo = this.ctx.guard.add(`the multipart upload to ${location.uri}`, (signal) => this.undo(signal))
    logger.info(
      `Uploading to ${location.uri} while packing: multipart, ${Math.round(this.ctx.partSize / 1024 / 1024)} MiB parts; nothing is visible until the bundle is verified`,
    )
  }

  /**
   * One part, streamed from the growing file: a request in flight holds a
   * few 64 KiB chunks, not its 5 MiB, and the SDK sends a streamed body
   * without hashing it first (UNSIGNED-PAYLOAD over TLS; parts carry CRC32
   * on AWS). A stream is spent by its attempt, so retries are made here,
   * each with a fresh one; the client's retry layer leaves streamed bodies
   * to their caller.
   */
  private async sendPart(number: number, position: number, length: number): Promise<void> {
    const { client, bucket, location, retry, logger } = this.ctx
    try {
      const result = await withRetry(
        () =>
          withRequestSignal(this.signal, (abortSignal) =>
            client.send(
              new UploadPartCommand({
                Bucket: bucket,
                Key: location.key,
                UploadId: this.uploadId,
                PartNumber: number,
                Body: this.source.stream(position, length) as Readable,
                ContentLength: length,
                ChecksumAlgorithm: this.ctx.checksums ? 'CRC32' : undefined,
              }),
              { abortSignal },
            ),
          ),
        {
          ...retry,
          logger,
          what: describeCommand('UploadPartCommand', { PartNumber: number }, location.uri),
          retryable: isRetryableS3Error,
          signal: this.signal,
        },
      )
      if (!result.ETag) throw new Error(`UploadPart ${number} returned no ETag`)
      this.parts.push({ PartNumber: number, ETag: result.ETag, ...(result.ChecksumCRC32 ? { ChecksumCRC32: result.ChecksumCRC32 } : {}) })
    } catch (error) {
      this.failure ??= { error }
      this.stop.abort()
    }
  }

  /**
   * After verify and every precondition: waits for the last parts, then
   * CompleteMultipartUpload. False when nothing was sent (a one-part bundle:
   * the caller PUTs it). Throws what failed; the caller aborts and explains.
   */
  async complete(): Promise<boolean> {
    if (this.source.total === undefined) throw new Error('unreachable: completing an upload before packing finished')
    await this.sending
    if (this.failure) throw this.failure.error
    if (this.ctx.guard.signal.aborted) throw this.ctx.guard.signal.reason
    if (!this.uploadId) {
      this.state = 'withdrawn'
      return false
    }
    const { location, logger } = this.ctx
    const parts = [...this.parts].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0))
    logger.info(
      `Sent ${parts.length} parts (${this.offset} bytes) to ${location.uri}, ${this.sentWhilePacking} bytes of them while packing; completing the upload now that the bundle is verified`,
    )
    this.state = 'completing'
    await this.ctx.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.ctx.bucket,
        Key: location.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: parts },
        IfNoneMatch: this.ctx.ifNoneMatch,
      }),
      { abortSignal: this.ctx.guard.signal },
    )
    this.state = 'completed'
    this.dropUndo?.()
    return true
  }

  /** Stops sending and aborts the multipart upload (parts deleted). A no-op once completed or completing. */
  abort(signal?: AbortSignal): Promise<AbortOutcome> {
    if (this.state === 'completed' || this.state === 'completing') return Promise.resolve('none')
    this.state = 'withdrawn'
    this.aborting ??= (async () => {
      this.stop.abort()
      await this.sending
      this.dropUndo?.()
      const uploadId = this.uploadId
      return uploadId ? this.ctx.abortUpload(uploadId, signal) : 'none'
    })()
    return this.aborting
  }

  private aborting?: Promise<AbortOutcome>

  /** After a failed Complete the caller aborts and explains: the guard no longer needs to. */
  release(): void {
    this.state = 'withdrawn'
    this.aborting = Promise.resolve('none')
    this.dropUndo?.()
  }

  async withdraw(): Promise<void> {
    await this.abort()
  }

  /** The guard's undo on cancel. */
  private async undo(signal: AbortSignal): Promise<UndoResult> {
    const { bucket, location } = this.ctx
    const uploadId = this.uploadId
    if (this.state === 'completing' && uploadId) {
      // Cancelled while the object was being assembled: abort what may remain, delete what may have appeared.
      const aborted = await this.ctx.abortUpload(uploadId, signal)
      const object = await this.ctx.discardIfPresent(signal)
      return {
        cleaned:
          [aborted === 'aborted' ? `aborted the multipart upload to ${location.uri}` : undefined, object.cleaned]
            .filter(Boolean)
            .join(', ') || undefined,
        left: object.left,
      }
    }
    const outcome = await this.abort(signal)
    if (outcome === 'failed') {
      return {
        left: `the multipart upload ${uploadId} to ${location.uri} (abort it: aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId})`,
      }
    }
    return outcome === 'aborted' ? { cleaned: `aborted the multipart upload to ${location.uri}` } : {}
  }
}

const MiB = 1024 * 1024

/**
 * Parts in flight. Streamed parts cost a few chunks each, not their 5 MiB
 * (lib-storage's DEFAULT_QUEUE_SIZE of 2 is set by its buffering), so more of
 * them can cover each part's round trips (headers, the server storing it,
 * the answer). Measured (bench-e2e, 100 MB, 50 MB/s proxy, loaded machine):
 * with 2 in flight 47% of the bundle was sent by the end of packing and the
 * run took 3.9-4.9 s; with 8, 94% and 3.5-3.6 s, at the same peak RSS.
 */
const OVERLAPPED_QUEUE_SIZE = 8

/** An overlapped upload and the key it goes to: `put` completes it only for that key. */
export interface S3Overlapped {
  key: string
  upload: S3OverlappedMultipart
  /** The read-only checks it ran before its first part: `check` reuses their outcome instead of asking again. */
  checked: Promise<void>
}

/**
 * The S3 backend's startEarly: the same read-only checks as `check` (HeadBucket,
 * HeadObject: absent, or overwrite) gate the first part. Undefined when the
 * key depends on the content ({sha256}), which only packing can tell.
 */
export function startS3Overlapped(ctx: S3Context, target: EarlyTarget, source: GrowingSource): S3Overlapped | undefined {
  const { settings, options } = ctx
  const location = planS3Location(settings, { appId: target.appId, version: target.version, sha256: '0'.repeat(64) })
  if (planS3Location(settings, { appId: target.appId, version: target.version, sha256: 'f'.repeat(64) }).key !== location.key)
    return undefined
  const checked = (async () => {
    await checkBucket(ctx, location)
    await checkObject(ctx, location)
  })()
  // Its failure stops the sending; publish's own check() then reports it in its usual place.
  checked.catch(() => undefined)
  const upload = new S3OverlappedMultipart(
    {
      client: ctx.client,
      bucket: ctx.bucket,
      location,
      // The part size is fixed before the bundle's size is known: the build's size, plus a margin for
      // zip headers and stored-entry overhead, bounds it, so parts stay within S3's 10,000 (past ~48 GB).
      partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE, Math.ceil((target.estimatedBytes * 1.1 + MiB) / MAX_PARTS)),
      queueSize: options.queueSize ?? OVERLAPPED_QUEUE_SIZE,
      retry: ctx.retry,
      contentType: 'application/zip',
      cacheControl: settings.cacheControl || undefined,
      ifNoneMatch: settings.overwrite ? undefined : '*',
      // As the client's requestChecksumCalculation: WHEN_SUPPORTED on AWS only.
      checksums: !ctx.endpoint,
      checked,
      guard: ctx.guard,
      logger: ctx.logger,
      abortUpload: (uploadId, signal) => abortMultipart(ctx, uploadId, location, signal),
      discardIfPresent: async (signal) =>
        (await storedSize(ctx, location.key, ctx.cleanupClient).catch(() => undefined)) !== undefined
          ? discardObject(ctx, location, signal)
          : {},
    },
    source,
  )
  return { key: location.key, upload, checked }
}

/**
 * In `put`, after verify and every precondition: completes the overlapped
 * upload. False when it sent nothing (a one-part bundle: `put` uploads it
 * as before). Failures are handled as uploadObject handles them.
 */
export async function completeS3Overlapped(
  ctx: S3Context,
  upload: S3OverlappedMultipart,
  bundle: PackedBundle,
  location: S3Location,
): Promise<boolean> {
  const { guard, replacing, logger } = ctx
  try {
    return await upload.complete()
  } catch (error) {
    if (guard.signal.aborted) throw guard.signal.reason
    upload.release()
    // As in uploadObject: a Complete whose answer was lost may have stored the object.
    if (
      upload.uploadId &&
      !replacing.has(location.key) &&
      (await storedSize(ctx, location.key, ctx.cleanupClient).catch(() => undefined)) === bundle.bundleSize
    ) {
      logger.info(`${location.uri} holds the whole bundle although the upload reported ${describeS3Error(error)}; carrying on`)
      return true
    }
    const abort = await abortMultipart(ctx, upload.uploadId, location)
    throw await uploadFailure(ctx, error, location, upload.uploadId, abort)
  }
}
