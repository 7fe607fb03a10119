// writeZip on its own, byte by byte: the fields devices and unzip tools read (issue 9, mutation
// testing of src/bundle/zip.ts). pack.test.ts checks round trips; this checks the headers themselves.
import { createHash } from 'node:crypto'
import { truncateSync, writeFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32, inflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BundleError } from '../src/errors.js'
import type { BuildFile } from '../src/types.js'
import { isStored, listBuildFiles, writeZip, writeZipFile } from '../src/bundle/zip.js'
import { removeTempDirs, tempDir } from './support/fixtures.js'

afterAll(removeTempDirs)

/** An in-memory sink: the zip as writeZip emits it. */
function memorySink() {
  const chunks: Buffer[] = []
  return { write: (chunk: Buffer) => void chunks.push(Buffer.from(chunk)), bytes: () => Buffer.concat(chunks) }
}

interface Local {
  offset: number
  versionNeeded: number
  flags: number
  method: number
  time: number
  date: number
  crc: number
  compressedSize: number
  size: number
  extraLength: number
  name: string
  dataStart: number
}

interface Central {
  versionMadeBy: number
  versionNeeded: number
  flags: number
  method: number
  time: number
  date: number
  crc: number
  compressedSize: number
  size: number
  extraLength: number
  commentLength: number
  disk: number
  internal: number
  external: number
  offset: number
  name: string
}

function readLocal(zip: Buffer, offset: number): Local {
  expect(zip.readUInt32LE(offset)).toBe(0x04034b50)
  const nameLength = zip.readUInt16LE(offset + 26)
  const extraLength = zip.readUInt16LE(offset + 28)
  return {
    offset,
    versionNeeded: zip.readUInt16LE(offset + 4),
    flags: zip.readUInt16LE(offset + 6),
    method: zip.readUInt16LE(offset + 8),
    time: zip.readUInt16LE(offset + 10),
    date: zip.readUInt16LE(offset + 12),
    crc: zip.readUInt32LE(offset + 14),
    compressedSize: zip.readUInt32LE(offset + 18),
    size: zip.readUInt32LE(offset + 22),
    extraLength,
    name: zip.subarray(offset + 30, offset + 30 + nameLength).toString('utf8'),
    dataStart: offset + 30 + nameLength + extraLength,
  }
}

function readDirectory(zip: Buffer): {
  entries: Central[]
  eocd: { disk: number; cdDisk: number; onDisk: number; total: number; size: number; offset: number; commentLength: number }
} {
  const at = zip.length - 22
  expect(zip.readUInt32LE(at)).toBe(0x06054b50)
  const eocd = {
    disk: zip.readUInt16LE(at + 4),
    cdDisk: zip.readUInt16LE(at + 6),
    onDisk: zip.readUInt16LE(at + 8),
    total: zip.readUInt16LE(at + 10),
    size: zip.readUInt32LE(at + 12),
    offset: zip.readUInt32LE(at + 16),
    commentLength: zip.readUInt16LE(at + 20),
  }
  const entries: Central[] = []
  let offset = eocd.offset
  for (let i = 0; i < eocd.total; i++) {
    expect(zip.readUInt32LE(offset)).toBe(0x02014b50)
    const nameLength = zip.readUInt16LE(offset + 28)
    const extraLength = zip.readUInt16LE(offset + 30)
    const commentLength = zip.readUInt16LE(offset + 32)
    entries.push({
      versionMadeBy: zip.readUInt16LE(offset + 4),
      versionNeeded: zip.readUInt16LE(offset + 6),
      flags: zip.readUInt16LE(offset + 8),
      method: zip.readUInt16LE(offset + 10),
      time: zip.readUInt16LE(offset + 12),
      date: zip.readUInt16LE(offset + 14),
      crc: zip.readUInt32LE(offset + 16),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      extraLength,
      commentLength,
      disk: zip.readUInt16LE(offset + 34),
      internal: zip.readUInt16LE(offset + 36),
      external: zip.readUInt32LE(offset + 38),
      offset: zip.readUInt32LE(offset + 42),
      name: zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
    })
    offset += 46 + nameLength + extraLength + commentLength
  }
  expect(offset).toBe(eocd.offset + eocd.size)
  expect(offset).toBe(at)
  return { entries, eocd }
}

