import { execFile } from 'node:child_process'
import { chmod, cp, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { crc32, inflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkBuild } from '../src/bundle/build.js'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { verifyBundle } from '../src/bundle/verify.js'
import { BundleError } from '../src/errors.js'
import type { PackedBundle, SigningKey } from '../src/types.js'
import { EXAMPLE_APP, keyPair, recordingLogger, removeTempDirs, tempDir } from './support/fixtures.js'

const run = promisify(execFile)
let key: SigningKey

beforeAll(() => {
  key = parsePrivateKey(keyPair().privatePem, recordingLogger())
})
afterAll(removeTempDirs)

async function pack(buildDir: string, outputDir?: string): Promise<PackedBundle> {
  return packBundle(
    { buildDir, appId: 'com.example.repro', version: '1.0.0', outputDir: outputDir ?? (await tempDir()), key, checksumFormat: 'v3' },
    recordingLogger(),
  )
}

async function plaintext(bundle: PackedBundle): Promise<Buffer> {
  const out = join(await tempDir(), 'plain.zip')
  await verifyBundle({
    file: bundle.path,
    ivSessionKey: bundle.ivSessionKey,
    checksum: bundle.checksum,
    publicKey: key.publicPem,
    writeTo: out,
  })
  return readFile(out)
}

interface Entry {
  name: string
  method: number
  data: Buffer
  externalAttributes: number
}

/** Reads a zip's central directory: enough to check names, methods and contents. */
function readZip(zip: Buffer): Entry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = zip.readUInt16LE(eocd + 10)
  let offset = zip.readUInt32LE(eocd + 16)
  const entries: Entry[] = []
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10)
    const compressedSize = zip.readUInt32LE(offset + 20)
    const nameLength = zip.readUInt16LE(offset + 28)
    const extraLength = zip.readUInt16LE(offset + 30)
    const commentLength = zip.readUInt16LE(offset + 32)
    const externalAttributes = zip.readUInt32LE(offset + 38)
    const localOffset = zip.readUInt32LE(offset + 42)
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8')
    const localData = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28)
    const raw = zip.subarray(localData, localData + compressedSize)
    entries.push({ name, method, data: method === 8 ? inflateRawSync(raw) : raw, externalAttributes })
    offset += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

describe('the zip', () => {
  it('holds every file at the root, sorted, with index.html at the root', async () => {
    const entries = readZip(await plaintext(await pack(join(EXAMPLE_APP, 'www'))))
    expect(entries.map((e) => e.name)).toEqual(['assets/app.css', 'assets/app.js', 'assets/logo.png', 'assets/updater.js', 'index.html'])
    expect(
      (entries.find((e) => e.name === 'index.html')?.data ?? Buffer.alloc(0)).equals(
        await readFile(join(EXAMPLE_APP, 'www', 'index.html')),
      ),
    ).toBe(true)
  })

  it('stores already-compressed formats and deflates the rest', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'index.html'), '<html>'.repeat(100))
    for (const ext of ['png', 'JPG', 'webp', 'woff2', 'br', 'gz', 'mp4']) await writeFile(join(dir, `asset.${ext}`), Buffer.alloc(1000, 1))
    await writeFile(join(dir, 'main.js'), 'notifyAppReady()\n'.repeat(50))
    const entries = readZip(await plaintext(await pack(dir)))
    for (const entry of entries) expect([entry.name, entry.method]).toEqual([entry.name, /\.(html|js)$/.test(entry.name) ? 8 : 0])
  })

  it('round-trips large files: deflated in parallel pieces (one deflate stream), stored ones with sizes and CRC in the local header', async () => {
    const dir = await tempDir()
    const text = Buffer.from(Array.from({ length: 120_000 }, (_, i) => `export const v${i} = ${(i * 7919) % 100_003};\n`).join(''))
    const noise = Buffer.alloc(2_600_000)
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24
    await writeFile(join(dir, 'index.html'), '<html>')
    await writeFile(join(dir, 'main.js'), `notifyAppReady()\n${text}`)
    await writeFile(join(dir, 'exact.js'), text.subarray(0, 2 * 1024 * 1024))
    await writeFile(join(dir, 'empty.js'), '')
    await writeFile(join(dir, 'video.mp4'), noise)
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024)
    const zip = await plaintext(await pack(dir))
    const entries = readZip(zip)
    for (const entry of entries) expect([entry.name, entry.data.equals(await readFile(join(dir, entry.name)))]).toEqual([entry.name, true])
    // Sequential readers (Android's ZipInputStream) need sizes and CRC up front for stored entries.
    const video = zip.indexOf(Buffer.from('video.mp4')) - 30
    expect(zip.readUInt32LE(video)).toBe(0x04034b50)
    expect(zip.readUInt16LE(video + 6) & 8).toBe(0)
    expect(zip.readUInt32LE(video + 14)).toBe(crc32(noise))
    expect(zip.readUInt32LE(video + 22)).toBe(noise.length)
  })

  it('gives the ciphertext length devices expect: 16 * (floor(n/16) + 1)', async () => {
    const bundle = await pack(join(EXAMPLE_APP, 'www'))
    expect(bundle.bundleSize).toBe(16 * (Math.floor(bundle.zipSize / 16) + 1))
    expect(bundle.ivSessionKey).toHaveLength(369)
    expect(bundle.checksum).toMatch(/^[0-9a-f]{512}$/)
  })
})

