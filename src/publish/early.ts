import { closeSync, openSync, read } from 'node:fs'
import { bundleFileName, type PackTap } from '../bundle/pack.js'
import type { CancelGuard, Logger, Plan } from '../types.js'
import type { EarlyTarget, EarlyUpload, GrowingSource } from './backend.js'
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../cleanup.js'
import { createBackend, type Backend } from './index.js'

/**
 * The encrypted file while packBundle writes it (issue 14): what an upload
 * overlapped with packing reads its parts from. It opens the temporary file
 * as soon as it exists, so the rename at the end (or the removal after a
 * failure) does not pull it away; only bytes already written are read, so
 * no part ever holds more than its own bytes in memory.
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

  /** `length` bytes from `position`, which the file already holds; into the start of `into` when given (reused part buffers). */
  read(position: number, length: number, into?: Buffer): Promise<Buffer> {
    const fd = this.fd
    if (fd === undefined || this.closed) return Promise.reject(new Error('the bundle file is closed'))
    if (position + length > this.written)
      return Promise.reject(new Error(`unreachable: read past the written bytes (${position + length} > ${this.written})`))
    const buffer = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length)
    return new Promise((resolve, reject) => {
      const next = (at: number): void => {
        read(fd, buffer, at, length - at, position + at, (error, count) => {
          if (error) return reject(error)
          if (count === 0) return reject(new Error(`the bundle file ended at ${position + at} bytes`))
          if (at + count < length) return next(at + count)
          resolve(buffer)
        })
      }
      next(0)
    })
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
