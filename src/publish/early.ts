import { closeSync, openSync, readSync } from 'node:fs'
import { Readable } from 'node:stream'
import { dropped } from '../bundle/memory.js'
import { bundleFileName, type PackTap } from '../bundle/pack.js'
import type { CancelGuard, Logger, Plan } from '../types.js'
import type { EarlyTarget, EarlyUpload, GrowingSource } from './backend.js'
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../cleanup.js'
import { createBackend, type Backend } from './index.js'

/** Chunk of a part stream: the socket time-out sees progress per write, and a request in flight holds little. */
const STREAM_CHUNK_BYTES = 64 * 1024

/**
 * The encrypted file while packBundle writes it (issue 14): what an upload
 * overlapped with packing reads its parts from. It opens the temporary file
 * as soon as it exists, so the rename at the end (or the removal after a
 * failure) does not pull it away; only bytes already written are read, a
 * chunk at a time as the request sends them.
 */
export class GrowingFile implements PackTap, GrowingSource {
  /** Bytes in the file so far. */
  written = 0
  /** The final size, once packing succeeded. */
  total?: number
  /** Set when packing failed or the run ended: readers stop. */
  closed = false
  private fd?: number
  private waiters: (() => void)[] = []

  opened(path: string): void {
    this.fd = openSync(path, 'r')
  }

  flushed(bytes: number): void {
    this.written = bytes
    this.wake()
  }

  /** Packing finished: the file holds `bytes` bytes, and no more will come. */
  end(bytes: number): void {
    this.written = bytes
    this.total = bytes
    this.wake()
  }

  /** Stops readers and releases the descriptor; idempotent. */
  close(): void {
    this.closed = true
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
    this.wake()
  }

  /** Resolves at the next change (bytes written, end, close). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /**
   * `length` bytes from `position`, which the file already holds, read as the
   * request takes them. Reads are synchronous, from the page cache the pack
   * just wrote: asynchronous ones would wait on the libuv pool behind the
   * pack's deflate jobs, a few milliseconds per chunk.
   */
  stream(position: number, length: number): Readable {
    let at = 0
    const stream: Readable = new Readable({
      highWaterMark: STREAM_CHUNK_BYTES,
      read: () => {
        try {
          if (at >= length) return void stream.push(null)
          if (this.fd === undefined || this.closed) throw new Error('the bundle file is closed')
          if (position + length > this.written)
            throw new Error(`unreachable: read past the written bytes (${position + length} > ${this.written})`)
          const chunk = Buffer.allocUnsafe(Math.min(STREAM_CHUNK_BYTES, length - at))
          const count = readSync(this.fd, chunk, 0, chunk.length, position + at)
          if (count === 0) throw new Error(`the bundle file ended at ${position + at} bytes`)
          at += count
          // Sent, then garbage: counted, so the young generation is collected before such chunks pile up.
          dropped(count)
          stream.push(count === chunk.length ? chunk : chunk.subarray(0, count))
        } catch (error) {
          stream.destroy(error as Error)
        }
      },
    })
    return stream
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}

/** An upload overlapped with packing, as the pipeline drives it. */
export interface OverlappedUpload {
  /** Give this to packBundle. */
  tap: PackTap
  /** The backend holding the upload: publish uses it, so its `put` completes what was sent. */
  backend: Promise<Backend | undefined>
  /** Packing succeeded with a file of `bytes` bytes. */
  packed(bytes: number): void
  /** Withdraws whatever was sent unless `put` completed it (then a no-op); call when the run ends either way. */
  settle(): Promise<void>
}

/**
 * Starts an upload that runs while the bundle is packed, for a backend whose
 * protocol keeps everything invisible until a final call (S3 multipart; a
 * single PUT or a presigned URL cannot be withdrawn, so those stay after
 * verify). Undefined when the storage cannot, or the run makes no upload.
 * The backend's read-only checks run before its first byte is sent; what
 * depends on the bundle's content (Capgo's decisions, checksum) waits for
 * publish, which runs after verify, and only then is anything completed.
 */
export function startOverlappedUpload(
  plan: Plan,
  logger: Logger,
  guard: CancelGuard,
  create: typeof createBackend = createBackend,
): OverlappedUpload | undefined {
  const { storage } = plan
  // delta: only stores no zip, so there is nothing to send early.
  if (plan.dryRun || storage.kind !== 's3' || plan.delta?.mode === 'only') return undefined
  const file = new GrowingFile()
  const target: EarlyTarget = {
    appId: plan.appId,
    version: plan.version,
    fileName: bundleFileName(plan.appId, plan.version),
    estimatedBytes: plan.build.totalBytes,
  }
  let upload: EarlyUpload | undefined
  const backend = (async () => {
    const made = await create(storage, logger, { requestTimeoutMs: plan.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, guard })
    upload = made.startEarly?.(target, file)
    return upload ? made : undefined
  })()
  // A failure to load or configure the backend shows again, in its place, when publish creates one.
  backend.catch((error: unknown) => logger.debug(`no upload during packing: ${error instanceof Error ? error.message : String(error)}`))
  return {
    tap: file,
    backend: backend.catch(() => undefined),
    packed: (bytes) => file.end(bytes),
    async settle() {
      await backend.catch(() => undefined)
      try {
        await upload?.withdraw()
      } finally {
        file.close()
      }
    },
  }
}
