import { constants, createDecipheriv, createHash, publicDecrypt, randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listBuildFiles } from '../src/bundle/zip.js'
import { brotliExcluder, deltaCandidates, deltaSkipReason, openDeltaSession, processDelta } from '../src/bundle/delta.js'
import { parseIvSessionKey, recoverSessionKey } from '../src/bundle/format.js'
import { parsePrivateKey, parsePublicKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { checkManifestPaths, ManifestRejection, verifyManifest, type ManifestEntryToCheck } from '../src/bundle/verify-manifest.js'
import type { BuildFile, ChecksumFormat, DeltaBundle, DeltaSettings, PackedBundle, SigningKey } from '../src/types.js'
import { bundleErrorOf, keyPair, recordingLogger, removeTempDirs, tempDir } from './support/fixtures.js'

let key: SigningKey
let otherKey: SigningKey
beforeAll(() => {
  key = parsePrivateKey(keyPair().privatePem, recordingLogger())
  otherKey = parsePrivateKey(keyPair(1).privatePem, recordingLogger())
})
afterAll(removeTempDirs)

/** Pseudo-JavaScript that Brotli shrinks a lot. */
function text(bytes: number, seed = 1): Buffer {
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const line = `export const value_${(i * seed) % 997} = compute(${i % 13}, "${(i * 7919) % 4099}");\n`
    lines.push(line)
    size += line.length
  }
  return Buffer.from(lines.join('')).subarray(0, bytes)
}

const SOURCES: Record<string, Buffer> = {
  'index.html': Buffer.from('<!doctype html><script src="assets/app.js"></script>'),
  'assets/app.js': text(200_000),
  'assets/vendor.js': text(9000, 3),
  'assets/small.js': text(8191),
  'assets/photo.png': randomBytes(30_000),
  'assets/empty.txt': Buffer.alloc(0),
  'assets/.gitkeep': Buffer.from('x'),
  '.github/x.yml': Buffer.from('y'),
  'tsconfig.json': Buffer.from('{}'),
  'vendor/node_modules/pkg/index.js': Buffer.from('z'),
  'big/data.json': text(70_000, 5),
}

async function makeBuild(): Promise<{ dir: string; files: BuildFile[] }> {
  const dir = await tempDir('capgo-delta-build-')
  for (const [name, data] of Object.entries(SOURCES)) {
    await mkdir(join(dir, name, '..'), { recursive: true })
    await writeFile(join(dir, name), data)
  }
  return { dir, files: await listBuildFiles(dir) }
}

const SETTINGS: Pick<DeltaSettings, 'encrypted' | 'brotli' | 'brotliExclude'> = { encrypted: true, brotli: true, brotliExclude: [] }

async function packAndDelta(
  settings = SETTINGS,
  format: ChecksumFormat = 'v3',
  signing = key,
): Promise<{ bundle: PackedBundle; delta: DeltaBundle; files: BuildFile[] }> {
  const { dir, files } = await makeBuild()
  const out = await tempDir('capgo-delta-out-')
  const bundle = await packBundle(
    { buildDir: dir, appId: 'com.example.delta', version: '1.0.0', outputDir: out, key: signing, checksumFormat: format, files },
    recordingLogger(),
  )
  const session = settings.encrypted ? openDeltaSession(bundle.ivSessionKey, signing.publicPem) : undefined
  try {
    const delta = await processDelta({
      buildDir: dir,
      settings: { ...settings, candidates: deltaCandidates(files) },
      key: signing,
      checksumFormat: format,
      session,
      outDir: join(out, 'delta'),
      concurrency: 3,
    })
    return { bundle, delta, files }
  } finally {
    session?.key.fill(0)
  }
}

function entriesOf(delta: DeltaBundle): ManifestEntryToCheck[] {
  return delta.files.map((file) => ({ fileName: file.fileName, fileHash: file.fileHash, path: file.path }))
}

