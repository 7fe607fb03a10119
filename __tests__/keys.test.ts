import { generateKeyPairSync, createPrivateKey, createPublicKey } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { checkConfigPublicKey, generateKeyPair, keyIdOf, maskPrivateKeyText, parsePrivateKey, parsePublicKey } from '../src/bundle/keys.js'
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
    const encrypted = createPrivateKey(privatePem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pw',
    }) as string
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
    for (const line of publicPem.split('\n').filter((l) => l.length > 8 && !l.startsWith('-----')))
      expect(logger.secrets).not.toContain(line)
  })
})

describe('checkConfigPublicKey', () => {
  let signing: ReturnType<typeof parsePrivateKey>
  beforeEach(() => {
    signing = parsePrivateKey(privatePem, recordingLogger())
  })
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

describe('parsePrivateKey: every refusal and what it tells the user (mutation round 1)', () => {
  it('says what a PEM private key looks like when there is none', () => {
    expect(refusal('not a key at all').message).toBe(
      'private-key is not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).',
    )
  })
  it('a passphrase-encrypted key in either form, telling to give the unencrypted PEM', () => {
    const key = createPrivateKey(privatePem)
    const traditional = key.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string
    expect(traditional).toContain('Proc-Type: 4,ENCRYPTED')
    const pkcs8 = key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string
    for (const text of [traditional, pkcs8]) {
      const error = refusal(text)
      expect(error.code).toBe('key_encrypted')
      expect(error.message).toBe('private-key is encrypted with a passphrase; give the unencrypted PEM (store it as a secret instead).')
    }
  })
  it('a public key in SPKI form too', () => {
    const spki = createPublicKey(publicPem).export({ type: 'spki', format: 'pem' }) as string
    expect(refusal(spki).code).toBe('key_is_public')
  })
  it('a PEM of another kind, named by its label', () => {
    const sec1 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string
    const error = refusal(sec1)
    expect(error.code).toBe('key_malformed')
    expect(error.message).toBe('private-key is a PEM "EC PRIVATE KEY", not an RSA private key.')
  })
  it('a damaged body, without quoting it', () => {
    const damaged = privatePem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n' + 'A'.repeat(10) + '\n')
    expect(refusal(damaged).message).toBe('private-key could not be read as a PEM private key: the base64 body is damaged or truncated.')
  })
  it('a non-RSA key, naming its type; RSA-PSS included', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    expect(refusal(ec).message).toBe('private-key is a ec key; Capgo devices need an RSA-2048 key.')
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    expect(refusal(pss).code).toBe('key_not_rsa')
  })
  it('a key of another size, naming its size and the command that makes a right one', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
    expect(refusal(small).message).toBe(
      'private-key is a 1024-bit RSA key; devices need exactly 2048 bits (iOS rejects anything but 256-byte RSA blocks). ' +
        'Create one with "capgo-bundle key create".',
    )
  })
  it('a 2048-bit key with another public exponent', () => {
    const e3 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    }) as string
    const error = refusal(e3)
    expect(error.code).toBe('key_exponent')
    expect(error.message).toBe('private-key uses public exponent 3; Capgo keys use 65537.')
    expect(error.input).toBe('private-key')
  })
  it('names the input the key came from', () => {
    try {
      parsePrivateKey('nope', recordingLogger(), 'signer-key')
      expect.unreachable()
    } catch (error) {
      expect((error as BundleError).input).toBe('signer-key')
      expect((error as Error).message).toMatch(/^signer-key is not a PEM private key/)
    }
  })
})

describe('parsePrivateKey: more forms secrets arrive in (mutation round 1)', () => {
  const wrapped = Buffer.from(privatePem).toString('base64')
  it('base64-encoded with line wraps, as `base64 key.pem` prints it', () => {
    const folded = wrapped.replace(/(.{76})/g, '$1\n')
    const logger = recordingLogger()
    expect(parsePrivateKey(folded, logger).publicPem).toBe(publicPem)
    // The wrapper is masked on one line too, the form a log could print after a join.
    expect(logger.secrets).toContain(wrapped)
  })
  it('base64-encoded once and quoted, with whitespace around the quotes', () => {
    expect(parsePrivateKey(`  "${wrapped}"\n`, recordingLogger()).publicPem).toBe(publicPem)
    expect(parsePrivateKey(`'${wrapped}'`, recordingLogger()).publicPem).toBe(publicPem)
  })
})

