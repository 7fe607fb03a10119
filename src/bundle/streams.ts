import { createCipheriv, createDecipheriv, createHash, randomUUID } from 'node:crypto'
import { closeSync, createWriteStream, openSync, readSync, writeSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Readable, Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CIPHER } from './format.js'
import { dropped } from './memory.js'

/**
 * Hashes the plaintext and, given a session key, encrypts it in the same pass,
 * so the zip is read once and never held in memory. Without a key it only
 * hashes and counts: the plaintext zip file is written through the same stage.
 */
export class HashAndEncrypt extends Transform {
  readonly hash = createHash('sha256')
  plainBytes = 0
  cipherBytes = 0
  private readonly cipher

  constructor(sessionKey?: Buffer, iv?: Buffer) {
    super()
    this.cipher = sessionKey && iv ? createCipheriv(CIPHER, sessionKey, iv) : undefined
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk)
    this.plainBytes += chunk.length
    this.forward(this.cipher ? this.cipher.update(chunk) : chunk)
    callback()
  }

  override _flush(callback: TransformCallback): void {
    if (this.cipher) this.forward(this.cipher.final())
    callback()
  }

  private forward(data: Buffer): void {
    this.cipherBytes += data.length
    if (data.length) this.push(data)
  }
}

/** `.` + name + `.` + UUID + `.partial`: what a temporary name adds to the final one, in bytes. */
export const PARTIAL_NAME_EXTRA_BYTES = 2 + 36 + '.partial'.length

export interface AtomicWriteOptions {
  mode?: number
  /** Runs after the last byte is written and before the file takes its name; throwing leaves nothing behind. */
  beforeCommit?: () => void | Promise<void>
}

/**
 * source → stage → file, where the file appears under its final name only
 * when complete and accepted: a crash or a failed check never leaves a
 * half-written bundle that looks finished.
 */
export async function writeAtomically(target: string, source: Readable, stage: Transform, options: AtomicWriteOptions = {}): Promise<void> {
  const partial = join(dirname(target), `.${basename(target)}.${randomUUID()}.partial`)
  try {
    await pipeline(source, stage, createWriteStream(partial, { flags: 'wx', mode: options.mode ?? 0o644 }))
    await options.beforeCommit?.()
    await rename(partial, target)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}

/**
 * Where the zip writer puts its bytes: synchronous, so the packer never waits
 * on a queued write behind deflate work. The writer may reuse `chunk` once
 * write returns: a sink that keeps bytes copies them.
 */
export interface ByteSink {
  write(chunk: Buffer): void
}

const FILE_WRITE_BUFFER = 1024 * 1024

/**
 * Appends to an open file through one reused 1 MiB buffer with writeSync: the
 * page cache takes it at memory speed, no write waits in the libuv queue
 * behind deflate jobs, and no per-chunk buffer outlives the call.
 */
export class FileSink implements ByteSink {
  bytes = 0
  /** Bytes in the file itself (bytes minus what the buffer still holds). */
  written = 0
  /** Told how many bytes the file holds after each write to it: an early upload reads parts up to there (issue 14). */
  onFlushed?: (written: number) => void
  private readonly buffer = Buffer.allocUnsafeSlow(FILE_WRITE_BUFFER)
  private used = 0

  constructor(private readonly fd: number) {}

  write(chunk: Buffer): void {
    this.bytes += chunk.length
    if (this.used + chunk.length > this.buffer.length) this.flush()
    if (chunk.length >= this.buffer.length) {
      writeAll(this.fd, chunk)
      this.written += chunk.length
      this.onFlushed?.(this.written)
      return
    }
    chunk.copy(this.buffer, this.used)
    this.used += chunk.length
  }

  flush(): void {
    if (!this.used) return
    writeAll(this.fd, this.buffer.subarray(0, this.used))
    this.written += this.used
    this.used = 0
    this.onFlushed?.(this.written)
  }
}

function writeAll(fd: number, data: Buffer): void {
  for (let at = 0; at < data.length;) at += writeSync(fd, data, at, data.length - at)
}

/** Hashes the plaintext and, given a session key, encrypts it on the way to `next`: the synchronous twin of HashAndEncrypt. */
export class HashAndEncryptSink implements ByteSink {
  readonly hash = createHash('sha256')
  plainBytes = 0
  cipherBytes = 0
  private readonly cipher

  constructor(
    private readonly next: ByteSink,
    sessionKey?: Buffer,
    iv?: Buffer,
  ) {
    this.cipher = sessionKey && iv ? createCipheriv(CIPHER, sessionKey, iv) : undefined
  }

  write(chunk: Buffer): void {
    this.hash.update(chunk)
    this.plainBytes += chunk.length
    this.forward(this.cipher ? this.cipher.update(chunk) : chunk)
  }

  end(): void {
    if (this.cipher) this.forward(this.cipher.final())
  }

  private forward(data: Buffer): void {
    this.cipherBytes += data.length
    if (data.length) this.next.write(data)
    if (this.cipher) dropped(data.length)
  }
}

/**
 * Like writeAtomically, for a producer that writes synchronously into a
 * FileSink: the file takes its final name only when `produce` resolved and
 * `beforeCommit` passed; on any failure nothing is left.
 */
export async function writeFileAtomically(
  target: string,
  produce: (sink: FileSink, partial: string) => Promise<void>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const partial = join(dirname(target), `.${basename(target)}.${randomUUID()}.partial`)
  let fd: number | undefined
  try {
    fd = openSync(partial, 'wx', options.mode ?? 0o644)
    const sink = new FileSink(fd)
    await produce(sink, partial)
    sink.flush()
    closeSync(fd)
    fd = undefined
    await options.beforeCommit?.()
    await rename(partial, target)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    await rm(partial, { force: true })
    throw error
  }
}

const DECRYPT_READ = 1024 * 1024

/**
 * The decrypted content of an AES-128-CBC file as a stream: 1 MiB synchronous
 * reads into one reused buffer, so the only allocation per step is the
 * plaintext chunk (fs streams add a buffer per read, and the pair let ~50 MB
 * of spent chunks pile up on a 100 MB bundle before V8 collected them).
 */
export function decryptedFile(path: string, sessionKey: Buffer, iv: Buffer): Readable {
  const decipher = createDecipheriv(CIPHER, sessionKey, iv)
  const buffer = Buffer.allocUnsafeSlow(DECRYPT_READ)
  let fd: number | undefined
  let position = 0
  const finish = () => {
    if (fd !== undefined) closeSync(fd)
    fd = undefined
  }
  return new Readable({
    highWaterMark: DECRYPT_READ,
    read() {
      try {
        fd ??= openSync(path, 'r')
        const read = readSync(fd, buffer, 0, buffer.length, position)
        position += read
        if (read === 0) {
          finish()
          this.push(decipher.final())
          this.push(null)
          return
        }
        const plain = decipher.update(buffer.subarray(0, read))
        dropped(plain.length)
        this.push(plain)
      } catch (error) {
        finish()
        this.destroy(error as Error)
      }
    },
    destroy(error, callback) {
      finish()
      callback(error)
    },
  })
}
