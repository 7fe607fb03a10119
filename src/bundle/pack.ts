import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ChecksumFormat, Logger, PackedBundle, SigningKey } from '../types.js'
import { CIPHER, encodeIvSessionKey, IV_BYTES, SESSION_KEY_BYTES, signChecksum } from './format.js'
import { createZipStream, listBuildFiles, type BuildFile } from './zip.js'

export interface PackOptions {
  buildDir: string
  appId: string
  version: string
  outputDir: string
  key: SigningKey
  checksumFormat: ChecksumFormat
  /** The walk already done by checkBuild, to avoid a second one. */
  files?: BuildFile[]
}

export function bundleFileName(appId: string, version: string): string {
  return `${appId}_${version}.zip`
}

/**
 * Hashes the plaintext and encrypts it in the same pass, so the zip is read
 * once and never written to disk or held in memory.
 */
class HashAndEncrypt extends Transform {
  readonly hash = createHash('sha256')
  plainBytes = 0
  cipherBytes = 0
  private readonly cipher

  constructor(sessionKey: Buffer, iv: Buffer) {
    super()
    this.cipher = createCipheriv(CIPHER, sessionKey, iv)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk)
    this.plainBytes += chunk.length
    this.forward(this.cipher.update(chunk))
    callback()
  }

  override _flush(callback: TransformCallback): void {
    this.forward(this.cipher.final())
    callback()
  }

  private forward(data: Buffer): void {
    this.cipherBytes += data.length
    if (data.length) this.push(data)
  }
}

/**
 * walk → zip → SHA-256 + AES-128-CBC → file, in one streaming pass. The file
 * appears under its final name only when complete; on failure nothing is left.
 */
export async function packBundle(options: PackOptions, logger: Logger): Promise<PackedBundle> {
  const files = options.files ?? (await listBuildFiles(options.buildDir))
  const fileName = bundleFileName(options.appId, options.version)
  const outputDir = resolve(options.outputDir)
  const target = join(outputDir, fileName)
  const partial = join(outputDir, `.${fileName}.${randomUUID()}.partial`)

  const sessionKey = randomBytes(SESSION_KEY_BYTES)
  const iv = randomBytes(IV_BYTES)
  const stage = new HashAndEncrypt(sessionKey, iv)
  const ivSessionKey = encodeIvSessionKey(options.key.privateKey, sessionKey, iv)

  await mkdir(outputDir, { recursive: true })
  try {
    await pipeline(createZipStream(files) as unknown as Readable, stage, createWriteStream(partial, { flags: 'wx', mode: 0o644 }))
    await rename(partial, target)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  } finally {
    sessionKey.fill(0)
  }

  const sha256 = stage.hash.digest('hex')
  logger.debug(`packed ${files.length} files: zip ${stage.plainBytes} bytes, encrypted ${stage.cipherBytes} bytes`)
  const written = await stat(target)
  if (written.size !== stage.cipherBytes) throw new Error(`encrypted file size ${written.size} differs from bytes written ${stage.cipherBytes}`)

  return {
    appId: options.appId,
    version: options.version,
    path: target,
    fileName,
    fileCount: files.length,
    zipSize: stage.plainBytes,
    bundleSize: stage.cipherBytes,
    sha256,
    checksum: signChecksum(options.key.privateKey, sha256, options.checksumFormat),
    checksumFormat: options.checksumFormat,
    ivSessionKey,
    keyId: options.key.keyId,
  }
}
