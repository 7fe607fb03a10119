// The session key K is wiped from memory once the bundle is encrypted (pack.ts `sessionKey.fill(0)`):
// a mutation test found nothing noticed when the wipe was removed. randomBytes is wrapped to keep
// the buffers pack draws, so the test can look at K after packing.
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

const drawn = vi.hoisted(() => [] as Buffer[])
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>()
  const randomBytes = (size: number) => {
    const bytes = crypto.randomBytes(size)
    drawn.push(bytes)
    return bytes
  }
  return { ...crypto, default: { ...crypto, randomBytes }, randomBytes }
})

const { parsePrivateKey } = await import('../src/bundle/keys.js')
const { packBundle } = await import('../src/bundle/pack.js')
const { verifyBundle } = await import('../src/bundle/verify.js')
const { EXAMPLE_APP, keyPair, recordingLogger, removeTempDirs, tempDir } = await import('./support/fixtures.js')

afterAll(removeTempDirs)

describe('packBundle and the session key', () => {
  it('wipes K once the bundle is encrypted; the IV, which is public, stays', async () => {
    const key = parsePrivateKey(keyPair().privatePem, recordingLogger())
    drawn.length = 0
    const bundle = await packBundle(
      {
        buildDir: join(EXAMPLE_APP, 'www'),
        appId: 'com.example.k',
        version: '1.0.0',
        outputDir: await tempDir(),
        key,
        checksumFormat: 'v3',
      },
      recordingLogger(),
    )
    const [sessionKey, iv] = drawn.filter((bytes) => bytes.length === 16)
    expect(sessionKey).toBeDefined()
    expect(sessionKey.equals(Buffer.alloc(16))).toBe(true)
    expect(iv.toString('base64')).toBe(bundle.ivSessionKey.split(':')[0])
    // K was used before it was wiped: the bundle decrypts and verifies.
    expect(
      (await verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: key.publicPem }))
        .sha256,
    ).toBe(bundle.sha256)
  })
})
