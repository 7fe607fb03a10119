import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import { CIPHER, parseIvSessionKey, recoverChecksum, recoverSessionKey, signChecksum } from '../../src/bundle/format.js'
import type { DeltaBundle, DeltaFile, PackedBundle } from '../../src/types.js'

/**
 * Delta files made by hand for the Capgo tests, from the rules of
 * capgo-format.md "Delta (manifest) updates" (the official skip list, Brotli
 * at >= 8192 bytes when it saves > 10 bytes, AES-128-CBC with the bundle's K
 * and IV, file_hash signed in the bundle's format), independent of
 * src/bundle/delta.ts so the tests do not check the code with itself.
 */
export async function makeDeltaBundle(
  buildDir: string,
  bundle: PackedBundle,
  privatePem: string,
  outDir: string,
  options: { encrypted: boolean; brotli?: boolean },
): Promise<DeltaBundle> {
  const { K, iv } = sessionOf(bundle)
  const files: DeltaFile[] = []
  for (const name of await walk(buildDir)) {
    if (SKIPPED.some((part) => name.includes(part))) continue
    const original = await readFile(join(buildDir, name))
    if (original.length === 0) continue
    const sha256 = createHash('sha256').update(original).digest('hex')
    let body = original
    let fileName = name
    if (options.brotli !== false && original.length >= 8192) {
      const compressed = brotliCompressSync(original)
      if (compressed.length < original.length - 10) {
        body = compressed
        fileName = `${name}.br`
      }
    }
    if (options.encrypted) {
      const cipher = createCipheriv(CIPHER, K, iv)
      body = Buffer.concat([cipher.update(body), cipher.final()])
    }
    const fileHash = options.encrypted ? signChecksum(createPrivateKey(privatePem), sha256, bundle.checksumFormat) : sha256
    const path = join(outDir, fileName)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, body)
    files.push({ fileName, sha256, fileHash, path, size: body.length })
  }
  return { encrypted: options.encrypted, dir: outDir, files, bytes: files.reduce((sum, file) => sum + file.size, 0) }
}

const SKIPPED = ['.DS_Store', '.git', '.gitignore', 'node_modules', 'package-lock.json', 'tsconfig.json', 'tsconfig.app.json', 'tsconfig.spec.json']

/** Posix relative paths, in the order a sorted recursive walk gives. */
async function walk(root: string): Promise<string[]> {
  const out: string[] = []
  const visit = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await visit(path)
      else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'))
    }
  }
  await visit(root)
  return out
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
 * What a device does with each entry: decrypt with the session key (when the
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
    if (name.split('/').includes('..') || name.includes('\\') || name.startsWith('/') || installed.has(name)) throw new Error(`bad path ${entry.file_name}`)
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
