import { constants, createPrivateKey, privateEncrypt, sign } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePrivateKey, parsePublicKey } from '../src/bundle/keys.js'
import { encryptZipFile } from '../src/bundle/encrypt.js'
import { packBundle } from '../src/bundle/pack.js'
import { DeviceRejection, verifyBundle } from '../src/bundle/verify.js'
import type { PackedBundle } from '../src/types.js'
import { EXAMPLE_APP, keyPair, recordingLogger, removeTempDirs, tempDir } from './support/fixtures.js'

const { privatePem, publicPem } = keyPair()
let bundle: PackedBundle
let dir: string

beforeAll(async () => {
  dir = await tempDir()
  const key = parsePrivateKey(privatePem, recordingLogger())
  bundle = await packBundle({ buildDir: join(EXAMPLE_APP, 'www'), appId: 'com.example.test', version: '1.0.0', outputDir: dir, key, checksumFormat: 'v3' }, recordingLogger())
})
afterAll(removeTempDirs)

async function rejection(overrides: Partial<Parameters<typeof verifyBundle>[0]>): Promise<DeviceRejection> {
  const error = await verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: publicPem, ...overrides }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DeviceRejection)
  return error as DeviceRejection
}

describe('device-equivalent verification', () => {
  it('accepts the bundle as packed and reports the zip hash', async () => {
    const result = await verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: publicPem })
    expect(result).toEqual({ sha256: bundle.sha256, checksumFormat: 'v3', zipSize: bundle.zipSize, entries: 5 })
  })

  it('rejects one flipped ciphertext byte', async () => {
    const bytes = await readFile(bundle.path)
    bytes[Math.floor(bytes.length / 2)] ^= 0x01
    const flipped = join(dir, 'flipped.zip')
    await writeFile(flipped, bytes)
    const error = await rejection({ file: flipped })
    expect(['checksum_fail', 'decrypt_fail']).toContain(error.reason)
  })

  it('rejects a flipped byte in the last block (padding) as decrypt_fail', async () => {
    const bytes = await readFile(bundle.path)
    bytes[bytes.length - 1] ^= 0x55
    const flipped = join(dir, 'flipped-tail.zip')
    await writeFile(flipped, bytes)
    expect((await rejection({ file: flipped })).reason).toBe('decrypt_fail')
  })

  it('rejects a changed session key', async () => {
    const [iv] = bundle.ivSessionKey.split(':')
    const otherKey = privateEncrypt({ key: createPrivateKey(privatePem), padding: constants.RSA_PKCS1_PADDING }, Buffer.alloc(16, 7)).toString('base64')
    // A wrong K almost always breaks the CBC padding; when it does not, the checksum catches it.
    expect(['decrypt_fail', 'checksum_fail']).toContain((await rejection({ ivSessionKey: `${iv}:${otherKey}` })).reason)
  })

  it('rejects a malformed session key the way iOS parses it', async () => {
    expect((await rejection({ ivSessionKey: bundle.ivSessionKey.replace(':', '') })).reason).toBe('decrypt_fail')
    expect((await rejection({ ivSessionKey: ` ${bundle.ivSessionKey}` })).reason).toBe('decrypt_fail')
    const [, encrypted] = bundle.ivSessionKey.split(':')
    expect((await rejection({ ivSessionKey: `${Buffer.alloc(12).toString('base64')}:${encrypted}` })).reason).toBe('decrypt_fail')
  })

  it('rejects a wrong public key', async () => {
    expect((await rejection({ publicKey: keyPair(1).publicPem })).reason).toBe('decrypt_fail')
  })

  it('rejects a DigestInfo-style signature of the right digest (what a signing API makes)', async () => {
    const plain = join(dir, 'plain.zip')
    await verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: publicPem, writeTo: plain })
    const standardSignature = sign('sha256', await readFile(plain), createPrivateKey(privatePem))
    expect(standardSignature.length).toBe(256)
    expect((await rejection({ checksum: standardSignature.toString('hex') })).reason).toBe('checksum_fail')
  })

  it('rejects an SPKI public key even when it is the right key', async () => {
    const spki = parsePublicKey(publicPem, 'test').key.export({ type: 'spki', format: 'pem' }) as string
    const error = await rejection({ publicKey: spki })
    expect(error.message).toMatch(/Android skips decryption/)
  })

  it('rejects a checksum signed over another zip', async () => {
    const other = privateEncrypt({ key: createPrivateKey(privatePem), padding: constants.RSA_PKCS1_PADDING }, Buffer.alloc(32, 1)).toString('hex')
    expect((await rejection({ checksum: other })).reason).toBe('checksum_fail')
  })

  it('accepts V2 checksums and tells them apart', async () => {
    const key = parsePrivateKey(privatePem, recordingLogger())
    const v2 = await packBundle({ buildDir: join(EXAMPLE_APP, 'www'), appId: 'com.example.test', version: '1.0.1', outputDir: dir, key, checksumFormat: 'v2' }, recordingLogger())
    expect(v2.checksum).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(v2.checksum).toHaveLength(344)
    const result = await verifyBundle({ file: v2.path, ivSessionKey: v2.ivSessionKey, checksum: v2.checksum, publicKey: publicPem })
    expect(result.checksumFormat).toBe('v2')
  })

  it('writes the decrypted zip only when asked, and only when it passes', async () => {
    const out = join(dir, 'decrypted.zip')
    await verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: publicPem, writeTo: out })
    expect((await readFile(out)).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04')
    const refused = join(dir, 'refused.zip')
    await rejection({ writeTo: refused, publicKey: keyPair(1).publicPem })
    await expect(readFile(refused)).rejects.toThrow()
  })
})

