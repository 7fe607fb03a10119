import { randomBytes } from 'node:crypto'
import { mkdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { ChecksumFormat, Logger, PackedBundle, SigningKey } from '../types.js'
import { packFailure } from './fs-errors.js'
import { IV_BYTES, sealSessionKey, SESSION_KEY_BYTES, signChecksumWith } from './format.js'
import { HashAndEncrypt, writeAtomically } from './streams.js'
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
 * walk → zip → SHA-256 + AES-128-CBC → file, in one streaming pass. The file
 * appears under its final name only when complete; on failure nothing is left.
 */
export async function packBundle(options: PackOptions, logger: Logger): Promise<PackedBundle> {
  const files = options.files ?? (await listBuildFiles(options.buildDir))
  const fileName = bundleFileName(options.appId, options.version)
  const outputDir = resolve(options.outputDir)
  const target = join(outputDir, fileName)

  const sessionKey = randomBytes(SESSION_KEY_BYTES)
  const iv = randomBytes(IV_BYTES)
  const stage = new HashAndEncrypt(sessionKey, iv)
  const ivSessionKey = await sealSessionKey(options.key, sessionKey, iv)

  await mkdir(outputDir, { recursive: true })
  try {
    await writeAtomically(target, createZipStream(files), stage)
  } catch (error) {
    throw packFailure(error, files, outputDir, stage.cipherBytes)
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
    checksum: await signChecksumWith(options.key, sha256, options.checksumFormat),
    checksumFormat: options.checksumFormat,
    ivSessionKey,
    keyId: options.key.keyId,
    publicKey: options.key.publicPem,
  }
}