describe('processDelta', () => {
  it('applies the official skip rules and the Brotli rule, in walk order', async () => {
    const { delta, files } = await packAndDelta()
    const names = delta.files.map((file) => file.fileName)
    // Walk order of the non-skipped files; .br only where >= 8192 bytes and it saves > 10 bytes.
    expect(names).toEqual([
      'assets/app.js.br',
      'assets/photo.png',
      'assets/small.js',
      'assets/vendor.js.br',
      'big/data.json.br',
      'index.html',
    ])
    expect(files.map((file) => file.name).filter((name) => deltaSkipReason(files.find((f) => f.name === name)!) === undefined)).toEqual(
      names.map((name) => name.replace(/\.br$/, '')),
    )
    for (const file of delta.files) {
      expect(file.path).toBe(join(delta.dir, `${file.sha256}_${file.fileName}`))
      expect((await readFile(file.path)).length).toBe(file.size)
    }
    expect(delta.bytes).toBe(delta.files.reduce((sum, file) => sum + file.size, 0))
    // Nothing but the entries is left in the folder (no partial files).
    const listed = await readdir(delta.dir, { recursive: true, withFileTypes: true })
    expect(listed.filter((entry) => entry.isFile()).length).toBe(delta.files.length)
  })

  it('processes exactly the candidate list it is handed (the plan computes it once), not the whole build', async () => {
    const { dir, files } = await makeBuild()
    const out = await tempDir()
    const only = files.filter((file) => file.name === 'index.html')
    expect(only.length).toBe(1)
    const delta = await processDelta({
      buildDir: dir,
      settings: { ...SETTINGS, encrypted: false, candidates: only },
      key,
      checksumFormat: 'v3',
      outDir: join(out, 'delta'),
    })
    expect(delta.files.map((file) => file.fileName)).toEqual(['index.html'])
  })

  it('encrypts each file with the bundle session key and IV, and signs the SHA-256 of the original bytes (V3)', async () => {
    const { bundle, delta } = await packAndDelta()
    // Independent of delta.ts: K recovered with node:crypto from the bundle's ivSessionKey, the way the device does.
    const [ivText, keyText] = bundle.ivSessionKey.split(':')
    const sessionKey = publicDecrypt({ key: key.publicPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(keyText, 'base64'))
    expect(sessionKey.length).toBe(16)
    for (const file of delta.files) {
      const decipher = createDecipheriv('aes-128-cbc', sessionKey, Buffer.from(ivText, 'base64'))
      const plain = Buffer.concat([decipher.update(await readFile(file.path)), decipher.final()])
      const original = file.fileName.endsWith('.br') ? brotliDecompressSync(plain) : plain
      const source = SOURCES[file.fileName.replace(/\.br$/, '')]
      expect(original.equals(source)).toBe(true)
      const sha256 = createHash('sha256').update(source).digest('hex')
      expect(file.sha256).toBe(sha256)
      expect(file.fileHash).toMatch(/^[0-9a-f]{512}$/)
      expect(
        publicDecrypt({ key: key.publicPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(file.fileHash, 'hex')).toString('hex'),
      ).toBe(sha256)
    }
    expect((await verifyManifest({ entries: entriesOf(delta), ivSessionKey: bundle.ivSessionKey, publicKey: key.publicPem })).entries).toBe(
      6,
    )
  })

  it('signs file_hash in the legacy V2 form when the bundle uses V2', async () => {
    const { bundle, delta } = await packAndDelta(SETTINGS, 'v2')
    for (const file of delta.files) {
      expect(file.fileHash).not.toMatch(/^[0-9a-f]+$/)
      expect(
        publicDecrypt({ key: key.publicPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(file.fileHash, 'base64')).toString(
          'base64',
        ),
      ).toBe(file.sha256)
    }
    await verifyManifest({ entries: entriesOf(delta), ivSessionKey: bundle.ivSessionKey, publicKey: key.publicPem })
  })

  it('writes plaintext files and plain SHA-256 hashes when not encrypted', async () => {
    const { delta } = await packAndDelta({ ...SETTINGS, encrypted: false })
    expect(delta.encrypted).toBe(false)
    for (const file of delta.files) {
      expect(file.fileHash).toBe(file.sha256)
      const bytes = await readFile(file.path)
      const original = file.fileName.endsWith('.br') ? brotliDecompressSync(bytes) : bytes
      expect(original.equals(SOURCES[file.fileName.replace(/\.br$/, '')])).toBe(true)
    }
    await verifyManifest({ entries: entriesOf(delta) })
  })

  it('brotli false and brotli-exclude globs leave files uncompressed', async () => {
    const off = await packAndDelta({ ...SETTINGS, brotli: false })
    expect(off.delta.files.some((file) => file.fileName.endsWith('.br'))).toBe(false)
    const excluded = await packAndDelta({ ...SETTINGS, brotliExclude: ['**/*.js', 'big'] })
    expect(excluded.delta.files.map((file) => file.fileName).filter((name) => name.endsWith('.br'))).toEqual([])
    const some = await packAndDelta({ ...SETTINGS, brotliExclude: ['assets/vendor.js'] })
    expect(some.delta.files.map((file) => file.fileName).filter((name) => name.endsWith('.br'))).toEqual([
      'assets/app.js.br',
      'big/data.json.br',
    ])
  })

  it('brotli-exclude: a folder pattern covers what is below it; negation is refused naming the input', async () => {
    const matches = brotliExcluder(['assets', 'x/*.map'])
    expect(matches('assets/a/b.js')).toBe(true)
    expect(matches('x/y.map')).toBe(true)
    expect(matches('x/y/z.map')).toBe(false)
    expect(matches('other.js')).toBe(false)
    expect(() => brotliExcluder(['!a'])).toThrow(/brotli-exclude/)
  })

  it('fails with the file named and leaves nothing when a file changed since the pack', async () => {
    const { dir, files } = await makeBuild()
    const out = await tempDir()
    await writeFile(join(dir, 'big/data.json'), 'shorter now')
    const error = await bundleErrorOf(
      processDelta({
        buildDir: dir,
        settings: { ...SETTINGS, candidates: deltaCandidates(files) },
        key,
        checksumFormat: 'v3',
        session: { key: randomBytes(16), iv: randomBytes(16) },
        outDir: join(out, 'delta'),
      }),
    )
    expect(error.code).toBe('build_changed')
    expect(error.message).toMatch(/^big\/data\.json changed size/)
    expect(await readdir(out)).toEqual([])
  })

  it('stops on abort and leaves nothing', async () => {
    const { dir, files } = await makeBuild()
    const out = await tempDir()
    const controller = new AbortController()
    controller.abort()
    await expect(
      processDelta({
        buildDir: dir,
        settings: { ...SETTINGS, candidates: deltaCandidates(files) },
        key,
        checksumFormat: 'v3',
        session: { key: randomBytes(16), iv: randomBytes(16) },
        outDir: join(out, 'delta'),
        signal: controller.signal,
      }),
    ).rejects.toThrow()
    expect(await readdir(out)).toEqual([])
  })

  it('the session opens from ivSessionKey with the public key only', async () => {
    const { bundle } = await packAndDelta()
    const session = openDeltaSession(bundle.ivSessionKey, key.publicPem)
    const { iv, encryptedKey } = parseIvSessionKey(bundle.ivSessionKey)
    expect(session.iv.equals(iv)).toBe(true)
    expect(session.key.equals(recoverSessionKey(parsePublicKey(key.publicPem, 'k').key, encryptedKey))).toBe(true)
    expect(() => openDeltaSession(bundle.ivSessionKey, otherKey.publicPem)).toThrow()
  })
})

describe('verifyManifest: as a device', () => {
  async function rejection(promise: Promise<unknown>): Promise<ManifestRejection> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ManifestRejection)
    return error as ManifestRejection
  }

  it('refuses a flipped byte, another key, another session key, a missing file', async () => {
    const { bundle, delta } = await packAndDelta()
    const entries = entriesOf(delta)
    const target = delta.files.find((file) => file.fileName === 'assets/app.js.br')!
    const bytes = await readFile(target.path)
    bytes[100] ^= 1
    await writeFile(target.path, bytes)
    const flipped = await rejection(
      verifyManifest({ entries, ivSessionKey: bundle.ivSessionKey, publicKey: key.publicPem, concurrency: 1 }),
    )
    expect(['decompress_fail', 'checksum_fail', 'decrypt_fail']).toContain(flipped.reason)
    expect(flipped.fileName).toBe('assets/app.js.br')
    expect(flipped.message).toMatch(
      /^devices would refuse this delta update \((decompress|checksum|decrypt)_fail\): "assets\/app\.js\.br": .*; nothing would be installed\.$/,
    )

    const other = await packAndDelta(SETTINGS, 'v3', otherKey)
    const foreign = await rejection(
      verifyManifest({ entries: entriesOf(other.delta), ivSessionKey: bundle.ivSessionKey, publicKey: key.publicPem }),
    )
    expect(foreign.reason).toBe('checksum_fail')
    const session = await rejection(
      verifyManifest({ entries: entriesOf(other.delta), ivSessionKey: other.bundle.ivSessionKey, publicKey: key.publicPem }),
    )
    expect(session.reason).toBe('decrypt_fail')

    const fine = await packAndDelta()
    const mixed = entriesOf(fine.delta)
    // Another bundle's session key: padding fails or the hash differs, but never accepted.
    const wrongSession = await rejection(verifyManifest({ entries: mixed, ivSessionKey: bundle.ivSessionKey, publicKey: key.publicPem }))
    expect(['decrypt_fail', 'checksum_fail', 'decompress_fail']).toContain(wrongSession.reason)
    await rm(mixed[0].path)
    expect(
      (await rejection(verifyManifest({ entries: mixed, ivSessionKey: fine.bundle.ivSessionKey, publicKey: key.publicPem }))).reason,
    ).toBe('download_fail')
  })

  it('refuses a plain hash when encrypted, and a file swapped for another entry', async () => {
    const { bundle, delta } = await packAndDelta()
    const entries = entriesOf(delta)
    const plainHash = await rejection(
      verifyManifest({
        entries: [{ ...entries[0], fileHash: delta.files[0].sha256 }],
        ivSessionKey: bundle.ivSessionKey,
        publicKey: key.publicPem,
      }),
    )
    expect(plainHash.reason).toBe('checksum_fail')
    const swapped = await rejection(
      verifyManifest({ entries: [{ ...entries[1], path: entries[2].path }], ivSessionKey: bundle.ivSessionKey, publicKey: key.publicPem }),
    )
    expect(swapped.reason).toBe('checksum_fail')
  })

  it('refuses an empty file and a non-hex hash in a plain manifest', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'empty'), '')
    const empty = await rejection(
      verifyManifest({ entries: [{ fileName: 'a.txt', fileHash: createHash('sha256').digest('hex'), path: join(dir, 'empty') }] }),
    )
    expect(empty.reason).toBe('decrypt_fail')
    await writeFile(join(dir, 'a'), 'a')
    const signed = await rejection(verifyManifest({ entries: [{ fileName: 'a.txt', fileHash: 'AB'.repeat(32), path: join(dir, 'a') }] }))
    expect(signed.reason).toBe('checksum_fail')
  })

  it('applies the path rules before reading any file', () => {
    for (const bad of ['', '../a.js', 'a/../b.js', 'a\\b.js', 'a\0b', '/etc/passwd', 'C:/x.js', '.br']) {
      expect(() => checkManifestPaths([bad]), JSON.stringify(bad)).toThrow(ManifestRejection)
    }
    expect(() => checkManifestPaths(['a.js', 'a.js.br'])).toThrow(/same file "a\.js"/)
    expect(() => checkManifestPaths(['a..b.js', '.hidden/x', 'a/b.js.br', 'a b.js'])).not.toThrow()
  })
})