describe('device unzip rules, checked on the decrypted zip', () => {
  /** Decrypts our bundle, lets `edit` damage the plaintext zip, and encrypts it again with a fresh signature. */
  async function tampered(edit: (zip: Buffer) => void): Promise<DeviceRejection> {
    const plain = join(dir, `plain-${Math.random()}.zip`)
    await verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: publicPem, writeTo: plain })
    const zip = await readFile(plain)
    edit(zip)
    await writeFile(plain, zip)
    const key = parsePrivateKey(privatePem, recordingLogger())
    const encrypted = await encryptZipFile(plain, `${plain}.enc`, key, 'v3')
    const error = await verifyBundle({ file: `${plain}.enc`, ivSessionKey: encrypted.ivSessionKey, checksum: encrypted.checksum, publicKey: publicPem }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(DeviceRejection)
    return error as DeviceRejection
  }

  /** The offset of one entry's central-directory header, walked from the end record. */
  function centralEntry(zip: Buffer, name: string): number {
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    let offset = zip.readUInt32LE(end + 16)
    for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
      const length = zip.readUInt16LE(offset + 28)
      if (zip.subarray(offset + 46, offset + 46 + length).toString() === name) return offset
      offset += 46 + length + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32)
    }
    throw new Error(`${name} not in zip`)
  }

  it('a stored entry with a data descriptor (what archiver writes) fails as on Android', async () => {
    const error = await tampered((zip) => {
      const entry = centralEntry(zip, 'assets/logo.png')
      zip.writeUInt16LE(zip.readUInt16LE(entry + 8) | 0x08, entry + 8)
    })
    expect(error.reason).toBe('unzip_fail')
    expect(error.message).toContain('only DEFLATED entries can have EXT descriptor')
  })

  it('a path with .. fails as canonical_path_fail', async () => {
    const error = await tampered((zip) => zip.write('../lo', centralEntry(zip, 'assets/logo.png') + 46 + 'assets/'.length))
    expect(error.reason).toBe('canonical_path_fail')
  })

  it('a backslash path fails as windows_path_fail', async () => {
    const error = await tampered((zip) => zip.write('\\', centralEntry(zip, 'assets/app.css') + 46 + 'assets'.length))
    expect(error.reason).toBe('windows_path_fail')
  })

  it('a zip without index.html at the root fails', async () => {
    const error = await tampered((zip) => zip.write('x', centralEntry(zip, 'index.html') + 46))
    expect(error.message).toContain('index.html')
  })
})

describe('every entry is checked, whatever the central directory size', () => {
  /** A zip of empty stored entries, written directly: 30,000 long names make a central directory over 8 MiB. */
  function zipOf(names: string[]): Buffer {
    const locals: Buffer[] = []
    const central: Buffer[] = []
    let offset = 0
    for (const name of names) {
      const raw = Buffer.from(name)
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt16LE(20, 4)
      local.writeUInt16LE(raw.length, 26)
      const header = Buffer.alloc(46)
      header.writeUInt32LE(0x02014b50, 0)
      header.writeUInt16LE(20, 6)
      header.writeUInt16LE(raw.length, 28)
      header.writeUInt32LE(offset, 42)
      locals.push(local, raw)
      central.push(header, raw)
      offset += 30 + raw.length
    }
    const directory = Buffer.concat(central)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(names.length, 8)
    end.writeUInt16LE(names.length, 10)
    end.writeUInt32LE(directory.length, 12)
    end.writeUInt32LE(offset, 16)
    return Buffer.concat([...locals, directory, end])
  }

  async function verifyZip(zip: Buffer) {
    const plain = join(dir, `big-${Math.random()}.zip`)
    await writeFile(plain, zip)
    const encrypted = await encryptZipFile(plain, `${plain}.enc`, parsePrivateKey(privatePem, recordingLogger()), 'v3')
    return verifyBundle({ file: `${plain}.enc`, ivSessionKey: encrypted.ivSessionKey, checksum: encrypted.checksum, publicKey: publicPem })
  }

  const names = ['index.html', ...Array.from({ length: 30_000 }, (_, i) => `assets/${'n'.repeat(280)}/${String(i).padStart(5, '0')}.js`)]

  it('finds a backslash name in a central directory over 8 MiB (it used to be skipped and reported Verified)', async () => {
    const bad = [...names.slice(0, 10), 'a\\b.txt', ...names.slice(10)]
    const zip = zipOf(bad)
    expect(zip.length - zip.readUInt32LE(zip.length - 22 + 16)).toBeGreaterThan(8 * 1024 * 1024)
    const error = await verifyZip(zip).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(DeviceRejection)
    expect((error as DeviceRejection).reason).toBe('windows_path_fail')
    expect((error as DeviceRejection).message).toContain('a\\b.txt')
  })

  it('accepts the same large zip without the bad name, counting every entry', async () => {
    const result = await verifyZip(zipOf(names))
    expect(result.entries).toBe(names.length)
  })
})
