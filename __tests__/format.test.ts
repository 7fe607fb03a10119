import { constants, createPrivateKey, createPublicKey, privateEncrypt, publicDecrypt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  ChecksumError,
  CIPHER,
  encodeIvSessionKey,
  parseIvSessionKey,
  recoverChecksum,
  recoverSessionKey,
  sealSessionKey,
  SessionKeyError,
  signChecksum,
  signChecksumWith,
} from '../src/bundle/format.js'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { keyPair, recordingLogger } from './support/fixtures.js'

const privateKey = createPrivateKey(keyPair().privatePem)
const publicKey = createPublicKey(keyPair().publicPem)
const rsaPrivate = (data: Buffer) => privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, data)
const IV = Buffer.alloc(16, 9).toString('base64')
const SHA = 'a'.repeat(64)

function thrown(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error('nothing was thrown')
}

describe('parseIvSessionKey parses as strictly as iOS', () => {
  it('refuses anything but two non-empty parts, saying so', () => {
    for (const text of [`${IV}:AAAA:AAAA`, `:AAAA`, `${IV}:`, IV, `${IV}::AAAA`]) {
      const error = thrown(() => parseIvSessionKey(text))
      expect(error, text).toBeInstanceOf(SessionKeyError)
      expect(error.message, text).toBe('session key is not two base64 parts separated by ":"')
    }
  })

  it('refuses base64 that is not strict: missing padding, whitespace, other alphabets', () => {
    for (const part of ['AAAAA', 'AAA', 'AA=', 'AAAA\n', ' AAAA', 'AA-_', 'AAAA====', 'A===', '!!!=']) {
      const error = thrown(() => parseIvSessionKey(`${IV}:${part}`))
      expect(error, part).toBeInstanceOf(SessionKeyError)
      expect(error.message, part).toBe('session key is not strict base64')
    }
  })

  it('accepts every strict base64 length: unpadded, one and two padding characters', () => {
    for (const bytes of [3, 2, 1, 255]) {
      const part = Buffer.alloc(bytes, 0xfb).toString('base64')
      expect(parseIvSessionKey(`${IV}:${part}`).encryptedKey).toEqual(Buffer.alloc(bytes, 0xfb))
    }
  })

  it('refuses an IV that is not 16 bytes, naming both sizes', () => {
    const error = thrown(() => parseIvSessionKey(`${Buffer.alloc(12).toString('base64')}:AAAA`))
    expect(error).toBeInstanceOf(SessionKeyError)
    expect(error.message).toBe('IV is 12 bytes, devices need 16')
  })
})

describe('recoverSessionKey', () => {
  it('recovers a 16-byte key', () => {
    expect(recoverSessionKey(publicKey, rsaPrivate(Buffer.alloc(16, 3)))).toEqual(Buffer.alloc(16, 3))
  })

  it('refuses a key of another length, as devices do', () => {
    for (const length of [15, 17, 32]) {
      const error = thrown(() => recoverSessionKey(publicKey, rsaPrivate(Buffer.alloc(length, 3))))
      expect(error).toBeInstanceOf(SessionKeyError)
      expect(error.message).toBe(`session key is ${length} bytes, devices need 16`)
    }
  })

  it('refuses a value that is not 256 bytes, even one OpenSSL would still recover', () => {
    // An RSA value with a leading zero byte, written without it: Node recovers it, iOS does not.
    let short: Buffer | undefined
    let key: Buffer | undefined
    for (let i = 0; i < 5000 && !short; i++) {
      key = Buffer.from(i.toString(16).padStart(32, '0'), 'hex')
      const encrypted = rsaPrivate(key)
      if (encrypted[0] === 0) short = encrypted.subarray(1)
    }
    expect(short).toBeDefined()
    // The hole this closes: without the length check the short value recovers the key.
    expect(publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, short!)).toEqual(key)
    const error = thrown(() => recoverSessionKey(publicKey, short!))
    expect(error).toBeInstanceOf(SessionKeyError)
    expect(error.message).toBe('encrypted session key is 255 bytes, devices need a 256-byte RSA value')
    expect(thrown(() => recoverSessionKey(publicKey, Buffer.concat([Buffer.alloc(1), rsaPrivate(Buffer.alloc(16, 3))]))).message).toBe(
      'encrypted session key is 257 bytes, devices need a 256-byte RSA value',
    )
    expect(thrown(() => recoverSessionKey(publicKey, Buffer.alloc(3, 0xfb))).message).toBe(
      'encrypted session key is 3 bytes, devices need a 256-byte RSA value',
    )
  })

  it('refuses a key encrypted with another private key', () => {
    const other = privateEncrypt(
      { key: createPrivateKey(keyPair(1).privatePem), padding: constants.RSA_PKCS1_PADDING },
      Buffer.alloc(16, 3),
    )
    const error = thrown(() => recoverSessionKey(publicKey, other))
    expect(error).toBeInstanceOf(SessionKeyError)
    expect(error.message).toBe('session key was not encrypted with the private half of this public key')
  })
})

