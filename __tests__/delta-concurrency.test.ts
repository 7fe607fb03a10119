// processDelta compresses at most DELTA_COMPRESSING files at once (each live Brotli encoder holds native
// memory that grows with its file), while up to `concurrency` files wait on the signer (a remote signer's
// latency is what the 16 files in flight hide). createBrotliCompress is wrapped to count the live encoders.
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { SigningKey } from '../src/types.js'

const encoders = vi.hoisted(() => ({ live: 0, most: 0, made: 0 }))
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof import('node:zlib')>()
  const createBrotliCompress = (...args: Parameters<typeof zlib.createBrotliCompress>) => {
    const stream = zlib.createBrotliCompress(...args)
    encoders.made++
    encoders.live++
    encoders.most = Math.max(encoders.most, encoders.live)
    stream.once('close', () => encoders.live--)
    return stream
  }
  return { ...zlib, default: { ...zlib, createBrotliCompress }, createBrotliCompress }
})

const { DELTA_COMPRESSING, DELTA_CONCURRENCY, processDelta, deltaCandidates } = await import('../src/bundle/delta.js')
const { listBuildFiles } = await import('../src/bundle/zip.js')
const { parsePrivateKey } = await import('../src/bundle/keys.js')
const { keyPair, recordingLogger, removeTempDirs, tempDir } = await import('./support/fixtures.js')

afterAll(removeTempDirs)

/** Text Brotli works on for a while at quality 11. */
function text(bytes: number, seed: number): Buffer {
  let out = ''
  for (let i = 0; out.length < bytes; i++) out += `const v${(i * seed) % 9973} = f(${(i * 7919 + seed) % 4099});\n`
  return Buffer.from(out.slice(0, bytes))
}

describe('processDelta concurrency', () => {
  it(`compresses at most ${DELTA_COMPRESSING} files at once while more files than that wait on the signer`, async () => {
    const dir = await tempDir()
    const count = 10
    for (let i = 0; i < count; i++) await writeFile(join(dir, `f${i}.js`), text(40_000, i + 1))
    const key = parsePrivateKey(keyPair().privatePem, recordingLogger())
    // Each signature waits until 6 are asked for at once (or 10 s pass), so signing held to 5 or fewer at once shows as mostPending below 6.
    let pending = 0
    let mostPending = 0
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const fallback = setTimeout(() => open(), 10_000)
    const signing: SigningKey = {
      ...key,
      signer: {
        kind: key.signer.kind,
        description: key.signer.description,
        input: key.signer.input,
        publicKey: () => key.signer.publicKey(),
        sign: async (data) => {
          pending++
          mostPending = Math.max(mostPending, pending)
          if (pending >= 6) open()
          await gate
          pending--
          return key.signer.sign(data)
        },
      },
    }
    const files = deltaCandidates(await listBuildFiles(dir))
    const delta = await processDelta({
      buildDir: dir,
      settings: { encrypted: true, brotli: true, brotliExclude: [], candidates: files },
      key: signing,
      checksumFormat: 'v3',
      session: { key: randomBytes(16), iv: randomBytes(16) },
      outDir: join(await tempDir(), 'delta'),
    })
    clearTimeout(fallback)
    expect(delta.files.map((file) => file.fileName.endsWith('.br'))).toEqual(Array(count).fill(true))
    expect(encoders.made).toBe(count)
    // No more live encoders than libuv's 4 thread-pool threads can run.
    expect(DELTA_COMPRESSING).toBe(4)
    expect(encoders.most).toBeLessThanOrEqual(DELTA_COMPRESSING)
    expect(encoders.live).toBe(0)
    expect(mostPending).toBeGreaterThanOrEqual(6)
    expect(DELTA_CONCURRENCY).toBeGreaterThanOrEqual(6)
  })
})