describe('masking (mutation round 1)', () => {
  it('a PKCS#8 key is masked in its PKCS#1 form too, and as given', () => {
    const logger = recordingLogger()
    const pkcs8 = createPrivateKey(privatePem).export({ type: 'pkcs8', format: 'pem' }) as string
    parsePrivateKey(pkcs8, logger)
    expect(logger.secrets).toContain(pkcs8.trim())
    expect(logger.secrets).toContain(body(privatePem))
    for (const line of privatePem.split('\n').filter((l) => l && !l.startsWith('-----'))) expect(logger.secrets).toContain(line)
  })
  it('maskPrivateKeyText masks the 64-column lines of a key given on one line, before any parsing', () => {
    const logger = recordingLogger()
    const oneLine = privatePem.replace(/\n(?!-----END)/g, ' ').replace(/\n$/, '')
    maskPrivateKeyText(oneLine, logger)
    for (const line of privatePem.split('\n').filter((l) => l.length >= 8 && !l.startsWith('-----'))) expect(logger.secrets).toContain(line)
  })
  it('masks lines of 8 characters or more, never PEM armour, shorter fragments or an empty string', () => {
    const logger = recordingLogger()
    maskPrivateKeyText('-----BEGIN RSA PRIVATE KEY-----\n12345678\n1234567\n-----END RSA PRIVATE KEY-----', logger)
    expect(logger.secrets).toContain('12345678')
    expect(logger.secrets).not.toContain('1234567')
    expect(logger.secrets.filter((s) => s.startsWith('-----BEGIN') && !s.includes('\n'))).toEqual([])
    const empty = recordingLogger()
    maskPrivateKeyText('', empty)
    expect(empty.secrets).toEqual([])
  })
})

describe('parsePublicKey (mutation round 1)', () => {
  it('tells PKCS#1 from SPKI', () => {
    const spki = createPublicKey(publicPem).export({ type: 'spki', format: 'pem' }) as string
    expect(parsePublicKey(publicPem, 'x').form).toBe('pkcs1')
    expect(parsePublicKey(spki, 'x').form).toBe('spki')
    expect(parsePublicKey(spki, 'x').pkcs1Pem).toBe(publicPem)
  })
  it('refuses a private key or no PEM at all, naming the source and the input', () => {
    for (const text of [privatePem, 'not a key']) {
      let error: BundleError | undefined
      try {
        parsePublicKey(text, 'the public key', 'public-key')
      } catch (e) {
        error = e as BundleError
      }
      expect(error).toBeInstanceOf(BundleError)
      expect(error!.code).toBe('public_key_malformed')
      expect(error!.input).toBe('public-key')
      expect(error!.message).toBe('the public key is not a PEM public key (expected -----BEGIN RSA PUBLIC KEY-----).')
    }
  })
  it('refuses a damaged body', () => {
    const damaged = publicPem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n')
    expect(() => parsePublicKey(damaged, 'the public key')).toThrow(
      'the public key could not be read as a PEM public key: the base64 body is damaged or truncated.',
    )
  })
})

describe('checkConfigPublicKey (mutation round 1)', () => {
  let signing: ReturnType<typeof parsePrivateKey>
  beforeEach(() => {
    signing = parsePrivateKey(privatePem, recordingLogger())
  })
  function configRefusal(configKey: string): BundleError {
    try {
      checkConfigPublicKey(configKey, signing, 'capacitor.config.json')
    } catch (error) {
      return error as BundleError
    }
    throw new Error('config key was accepted')
  }
  it('refuses the right PKCS#1 key when it does not start with its header, naming the config entry', () => {
    for (const text of [` ${publicPem}`, `"${publicPem}"`, Buffer.from(publicPem).toString('base64')]) {
      const error = configRefusal(text)
      expect(error.code).toBe('config_key_format')
      expect(error.input).toBe('capacitor-config')
      expect(error.message).toContain('plugins.CapacitorUpdater.publicKey in capacitor.config.json is not a PKCS#1 key')
    }
  })
  it('a config key that is no key names the config entry and capacitor-config', () => {
    const error = configRefusal('nope')
    expect(error.code).toBe('public_key_malformed')
    expect(error.input).toBe('capacitor-config')
    expect(error.message).toMatch(/^plugins\.CapacitorUpdater\.publicKey in capacitor\.config\.json is not a PEM public key/)
  })
  it('a mismatch is key_mismatch on private-key', () => {
    const error = configRefusal(keyPair(1).publicPem)
    expect(error.code).toBe('key_mismatch')
    expect(error.input).toBe('private-key')
  })
})