describe('recoverChecksum', () => {
  it('recovers V3 (hex, either case) and V2 (base64)', () => {
    const v3 = signChecksum(privateKey, SHA, 'v3')
    expect(recoverChecksum(publicKey, v3)).toEqual({ expectedSha256: SHA, format: 'v3' })
    expect(recoverChecksum(publicKey, v3.toUpperCase())).toEqual({ expectedSha256: SHA, format: 'v3' })
    const v2 = signChecksum(privateKey, SHA, 'v2')
    expect(recoverChecksum(publicKey, v2)).toEqual({ expectedSha256: Buffer.from(SHA, 'base64').toString('base64'), format: 'v2' })
  })

  it('decides V2 or V3 on the whole string, not a hex-looking start or end', () => {
    // A V2 checksum that starts with hex characters, and one that ends with them (its padding dropped).
    let startsHex: string | undefined
    let endsHex: string | undefined
    for (let i = 0; i < 2000 && !(startsHex && endsHex); i++) {
      const digest = i.toString(16).padStart(64, '0')
      const v2 = signChecksum(privateKey, digest, 'v2')
      if (!startsHex && /^[0-9a-fA-F]{2}/.test(v2)) startsHex = v2
      if (!endsHex && /[0-9a-fA-F]{2}==$/.test(v2)) endsHex = v2.slice(0, -2)
    }
    for (const v2 of [startsHex, endsHex]) {
      expect(v2).toBeDefined()
      expect(recoverChecksum(publicKey, v2!).format).toBe('v2')
    }
  })

  it('refuses a value that is not 256 bytes, even one OpenSSL would still recover', () => {
    // An RSA value with a leading zero byte, written without it: Node recovers it, iOS does not.
    let short: Buffer | undefined
    for (let i = 0; i < 5000 && !short; i++) {
      const signed = rsaPrivate(Buffer.from(i.toString(16).padStart(64, '0'), 'hex'))
      if (signed[0] === 0) short = signed.subarray(1)
    }
    expect(short).toBeDefined()
    const error = thrown(() => recoverChecksum(publicKey, short!.toString('hex')))
    expect(error).toBeInstanceOf(ChecksumError)
    expect(error.message).toBe('signed checksum is 255 bytes, devices need a 256-byte RSA value')
    expect(thrown(() => recoverChecksum(publicKey, 'ab'.repeat(128))).message).toBe(
      'signed checksum is 128 bytes, devices need a 256-byte RSA value',
    )
  })

  it('refuses a checksum signed with another private key', () => {
    const other = signChecksum(createPrivateKey(keyPair(1).privatePem), SHA, 'v3')
    const error = thrown(() => recoverChecksum(publicKey, other))
    expect(error).toBeInstanceOf(ChecksumError)
    expect(error.message).toBe('checksum was not signed with the private half of this public key')
  })
})

describe('through a signer, the same bytes as with the key itself', () => {
  const signing = () => parsePrivateKey(keyPair().privatePem, recordingLogger())

  it('the cipher devices decrypt with is AES-128-CBC', () => {
    expect(CIPHER).toBe('aes-128-cbc')
  })

  it('sealSessionKey is encodeIvSessionKey: base64(IV):base64(RSA_priv(K))', async () => {
    const sessionKey = Buffer.alloc(16, 3)
    const iv = Buffer.alloc(16, 9)
    const sealed = await sealSessionKey(signing(), sessionKey, iv)
    expect(sealed).toBe(encodeIvSessionKey(privateKey, sessionKey, iv))
    expect(sealed.startsWith(`${IV}:`)).toBe(true)
    expect(recoverSessionKey(publicKey, parseIvSessionKey(sealed).encryptedKey)).toEqual(sessionKey)
  })

  it('signChecksumWith is signChecksum, V3 and V2', async () => {
    for (const format of ['v3', 'v2'] as const) {
      const signed = await signChecksumWith(signing(), SHA, format)
      expect(signed, format).toBe(signChecksum(privateKey, SHA, format))
      expect(recoverChecksum(publicKey, signed).format).toBe(format)
    }
  })
})
