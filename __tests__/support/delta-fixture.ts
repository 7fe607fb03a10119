import { createDecipheriv, createHash, createPublicKey } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { deltaCandidates, openDeltaSession, processDelta } from '../../src/bundle/delta.js'
import { CIPHER, parseIvSessionKey, recoverChecksum, recoverSessionKey } from '../../src/bundle/format.js'
import { parsePrivateKey } from '../../src/bundle/keys.js'
import { verifyManifest } from '../../src/bundle/verify-manifest.js'
import { listBuildFiles } from '../../src/bundle/zip.js'
import type { DeltaBundle, PackedBundle, SigningKey } from '../../src/types.js'

/** The run's delta files, made by src/bundle/delta.ts (delta-core) exactly as the pipeline makes them; `signing` is a key or a private PEM. */
export async function makeDeltaBundle(
  buildDir: string,
  bundle: PackedBundle,
  signing: SigningKey | string,
  outDir: string,
  options: { encrypted: boolean; brotli?: boolean },
): Promise<DeltaBundle> {
  const key = typeof signing === 'string' ? parsePrivateKey(signing, { info() {}, warning() {}, debug() {}, secret() {} }) : signing
  const files = await listBuildFiles(buildDir)
  const session = options.encrypted ? openDeltaSession(bundle.ivSessionKey, key.publicPem) : undefined
  try {
    return await processDelta({
      buildDir,
      settings: { encrypted: options.encrypted, brotli: options.brotli !== false, brotliExclude: [], candidates: deltaCandidates(files) },
      key,
      checksumFormat: bundle.checksumFormat,
      session,
      outDir,
    })
  } finally {
    session?.key.fill(0)
  }
}

/**
 * delta-core's verifier (the one `capgo-bundle verify --manifest --files` runs)
 * over bytes held by a test server: each entry's stored bytes are written to
 * a file and checked as a device would.
 */
export async function verifyStored(
  entries: ManifestEntryLike[],
  bytesOf: (entry: ManifestEntryLike) => Buffer | undefined,
  session: { ivSessionKey: string; publicKey: string } | undefined,
  dir: string,
): Promise<void> {
  await mkdir(dir, { recursive: true })
  const checked = await Promise.all(
    entries.map(async (entry, index) => {
      const path = join(dir, String(index))
      await writeFile(path, bytesOf(entry) ?? Buffer.alloc(0))
      return { fileName: entry.file_name, fileHash: entry.file_hash, path }
    }),
  )
  await verifyManifest({ entries: checked, ivSessionKey: session?.ivSessionKey, publicKey: session?.publicKey })
}

function sessionOf(bundle: Pick<PackedBundle, 'ivSessionKey' | 'publicKey'>): { K: Buffer; iv: Buffer } {
  const { iv, encryptedKey } = parseIvSessionKey(bundle.ivSessionKey)
  return { K: recoverSessionKey(createPublicKey(bundle.publicKey), encryptedKey), iv }
}

export interface ManifestEntryLike {
  file_name: string
  file_hash: string
  s3_path?: string
}

/**
 * An independent check, written from capgo-format.md with node:crypto (so the
 * tests do not check delta-core with itself): what a device does with each entry: decrypt with the session key (when the
 * app has a public key and the entry is encrypted), un-Brotli `.br`, and
 * compare the SHA-256 with the one recovered from file_hash (or the plain hex
 * hash). Returns the installed tree: name without .br → bytes.
 */
export function verifyAsDevice(
  entries: ManifestEntryLike[],
  bytesOf: (entry: ManifestEntryLike) => Buffer | undefined,
  session: { ivSessionKey: string; publicKey: string } | undefined,
): Map<string, Buffer> {
  const installed = new Map<string, Buffer>()
  const key = session ? sessionOf(session) : undefined
  for (const entry of entries) {
    const name = entry.file_name.endsWith('.br') ? entry.file_name.slice(0, -3) : entry.file_name
    if (name.split('/').includes('..') || name.includes('\\') || name.startsWith('/') || installed.has(name))
      throw new Error(`bad path ${entry.file_name}`)
    let body = bytesOf(entry)
    if (!body) throw new Error(`no stored bytes for ${entry.file_name}`)
    if (key) {
      const decipher = createDecipheriv(CIPHER, key.K, key.iv)
      body = Buffer.concat([decipher.update(body), decipher.final()])
    }
    if (entry.file_name.endsWith('.br')) body = brotliDecompressSync(body)
    const digest = createHash('sha256').update(body)
    if (session) {
      const { expectedSha256, format } = recoverChecksum(createPublicKey(session.publicKey), entry.file_hash)
      if (digest.digest(format === 'v3' ? 'hex' : 'base64') !== expectedSha256) throw new Error(`hash mismatch for ${entry.file_name}`)
    } else if (digest.digest('hex') !== entry.file_hash) throw new Error(`hash mismatch for ${entry.file_name}`)
    installed.set(name, body)
  }
  return installed
}
