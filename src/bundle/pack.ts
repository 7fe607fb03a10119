import { randomBytes } from 'node:crypto'
import { mkdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { ChecksumFormat, Logger, PackedBundle, SigningKey } from '../types.js'
import { packFailure } from './fs-errors.js'
import { IV_BYTES, sealSessionKey, SESSION_KEY_BYTES, signChecksumWith } from './format.js'
import { collectAll } from './memory.js'
import { HashAndEncryptSink, writeFileAtomically } from './streams.js'
import { listBuildFiles, writeZip, type BuildFile, type ZipStats } from './zip.js'

export interface PackOptions {
  buildDir: string
  appId: string
  version: string
  outputDir: string
  key: SigningKey
  checksumFormat: ChecksumFormat
  /** The walk already done by checkBuild, to avoid a second one. */
  files?: BuildFile[]
  /** Called after each file is in the zip, with its size: feeds the progress line. */
  onProgress?: (bytes: number, files: number) => void
  /** Watches the encrypted file while it is written (an upload overlapped with packing reads parts from it). */
  tap?: PackTap
}

/**
 * The encrypted file as it grows: its temporary path as soon as it exists
 * (open it then: it is renamed when complete, or removed on failure), then
 * how many bytes it holds after each write. Only these bytes are final;
 * the sizes and checksum are known once packBundle returns.
 */
export interface PackTap {
  opened(path: string): void
  flushed(bytes: number): void
}

export function bundleFileName(appId: string, version: string): string {
  return `${appId}_${version}.zip`
}

/**
 * walk → zip → SHA-256 + AES-128-CBC → file, in one streaming pass. The file
 * appears under its final name only when complete; on failure nothing is left.
 */
export async function packBundle(options: PackOptions, logger: Logger): Promise<PackedBundle> {
  const startedAt = performance.now()
  const startedCpu = process.cpuUsage()
  const files = options.files ?? (await listBuildFiles(options.buildDir))
  // What the plan left (the walk, the notifyAppReady scan) goes before the pack: V8 may not run a full
  // collection again until the end, and the heap it keeps stays resident all through the pack.
  collectAll()
  const fileName = bundleFileName(options.appId, options.version)
  const outputDir = resolve(options.outputDir)
  const target = join(outputDir, fileName)

  const sessionKey = randomBytes(SESSION_KEY_BYTES)
  const iv = randomBytes(IV_BYTES)
  const ivSessionKey = await sealSessionKey(options.key, sessionKey, iv)

  await mkdir(outputDir, { recursive: true })
  let stage: HashAndEncryptSink | undefined
  let zipStats: ZipStats | undefined
  try {
    await writeFileAtomically(target, async (file, partial) => {
      if (options.tap) {
        options.tap.opened(partial)
        file.onFlushed = options.tap.flushed.bind(options.tap)
      }
      stage = new HashAndEncryptSink(file, sessionKey, iv)
      zipStats = await writeZip(files, stage, options.onProgress && ((file) => options.onProgress?.(file.size, 1)))
      stage.end()
    })
  } catch (error) {
    throw packFailure(error, files, outputDir, stage?.cipherBytes)
  } finally {
    sessionKey.fill(0)
  }
  if (!stage) throw new Error('unreachable: no bytes were packed')
  collectAll()

  const sha256 = stage.hash.digest('hex')
  const cpu = process.cpuUsage(startedCpu)
  const wallMs = Math.round(performance.now() - startedAt)
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000)
  logger.debug(`packed ${files.length} files: zip ${stage.plainBytes} bytes, encrypted ${stage.cipherBytes} bytes`)
  const fed = zipStats ? `, two or more deflate jobs in flight ${Math.round(zipStats.twoJobsShare * 100)}% of the time` : ''
  logger.debug(`pack stage: ${wallMs} ms wall, ${cpuMs} ms CPU (${(cpuMs / Math.max(wallMs, 1)).toFixed(2)} cores busy${fed})`)
  const written = await stat(target)
  if (written.size !== stage.cipherBytes)
    throw new Error(`encrypted file size ${written.size} differs from bytes written ${stage.cipherBytes}`)

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