/** Deterministic bytes that deflate poorly (so pieces stay large) or well, by `kind`. */
function content(size: number, kind: 'text' | 'noise'): Buffer {
  const bytes = Buffer.alloc(size)
  let state = 0x2545f491
  for (let i = 0; i < size; i++) {
    if (kind === 'text') bytes[i] = 97 + ((i * 7 + (i >> 9)) % 26)
    else {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      bytes[i] = state & 0xff
    }
  }
  return bytes
}

const MB = 1024 * 1024
let dir: string
const sources: Record<string, Buffer> = {
  'index.html': Buffer.from('<html>hello hello hello hello</html>'),
  'assets/app.js': content(200 * 1024, 'text'),
  'assets/logo.PNG': content(3000, 'noise'),
  'assets/ünïcode.txt': Buffer.from('utf-8 name'),
  'assets/ñandú.png': content(500, 'noise'),
  'assets/empty.css': Buffer.alloc(0),
  // Over one deflate piece (1 MiB): deflated in pieces with a data descriptor.
  'big/data.js': content(2 * MB + 12345, 'text'),
  // Over the stored read size: stored with sizes and CRC in the local header, read twice.
  'big/video.mp4': content(MB + 777, 'noise'),
}
let files: BuildFile[]

beforeAll(async () => {
  dir = await tempDir()
  files = []
  for (const [name, data] of Object.entries(sources)) {
    const source = join(dir, name.replace(/\//g, '_'))
    await writeFile(source, data)
    files.push({ name, source, size: data.length })
  }
})

describe('writeZip writes the fields devices read', () => {
  it('local headers, central directory and end record, field by field', async () => {
    const sink = memorySink()
    const seen: string[] = []
    await writeZip(files, sink, (file) => seen.push(file.name))
    const zip = sink.bytes()
    expect(seen).toEqual(files.map((file) => file.name))

    const { entries, eocd } = readDirectory(zip)
    expect(eocd).toMatchObject({ disk: 0, cdDisk: 0, onDisk: files.length, total: files.length, commentLength: 0 })
    expect(entries.map((entry) => entry.name)).toEqual(files.map((file) => file.name))

    let expectedOffset = 0
    for (const [index, entry] of entries.entries()) {
      const file = files[index]
      const data = sources[file.name]
      const stored = isStored(file.name)
      const utf8 = Buffer.byteLength(file.name) !== file.name.length ? 0x800 : 0
      const pieced = !stored && data.length > MB
      const flags = utf8 | (pieced ? 0x8 : 0)
      const what = file.name
      expect(entry.offset, what).toBe(expectedOffset)
      expect(entry, what).toMatchObject({
        versionMadeBy: (3 << 8) | 20,
        versionNeeded: 20,
        flags,
        method: stored ? 0 : 8,
        time: 0,
        date: (1 << 5) | 1,
        crc: crc32(data),
        size: data.length,
        extraLength: 0,
        commentLength: 0,
        disk: 0,
        internal: 0,
        external: ((0o100000 | 0o644) << 16) >>> 0,
      })

      const local = readLocal(zip, entry.offset)
      expect(local, what).toMatchObject({
        versionNeeded: 20,
        flags,
        method: entry.method,
        time: 0,
        date: (1 << 5) | 1,
        extraLength: 0,
        name: file.name,
      })
      // Sizes and CRC in the local header, except for a pieced deflated file, whose data descriptor has them.
      expect(local, what).toMatchObject(
        pieced ? { crc: 0, compressedSize: 0, size: 0 } : { crc: entry.crc, compressedSize: entry.compressedSize, size: entry.size },
      )
      const raw = zip.subarray(local.dataStart, local.dataStart + entry.compressedSize)
      expect((stored ? raw : inflateRawSync(raw)).equals(data), what).toBe(true)
      let end = local.dataStart + entry.compressedSize
      if (pieced) {
        expect([zip.readUInt32LE(end), zip.readUInt32LE(end + 4), zip.readUInt32LE(end + 8), zip.readUInt32LE(end + 12)], what).toEqual([
          0x08074b50,
          entry.crc,
          entry.compressedSize,
          entry.size,
        ])
        end += 16
      }
      expectedOffset = end
    }
    expect(eocd.offset).toBe(expectedOffset)
  })

  it('names what it stores: already-compressed formats, any case; everything else is deflated', () => {
    for (const name of [
      'a.png',
      'a.JPG',
      'a.jpeg',
      'a.webp',
      'a.avif',
      'a.gif',
      'a.woff',
      'a.woff2',
      'a.mp3',
      'a.mp4',
      'a.br',
      'a.gz',
      'a.zip',
      'dir.png/a.Zip',
      '.png',
      '.gz',
    ])
      expect(isStored(name), name).toBe(true)
    for (const name of ['a.js', 'a.html', 'png', 'a.png.js', 'apng', 'a.svg', 'dir.png/a']) expect(isStored(name), name).toBe(false)
  })
})

describe('writeZip limits', () => {
  const fake = (count: number): BuildFile[] =>
    Array.from({ length: count }, (_, i) => ({ name: `f${i}.js`, source: join('/nonexistent-capgo-test', `f${i}.js`), size: 1 }))

  it('refuses more entries than a zip without ZIP64 holds, before reading anything', async () => {
    await expect(writeZip(fake(65_536), memorySink())).rejects.toMatchObject({
      code: 'zip_too_large',
      input: 'path',
      message: 'path: 65536 files exceed the 65535 entries a zip without ZIP64 can hold.',
    })
  })

  it('takes 65,535 entries (this one then fails reading its first, missing file)', async () => {
    const error = await writeZip(fake(65_535), memorySink()).catch((caught: unknown) => caught)
    expect(error).not.toBeInstanceOf(BundleError)
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT')
  })

  it('a file that grew since the walk is build_changed, stored or deflated, small or large', async () => {
    for (const name of ['index.html', 'assets/logo.PNG', 'big/data.js', 'big/video.mp4']) {
      const file = files.find((entry) => entry.name === name)!
      for (const size of [file.size - 1, file.size + 1]) {
        await expect(writeZip([{ ...file, size }], memorySink()), `${name} ${size}`).rejects.toMatchObject({
          code: 'build_changed',
          input: 'path',
          message: `path: ${name} changed while it was being packed; run again once the build has finished writing.`,
        })
      }
    }
  })
})

describe('a large stored file is read twice: the second read must give what the header says', () => {
  /** A sink that changes the file once its local header has gone out, before the data is read again. */
  function changingSink(file: BuildFile, change: () => void) {
    const sink = memorySink()
    let done = false
    return {
      write(chunk: Buffer) {
        sink.write(chunk)
        if (!done && chunk.readUInt32LE(0) === 0x04034b50 && chunk.subarray(30).toString('utf8') === file.name) {
          done = true
          change()
        }
      },
    }
  }

  it('the same size with other bytes, or fewer bytes, is build_changed', async () => {
    const original = sources['big/video.mp4']
    for (const [what, change] of [
      ['other bytes', (path: string) => writeFileSync(path, Buffer.from(original).fill(1, 1000, 2000))],
      ['fewer bytes', (path: string) => truncateSync(path, original.length - 10)],
      ['more bytes', (path: string) => writeFileSync(path, Buffer.concat([original, Buffer.alloc(10)]))],
    ] as const) {
      const path = join(await tempDir(), 'video.mp4')
      await writeFile(path, original)
      const file: BuildFile = { name: 'big/video.mp4', source: path, size: original.length }
      await expect(
        writeZip(
          [file],
          changingSink(file, () => change(path)),
        ),
        what,
      ).rejects.toMatchObject({ code: 'build_changed' })
    }
  })
})

describe('writeZipFile and listBuildFiles', () => {
  it('writeZipFile writes the plaintext zip and reports its SHA-256 and size', async () => {
    const target = join(await tempDir(), 'plain.zip')
    const written = await writeZipFile(files, target)
    const bytes = await readFile(target)
    const sink = memorySink()
    await writeZip(files, sink)
    expect(bytes.equals(sink.bytes())).toBe(true)
    expect(written).toEqual({ path: target, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length })
  })

  it('writeZipFile names a vanished file and leaves no file behind', async () => {
    const out = await tempDir()
    const target = join(out, 'plain.zip')
    const gone = [...files, { name: 'gone.js', source: join(dir, 'gone.js'), size: 3 }]
    await expect(writeZipFile(gone, target)).rejects.toMatchObject({
      code: 'build_changed',
      message: expect.stringContaining('gone.js disappeared') as never,
    })
    expect(await readFile(target).catch(() => 'absent')).toBe('absent')
  })

  it('listBuildFiles names the input it was given, path by default', async () => {
    await expect(listBuildFiles('/')).rejects.toMatchObject({ code: 'build_is_root', input: 'path' })
    await expect(listBuildFiles('/', 'build-dir')).rejects.toMatchObject({ code: 'build_is_root', input: 'build-dir' })
  })
})