describe('mutation round 3', () => {
  it('a traditional encrypted PEM is refused as encrypted whatever the spacing after Proc-Type:', () => {
    const traditional = createPrivateKey(privatePem).export({
      type: 'pkcs1',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pw',
    }) as string
    for (const spacing of ['', '  ', '\t']) {
      const text = traditional.replace('Proc-Type: 4,ENCRYPTED', `Proc-Type:${spacing}4,ENCRYPTED`)
      expect(text).not.toBe(traditional)
      expect(refusal(text).code).toBe('key_encrypted')
    }
  })

  it('a base64 wrapper with a character outside base64 is not a key', () => {
    const wrapped = Buffer.from(privatePem).toString('base64')
    // Node's base64 decoder skips the stray character; the wrapper must be base64 as a whole.
    expect(Buffer.from(`*${wrapped}`, 'base64').toString('utf8')).toContain('-----BEGIN RSA PRIVATE KEY-----')
    for (const text of [`*${wrapped}`, `${wrapped}*`]) expect(refusal(text).code).toBe('key_malformed')
  })

  it('masks key material glued to the armour without the armour', () => {
    const logger = recordingLogger()
    maskPrivateKeyText('-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA\nQUJDREVGR0hJSktM-----END RSA PRIVATE KEY-----', logger)
    expect(logger.secrets).toContain('MIIEowIBAAKCAQEA')
    expect(logger.secrets).toContain('QUJDREVGR0hJSktM')
    expect(logger.secrets.some((s) => s.includes('-----') && !s.includes('\n'))).toBe(false)
  })

  it('a damaged public key is public_key_malformed, naming the input', () => {
    const damaged = publicPem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n')
    try {
      parsePublicKey(damaged, 'the public key', 'public-key')
      expect.unreachable()
    } catch (error) {
      expect((error as BundleError).code).toBe('public_key_malformed')
      expect((error as BundleError).input).toBe('public-key')
    }
  })

  it('a config whose text starts like PKCS#1 but holds an SPKI block is refused', () => {
    const signing = parsePrivateKey(privatePem, recordingLogger())
    const spki = createPublicKey(publicPem).export({ type: 'spki', format: 'pem' }) as string
    // No END line for the first header: the block read is the SPKI one.
    const text = `-----BEGIN RSA PUBLIC KEY-----\n${spki}`
    expect(parsePublicKey(text, 'x').form).toBe('spki')
    try {
      checkConfigPublicKey(text, signing, 'capacitor.config.json')
      expect.unreachable()
    } catch (error) {
      expect((error as BundleError).code).toBe('config_key_format')
    }
  })

  it('a mismatch names private-key for any key signer and the input of any other signer', () => {
    const fromKey = parsePrivateKey(privatePem, recordingLogger(), 'signer-key')
    const other = keyPair(1).publicPem
    const mismatch = (signing: typeof fromKey) => {
      try {
        checkConfigPublicKey(other, signing, 'capacitor.config.json')
      } catch (error) {
        return error as BundleError
      }
      throw new Error('accepted')
    }
    expect(mismatch(fromKey).input).toBe('private-key')
    expect(mismatch(fromKey).message).toMatch(/^private-key does not match/)
    const remote = { ...fromKey, signer: { ...fromKey.signer, kind: 'pkcs11' as const, input: 'pkcs11-module' } }
    expect(mismatch(remote).input).toBe('pkcs11-module')
    expect(mismatch(remote).message).toMatch(/^pkcs11-module does not match/)
    expect(checkConfigPublicKey(other, remote, 'capacitor.config.json', true)).toMatch(/^pkcs11-module \(key id /)
  })

  it('generateKeyPair makes an RSA-2048, e=65537 pair in PKCS#1 PEM that parsePrivateKey accepts', () => {
    const pair = generateKeyPair()
    expect(pair.privatePem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    expect(pair.publicPem).toMatch(/^-----BEGIN RSA PUBLIC KEY-----\n/)
    const details = createPrivateKey(pair.privatePem).asymmetricKeyDetails
    expect(details).toEqual({ modulusLength: 2048, publicExponent: 65537n })
    expect(parsePrivateKey(pair.privatePem, recordingLogger()).publicPem).toBe(pair.publicPem)
  })
})
