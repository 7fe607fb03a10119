import { constants, createCipheriv, createHash, createPrivateKey, privateEncrypt, sign } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePrivateKey, parsePublicKey } from '../src/bundle/keys.js'
import { encryptZipFile } from '../src/bundle/encrypt.js'
import { encodeIvSessionKey, signChecksum } from '../src/bundle/format.js'
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
  bundle = await packBundle(
    { buildDir: join(EXAMPLE_APP, 'www'), appId: 'com.example.test', version: '1.0.0', outputDir: dir, key, checksumFormat: 'v3' },
    recordingLogger(),
  )
})
afterAll(removeTempDirs)

async function rejection(overrides: Partial<Parameters<typeof verifyBundle>[0]>): Promise<DeviceRejection> {
  const error = await verifyBundle({
    file: bundle.path,
    ivSessionKey: bundle.ivSessionKey,
    checksum: bundle.checksum,
    publicKey: publicPem,
    ...overrides,
  }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DeviceRejection)
  return error as DeviceRejection
}

describe('device-equivalent verification', () => {
  it('accepts the bundle as packed and reports the zip hash', async () => {
    const result = await verifyBundle({
      file: bundle.path,
      ivSessionKey: bundle.ivSessionKey,
      checksum: bundle.checksum,
      publicKey: publicPem,
    })
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

  it('rejects a flipped byte that breaks the padding as decrypt_fail', async () => {
    const bytes = await readFile(bundle.path)
    // In CBC a byte of the second-to-last block XORs into the same position of the last plaintext block: the
    // padding length byte (1-16) becomes 0x41 or more, always invalid. Flipping the last ciphertext byte itself
    // would leave valid padding about once in 256 runs.
    bytes[bytes.length - 17] ^= 0x55
    const flipped = join(dir, 'flipped-tail.zip')
    await writeFile(flipped, bytes)
    expect((await rejection({ file: flipped })).reason).toBe('decrypt_fail')
  })

  it('rejects a changed session key', async () => {
    const [iv] = bundle.ivSessionKey.split(':')
    const otherKey = privateEncrypt(
      { key: createPrivateKey(privatePem), padding: constants.RSA_PKCS1_PADDING },
      Buffer.alloc(16, 7),
    ).toString('base64')
    // A wrong K almost always breaks the CBC padding; when it does not, the checksum catches it.
    expect(['decrypt_fail', 'checksum_fail']).toContain((await rejection({ ivSessionKey: `${iv}:${otherKey}` })).reason)
  })

  it('rejects a malformed session key the way iOS parses it', async () => {
    expect((await rejection({ ivSessionKey: bundle.ivSessionKey.replace(':', '') })).reason).toBe('decrypt_fail')
    expect((await rejection({ ivSessionKey: ` ${bundle.ivSessionKey}` })).reason).toBe('decrypt_fail')
    const [, encrypted] = bundle.ivSessionKey.split(':')
    expect((await rejection({ ivSessionKey: `${Buffer.alloc(12).toString('base64')}:${encrypted}` })).reason).toBe('decrypt_fail')
  })

  it('rejects a session key whose RSA value is written without its leading zero byte, as iOS does', async () => {
    // A bundle encrypted with a K whose RSA value starts with a zero byte: OpenSSL recovers K from
    // the 255 bytes after it as well, devices need all 256.
    const rsa = (data: Buffer) => privateEncrypt({ key: createPrivateKey(privatePem), padding: constants.RSA_PKCS1_PADDING }, data)
    let sessionKey: Buffer | undefined
    for (let i = 0; i < 5000 && !sessionKey; i++) {
      const candidate = Buffer.from(i.toString(16).padStart(32, '0'), 'hex')
      if (rsa(candidate)[0] === 0) sessionKey = candidate
    }
    expect(sessionKey).toBeDefined()
    const plain = join(dir, 'leading-zero.plain.zip')
    await verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, publicKey: publicPem, writeTo: plain })
    const iv = Buffer.alloc(16, 5)
    const cipher = createCipheriv('aes-128-cbc', sessionKey!, iv)
    const file = join(dir, 'leading-zero.zip')
    await writeFile(file, Buffer.concat([cipher.update(await readFile(plain)), cipher.final()]))
    const full = rsa(sessionKey!)
    expect(
      (
        await verifyBundle({
          file,
          ivSessionKey: `${iv.toString('base64')}:${full.toString('base64')}`,
          checksum: bundle.checksum,
          publicKey: publicPem,
        })
      ).sha256,
    ).toBe(bundle.sha256)
    const error = await rejection({ file, ivSessionKey: `${iv.toString('base64')}:${full.subarray(1).toString('base64')}` })
    expect(error.reason).toBe('decrypt_fail')
    expect(error.message).toBe(
      'devices would reject this bundle (decrypt_fail): encrypted session key is 255 bytes, devices need a 256-byte RSA value',
    )
  })

  it('rejects a wrong public key', async () => {
    expect((await rejection({ publicKey: keyPair(1).publicPem })).reason).toBe('decrypt_fail')
  })

  it('rejects a DigestInfo-style signature of the right digest (what a signing API makes)', async () => {
    const plain = join(dir, 'plain.zip')
    await verifyBundle({
      file: bundle.path,
      ivSessionKey: bundle.ivSessionKey,
      checksum: bundle.checksum,
      publicKey: publicPem,
      writeTo: plain,
    })
    const standardSignature = sign('sha256', await readFile(plain), createPrivateKey(privatePem))
    expect(standardSignature.length).toBe(256)
    expect((await rejection({ checksum: standardSignature.toString('hex') })).reason).toBe('checksum_fail')
  })

  it('rejects an SPKI public key even when it is the right key', async () => {
    const spki = parsePublicKey(publicPem, 'test').key.export({ type: 'spki', format: 'pem' }) as string
    const error = await rejection({ publicKey: spki })
    expect(error.message).toMatch(/Android skips decryption/)
    expect(error.reason).toBe('checksum_fail')
  })

  it('rejects a checksum signed over another zip', async () => {
    const other = privateEncrypt({ key: createPrivateKey(privatePem), padding: constants.RSA_PKCS1_PADDING }, Buffer.alloc(32, 1)).toString(
      'hex',
    )
    expect((await rejection({ checksum: other })).reason).toBe('checksum_fail')
  })

  it('accepts V2 checksums and tells them apart', async () => {
    const key = parsePrivateKey(privatePem, recordingLogger())
    const v2 = await packBundle(
      { buildDir: join(EXAMPLE_APP, 'www'), appId: 'com.example.test', version: '1.0.1', outputDir: dir, key, checksumFormat: 'v2' },
      recordingLogger(),
    )
    expect(v2.checksum).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(v2.checksum).toHaveLength(344)
    const result = await verifyBundle({ file: v2.path, ivSessionKey: v2.ivSessionKey, checksum: v2.checksum, publicKey: publicPem })
    expect(result.checksumFormat).toBe('v2')
  })

  it('writes the decrypted zip only when asked, and only when it passes', async () => {
    const out = join(dir, 'decrypted.zip')
    await verifyBundle({
      file: bundle.path,
      ivSessionKey: bundle.ivSessionKey,
      checksum: bundle.checksum,
      publicKey: publicPem,
      writeTo: out,
    })
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
    await verifyBundle({
      file: bundle.path,
      ivSessionKey: bundle.ivSessionKey,
      checksum: bundle.checksum,
      publicKey: publicPem,
      writeTo: plain,
    })
    const zip = await readFile(plain)
    edit(zip)
    await writeFile(plain, zip)
    const key = parsePrivateKey(privatePem, recordingLogger())
    const encrypted = await encryptZipFile(plain, `${plain}.enc`, key, 'v3')
    const error = await verifyBundle({
      file: `${plain}.enc`,
      ivSessionKey: encrypted.ivSessionKey,
      checksum: encrypted.checksum,
      publicKey: publicPem,
    }).then(
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

describe('verification details a device depends on (mutation round 1)', () => {
  const verify = (overrides: Partial<Parameters<typeof verifyBundle>[0]>) =>
    verifyBundle({ file: bundle.path, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: publicPem, ...overrides })
  const partials = async () => (await readdir(dir)).filter((name) => name.endsWith('.partial'))

  it('without a checksum checks decryption only and reports no format', async () => {
    expect(await verify({ checksum: undefined })).toEqual({
      sha256: bundle.sha256,
      checksumFormat: undefined,
      zipSize: bundle.zipSize,
      entries: 5,
    })
  })

  it('accepts a checksum with the line end a file or a secret adds', async () => {
    expect((await verify({ checksum: `${bundle.checksum}\n` })).checksumFormat).toBe('v3')
  })

  it('names the reason and the detail in every rejection', async () => {
    const error = await rejection({ ivSessionKey: bundle.ivSessionKey.replace(':', '') })
    expect(error.code).toBe('device_decrypt_fail')
    expect(error.message).toBe('devices would reject this bundle (decrypt_fail): session key is not two base64 parts separated by ":"')
  })

  it('names the public key when it is not one', async () => {
    await expect(verify({ publicKey: 'nope' })).rejects.toThrow(/^the public key is not a PEM public key/)
  })

  it('a checksum that is not a 256-byte RSA value fails as checksum_fail', async () => {
    const error = await rejection({ checksum: bundle.checksum.slice(2) })
    expect(error.reason).toBe('checksum_fail')
    expect(error.message).toContain('signed checksum is 255 bytes, devices need a 256-byte RSA value')
  })

  it('a changed file fails on padding with a message saying what changed, and leaves no partial file', async () => {
    const bytes = await readFile(bundle.path)
    bytes[bytes.length - 1] ^= 0x55
    const flipped = join(dir, 'flipped-tail-2.zip')
    await writeFile(flipped, bytes)
    const out = join(dir, 'never-written.zip')
    const error = await rejection({ file: flipped, writeTo: out })
    expect(error.message).toContain('AES-128-CBC decryption failed (bad padding): the file or the session key was changed')
    await expect(readFile(out)).rejects.toThrow()
    expect(await partials()).toEqual([])
  })

  it('a missing file is an I/O error, not a device rejection', async () => {
    const error = await verify({ file: join(dir, 'missing.zip') }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).not.toBeInstanceOf(DeviceRejection)
    expect((error as { code?: string }).code).toBe('ENOENT')
  })

  it('a checksum mismatch names both sides and leaves no partial file', async () => {
    const other = privateEncrypt({ key: createPrivateKey(privatePem), padding: constants.RSA_PKCS1_PADDING }, Buffer.alloc(32, 1)).toString(
      'hex',
    )
    const out = join(dir, 'mismatch.zip')
    const error = await rejection({ checksum: other, writeTo: out })
    expect(error.message).toContain(`the decrypted zip's SHA-256 (${bundle.sha256}) differs from the signed checksum (v3)`)
    await expect(readFile(out)).rejects.toThrow()
    expect(await partials()).toEqual([])
  })

  it('decrypted data that is not a zip fails as unzip_fail, checksum or not', async () => {
    const sessionKey = Buffer.alloc(16, 5)
    const iv = Buffer.alloc(16, 6)
    const plain = Buffer.from('<html>not a zip, but signed and encrypted correctly</html>'.repeat(10))
    const cipher = createCipheriv('aes-128-cbc', sessionKey, iv)
    const file = join(dir, 'not-a-zip.enc')
    await writeFile(file, Buffer.concat([cipher.update(plain), cipher.final()]))
    const key = createPrivateKey(privatePem)
    const ivSessionKey = encodeIvSessionKey(key, sessionKey, iv)
    const checksum = signChecksum(key, createHash('sha256').update(plain).digest('hex'), 'v3')
    for (const given of [checksum, undefined]) {
      const error = await rejection({ file, ivSessionKey, checksum: given })
      expect(error.reason).toBe('unzip_fail')
      expect(error.message).toContain('the decrypted data is not a zip file')
    }
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
