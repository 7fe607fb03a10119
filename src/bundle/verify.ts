import { createDecipheriv, createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Transform, Writable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { BundleError } from '../errors.js'
import type { ChecksumFormat } from '../types.js'
import { ChecksumError, CIPHER, parseIvSessionKey, recoverChecksum, recoverSessionKey, SessionKeyError } from './format.js'
import { parsePublicKey } from './keys.js'
import { decryptedFile } from './streams.js'
import { CENTRAL_DIRECTORY_TAIL, checkZipStructure, isZipProblem, Tail, type UnzipFailure } from './zip-check.js'

/** The statistics names devices report when they drop a bundle. */
export type DeviceFailure = 'decrypt_fail' | 'checksum_fail' | UnzipFailure

/** A device would reject this bundle; `reason` is what it would report. */
export class DeviceRejection extends BundleError {
  readonly reason: DeviceFailure
  constructor(reason: DeviceFailure, detail: string) {
    super(`device_${reason}`, `devices would reject this bundle (${reason}): ${detail}`)
    this.reason = reason
  }
}

export interface VerifyOptions {
  /** The encrypted file, as devices download it. */
  file: string
  ivSessionKey: string
  /** The signed checksum; without it only decryption is checked (decrypt with no --checksum). */
  checksum?: string
  /** The public key the app carries (PEM text). */
  publicKey: string
  /** Also write the decrypted zip here (complete or not at all). */
  writeTo?: string
}

export interface VerifyResult {
  sha256: string
  /** The format of the checksum that was checked; absent when none was given. */
  checksumFormat?: ChecksumFormat
  zipSize: number
  /** Zip entries whose name and layout were checked: all of them. */
  entries: number
}

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04])

/**
 * Does what @capgo/capacitor-updater does with a downloaded bundle, step by
 * step, written from capgo-format.md rather than from our own encoder, so a
 * mistake in one is not mirrored in the other.
 */
export async function verifyBundle(options: VerifyOptions): Promise<VerifyResult> {
  const publicKey = parsePublicKey(options.publicKey, 'the public key')
  if (publicKey.form !== 'pkcs1') {
    throw new DeviceRejection(
      'checksum_fail',
      'the public key is SPKI ("BEGIN PUBLIC KEY"); Android skips decryption with it and then fails the checksum',
    )
  }

  let sessionKey: Buffer
  let iv: Buffer
  try {
    const parsed = parseIvSessionKey(options.ivSessionKey)
    iv = parsed.iv
    sessionKey = recoverSessionKey(publicKey.key, parsed.encryptedKey)
  } catch (error) {
    if (error instanceof SessionKeyError) throw new DeviceRejection('decrypt_fail', error.message)
    throw error
  }

  let expected: { expectedSha256: string; format: ChecksumFormat } | undefined
  try {
    if (options.checksum !== undefined) expected = recoverChecksum(publicKey.key, options.checksum.trim())
  } catch (error) {
    if (error instanceof ChecksumError) throw new DeviceRejection('checksum_fail', error.message)
    throw error
  }

  const hash = createHash('sha256')
  let zipSize = 0
  let head = Buffer.alloc(0)
  const tail = new Tail(CENTRAL_DIRECTORY_TAIL)
  const measure = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk)
      zipSize += chunk.length
      if (head.length < ZIP_LOCAL_HEADER.length) head = Buffer.concat([head, chunk.subarray(0, ZIP_LOCAL_HEADER.length)])
      tail.push(chunk)
      callback(null, chunk)
    },
  })
  const partial = options.writeTo ? join(dirname(options.writeTo), `.${basename(options.writeTo)}.${randomUUID()}.partial`) : undefined
  const sink = partial ? createWriteStream(partial, { flags: 'wx' }) : discard()

  try {
    await pipeline(decryptedFile(options.file, sessionKey, iv), measure, sink)
  } catch (error) {
    if (partial) await rm(partial, { force: true })
    const code = (error as { code?: string }).code ?? ''
    if (code.startsWith('ERR_OSSL') || /bad decrypt|wrong final block/i.test(String(error))) {
      throw new DeviceRejection('decrypt_fail', 'AES-128-CBC decryption failed (bad padding): the file or the session key was changed')
    }
    throw error
  }

  const actual = hash.digest('hex')
  const fail = async (reason: DeviceFailure, detail: string): Promise<never> => {
    if (partial) await rm(partial, { force: true })
    throw new DeviceRejection(reason, detail)
  }
  if (expected && actual !== expected.expectedSha256) {
    await fail('checksum_fail', `the decrypted zip's SHA-256 (${actual}) differs from the signed checksum (${expected.format})`)
  }
  if (!head.subarray(0, ZIP_LOCAL_HEADER.length).equals(ZIP_LOCAL_HEADER)) {
    await fail('unzip_fail', 'the decrypted data is not a zip file')
  }
  const { data, start } = tail.read(zipSize)
  const structure = await checkZipStructure(data, start, (offset) => decryptFrom(options.file, sessionKey, iv, offset))
  if (isZipProblem(structure)) return fail(structure.reason, structure.detail)
  if (partial && options.writeTo) await rename(partial, options.writeTo)
  return { sha256: actual, checksumFormat: expected?.format, zipSize, entries: structure.entries }
}

const BLOCK = 16

/** The plaintext from `offset` on, decrypting from the enclosing CBC block: the ciphertext block before it is that block's IV. */
async function* decryptFrom(file: string, sessionKey: Buffer, iv: Buffer, offset: number): AsyncGenerator<Buffer> {
  const block = Math.floor(offset / BLOCK)
  let blockIv = iv
  if (block > 0) {
    const handle = await open(file, 'r')
    try {
      blockIv = Buffer.alloc(BLOCK)
      await handle.read(blockIv, 0, BLOCK, (block - 1) * BLOCK)
    } finally {
      await handle.close()
    }
  }
  const source = createReadStream(file, { start: block * BLOCK })
  let skip = offset - block * BLOCK
  try {
    for await (const chunk of source.pipe(createDecipheriv(CIPHER, sessionKey, blockIv)) as AsyncIterable<Buffer>) {
      if (skip >= chunk.length) {
        skip -= chunk.length
        continue
      }
      yield skip ? chunk.subarray(skip) : chunk
      skip = 0
    }
  } finally {
    source.destroy()
  }
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() })
}