describe('reproducibility', () => {
  it('the same tree gives the same bytes whatever the file times, modes, creation order and time zone', async () => {
    const first = await tempDir()
    await cp(join(EXAMPLE_APP, 'www'), first, { recursive: true })

    // The same files created in reverse order, with other times and modes.
    const second = await tempDir()
    const files = ['index.html', 'assets/updater.js', 'assets/logo.png', 'assets/app.js', 'assets/app.css']
    await mkdir(join(second, 'assets'))
    for (const name of files) {
      await writeFile(join(second, name), await readFile(join(first, name)))
      await utimes(join(second, name), new Date('2031-05-06T07:08:09Z'), new Date('2031-05-06T07:08:09Z'))
      await chmod(join(second, name), 0o755)
    }

    const a = await pack(first)
    const b = await pack(second)
    expect(b.sha256).toBe(a.sha256)
    expect(b.ivSessionKey).not.toBe(a.ivSessionKey)

    const script = new URL('./support/pack-sha.ts', import.meta.url).pathname
    const env = { ...process.env, TZ: 'Pacific/Kiritimati' }
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, second, await tempDir()], { env })
    expect(stdout).toBe(a.sha256)
  })
})

describe('build checks', () => {
  async function refusal(dir: string, requireNotify = true): Promise<BundleError> {
    const error = await checkBuild(dir, requireNotify, recordingLogger()).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BundleError)
    return error as BundleError
  }

  it('refuses a missing, empty or index-less directory, naming path', async () => {
    const base = await tempDir()
    expect((await refusal(join(base, 'nope'))).code).toBe('build_missing')
    await mkdir(join(base, 'empty'))
    expect((await refusal(join(base, 'empty'))).code).toBe('build_empty')
    await mkdir(join(base, 'nested', 'www'), { recursive: true })
    await writeFile(join(base, 'nested', 'www', 'index.html'), 'x')
    const error = await refusal(join(base, 'nested'))
    expect(error.code).toBe('index_missing')
    expect(error.input).toBe('path')
  })

  it('refuses a build without notifyAppReady by default, explaining the rollback; warns when allowed', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'index.html'), 'x')
    await writeFile(join(dir, 'main.js'), 'console.log(1)')
    const error = await refusal(dir)
    expect(error.message).toMatch(/roll back/)
    expect(error.input).toBe('require-notify-app-ready')
    const logger = recordingLogger()
    await checkBuild(dir, false, logger)
    expect(
      logger.lines
        .filter((l) => l.level === 'warning')
        .map((l) => l.message)
        .join(),
    ).toMatch(/notifyAppReady/)
  })

  it('finds notifyAppReady across read chunks', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'index.html'), 'x')
    const chunk = 256 * 1024
    await writeFile(join(dir, 'big.js'), 'a'.repeat(chunk - 5) + 'notifyAppReady()' + 'b'.repeat(100))
    await expect(checkBuild(dir, true, recordingLogger())).resolves.toMatchObject({ files: expect.any(Array) })
  })

  it('refuses symbolic links that leave the build directory, follows those that stay', async () => {
    const dir = await tempDir()
    await cp(join(EXAMPLE_APP, 'www'), dir, { recursive: true })
    await symlink(join(dir, 'assets', 'app.css'), join(dir, 'inside.css'))
    const summary = await checkBuild(dir, true, recordingLogger())
    expect(summary.files.map((f) => f.name)).toContain('inside.css')
    await symlink('/etc/hostname', join(dir, 'outside.txt'))
    expect((await refusal(dir)).code).toBe('symlink_escape')
  })
})

