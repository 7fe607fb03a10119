import { generateKeyPairSync, createPrivateKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkConfigPublicKey, keyIdOf, parsePrivateKey, parsePublicKey } from '../src/bundle/keys.js'
import { BundleError } from '../src/errors.js'
import { keyPair, recordingLogger } from './support/fixtures.js'

const { privatePem, publicPem } = keyPair()
const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')

function refusal(text: string): BundleError {
  try {
    parsePrivateKey(text, recordingLogger())
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError)
    return error as BundleError
  }
  throw new Error('key was accepted')
}

describe('parsePrivateKey accepts the forms secrets arrive in', () => {
  const pkcs8 = createPrivateKey(privatePem).export({ type: 'pkcs8', format: 'pem' }) as string
  const forms: Record<string, string> = {
    'PKCS#1 PEM': privatePem,
    'PKCS#8 PEM': pkcs8,
    'CRLF line ends': privatePem.replace(/\n/g, '\r\n'),
    'literal \\n escapes': privatePem.replace(/\n/g, '\\n'),
    'surrounding double quotes and whitespace': `  "${privatePem.replace(/\n/g, '\\n')}"\n`,
    'surrounding single quotes': `'${privatePem}'`,
    'base64-encoded once': Buffer.from(privatePem).toString('base64'),
    'body folded onto one line with spaces': privatePem.replace(/\n(?!-----END)/g, ' '),
  }
  for (const [name, text] of Object.entries(forms)) {
    it(name, () => {
      const key = parsePrivateKey(text, recordingLogger())
      expect(key.publicPem).toBe(publicPem)
      expect(key.keyId).toBe(keyIdOf(publicPem))
    })
  }

  it('derives a key id that starts like every RSA-2048 PKCS#1 key', () => {
    const key = parsePrivateKey(privatePem, recordingLogger())
    expect(key.keyId).toHaveLength(20)
    expect(key.keyId.startsWith('MIIBCgKCAQEA')).toBe(true)
    expect(key.publicPem).toMatch(/^-----BEGIN RSA PUBLIC KEY-----\n(.{64}\n)+.{1,64}\n-----END RSA PUBLIC KEY-----\n$/)
  })
})

describe('parsePrivateKey refuses keys devices cannot use, naming the input', () => {
  it('a public key', () => {
    const error = refusal(publicPem)
    expect(error.code).toBe('key_is_public')
    expect(error.message).toMatch(/^private-key holds a public key/)
  })
  it('an encrypted key', () => {
    const encrypted = createPrivateKey(privatePem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string
    expect(refusal(encrypted).code).toBe('key_encrypted')
  })
  it('a malformed PEM', () => {
    const damaged = privatePem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n' + 'A'.repeat(10) + '\n')
    expect(refusal(damaged).code).toBe('key_malformed')
    expect(refusal('not a key at all').code).toBe('key_malformed')
  })
  it('a 4096-bit key, explaining iOS', () => {
    const big = generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
    const error = refusal(big)
    expect(error.code).toBe('key_size')
    expect(error.message).toContain('iOS')
    expect(error.input).toBe('private-key')
  })
  it('an EC key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    expect(refusal(ec).code).toBe('key_not_rsa')
  })
  it('never puts key material in the message', () => {
    const damaged = privatePem.slice(0, 300)
    const error = refusal(damaged)
    for (const line of damaged.split('\n').slice(1)) if (line.length > 8) expect(error.message).not.toContain(line)
  })
})

describe('masking', () => {
  it('masks the key as given, each body line, and every derived form before parsing', () => {
    const logger = recordingLogger()
    const given = `"${privatePem.replace(/\n/g, '\\n')}"`
    parsePrivateKey(given, logger)
    const pkcs8 = createPrivateKey(privatePem).export({ type: 'pkcs8', format: 'pem' }) as string
    expect(logger.secrets).toContain(given.trim())
    for (const pem of [privatePem, pkcs8]) {
      expect(logger.secrets).toContain(body(pem))
      for (const line of pem.split('\n').filter((l) => l && !l.startsWith('-----'))) expect(logger.secrets).toContain(line)
    }
  })
  it('masks the base64 wrapper too', () => {
    const logger = recordingLogger()
    const wrapped = Buffer.from(privatePem).toString('base64')
    parsePrivateKey(wrapped, logger)
    expect(logger.secrets).toContain(wrapped)
  })
  it('masks a key it refuses', () => {
    const logger = recordingLogger()
    const big = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
    expect(() => parsePrivateKey(big, logger)).toThrow(BundleError)
    expect(logger.secrets).toContain(body(big))
  })
  it('never masks the public key', () => {
    const logger = recordingLogger()
    parsePrivateKey(privatePem, logger)
    for (const line of publicPem.split('\n').filter((l) => l.length > 8 && !l.startsWith('-----'))) expect(logger.secrets).not.toContain(line)
  })
})

describe('checkConfigPublicKey', () => {
  const signing = parsePrivateKey(privatePem, recordingLogger())
  it('accepts the matching PKCS#1 public key', () => {
    expect(() => checkConfigPublicKey(publicPem, signing, 'capacitor.config.json')).not.toThrow()
  })
  it('refuses another key, naming both key ids', () => {
    const other = keyPair(1).publicPem
    expect(() => checkConfigPublicKey(other, signing, 'capacitor.config.json')).toThrow(/could not decrypt this bundle/)
    try {
      checkConfigPublicKey(other, signing, 'capacitor.config.json')
    } catch (error) {
      expect((error as Error).message).toContain(signing.keyId)
      expect((error as Error).message).toContain(keyIdOf(other))
    }
  })
  it('refuses the matching key in SPKI form: Android skips decryption with it', () => {
    const spki = parsePublicKey(publicPem, 'test').key.export({ type: 'spki', format: 'pem' }) as string
    expect(() => checkConfigPublicKey(spki, signing, 'capacitor.config.json')).toThrow(/Android skips decryption/)
  })
})

describe('checkConfigPublicKey during a key rotation', () => {
  it('with allowMismatch, returns a warning naming both key ids instead of failing', () => {
    const signing = parsePrivateKey(keyPair().privatePem, recordingLogger())
    const next = keyPair(1).publicPem
    const warning = checkConfigPublicKey(next, signing, 'capacitor.config.json', true)
    expect(warning).toContain(signing.keyId)
    expect(warning).toContain(keyIdOf(next))
    expect(checkConfigPublicKey(keyPair().publicPem, signing, 'capacitor.config.json', true)).toBeUndefined()
  })
})
