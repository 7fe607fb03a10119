import { createCipheriv, createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CIPHER } from './format.js'

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