describe('failure leaves nothing behind', () => {
  it('a file that vanishes mid-pack leaves no partial file', async () => {
    const dir = await tempDir()
    await cp(join(EXAMPLE_APP, 'www'), dir, { recursive: true })
    const out = await tempDir()
    const files = (await checkBuild(dir, true, recordingLogger())).files
    const broken = files.map((f) => (f.name === 'index.html' ? { ...f, source: join(dir, 'gone.html') } : f))
    await expect(
      packBundle(
        { buildDir: dir, appId: 'com.example.repro', version: '1.0.0', outputDir: out, key, checksumFormat: 'v3', files: broken },
        recordingLogger(),
      ),
    ).rejects.toMatchObject({
      code: 'build_changed',
      message: 'path: index.html disappeared while the bundle was being made; run again once the build has finished writing.',
    })
    expect(await readdir(out)).toEqual([])
  })

  it('a file whose size changed since the walk fails as build_changed and leaves no partial file', async () => {
    const dir = await tempDir()
    await cp(join(EXAMPLE_APP, 'www'), dir, { recursive: true })
    const out = await tempDir()
    const files = (await checkBuild(dir, true, recordingLogger())).files
    const grown = files.map((f) => (f.name === 'index.html' ? { ...f, size: f.size - 1 } : f))
    await expect(
      packBundle(
        { buildDir: dir, appId: 'com.example.repro', version: '1.0.0', outputDir: out, key, checksumFormat: 'v3', files: grown },
        recordingLogger(),
      ),
    ).rejects.toMatchObject({
      code: 'build_changed',
      message: 'path: index.html changed while it was being packed; run again once the build has finished writing.',
    })
    expect(await readdir(out)).toEqual([])
  })
})

describe('the pack stage says what it did (debug)', () => {
  it('sizes, and the cores it kept busy, in one line each', async () => {
    const logger = recordingLogger()
    const bundle = await packBundle(
      {
        buildDir: join(EXAMPLE_APP, 'www'),
        appId: 'com.example.repro',
        version: '1.0.0',
        outputDir: await tempDir(),
        key,
        checksumFormat: 'v3',
      },
      logger,
    )
    const debug = logger.lines.filter((line) => line.level === 'debug').map((line) => line.message)
    expect(debug[0]).toBe(`packed ${bundle.fileCount} files: zip ${bundle.zipSize} bytes, encrypted ${bundle.bundleSize} bytes`)
    // Numbers only by shape: durations are not asserted.
    expect(debug[1]).toMatch(
      /^pack stage: \d+ ms wall, \d+ ms CPU \(\d+\.\d\d cores busy, two or more deflate jobs in flight \d+% of the time\)$/,
    )
    expect(debug).toHaveLength(2)
  })
})
