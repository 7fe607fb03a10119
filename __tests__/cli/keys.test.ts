// `key create` and `key save` through the real CLI, and key interop with the official @capgo/cli.
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { keyIdOf } from '../../src/bundle/keys.js'
import { verifyBundle } from '../../src/bundle/verify.js'
import { keyPair, makeProject, removeTempDirs, tempDir } from '../support/fixtures.js'
import { lastJson, officialCli } from '../support/official-cli.js'
import { cli, expectCode, expectNoKeyMaterial, jsonOf, officialCliNoInput } from '../support/run-cli.js'

afterAll(removeTempDirs)

const mode = async (path: string) => (await stat(path)).mode & 0o777

describe('key create', () => {
  it('writes a matching PKCS#1 pair, 0600 and 0644, and prints the key id and next steps but no key', async () => {
    const dir = await tempDir()
    const [human, json] = await Promise.all([
      cli(['key', 'create'], { cwd: dir }),
      cli(['key', 'create', '--dir', 'other', '--json'], { cwd: dir }),
    ])
    expectCode(human, 0)
    const privatePem = await readFile(join(dir, '.capgo_key_v2'), 'utf8')
    const publicPem = await readFile(join(dir, '.capgo_key_v2.pub'), 'utf8')
    expect(privatePem.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true)
    expect(publicPem.startsWith('-----BEGIN RSA PUBLIC KEY-----')).toBe(true)
    expect(createPublicKey(privatePem).export({ type: 'pkcs1', format: 'pem' })).toBe(publicPem)
    expect(createPublicKey(privatePem).asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(await mode(join(dir, '.capgo_key_v2'))).toBe(0o600)
    expect(await mode(join(dir, '.capgo_key_v2.pub'))).toBe(0o644)
    expect(human.stdout).toContain(keyIdOf(publicPem))
    expect(human.stdout).toContain('key save --key .capgo_key_v2.pub')
    expect(human.stdout).toContain('CAPGO_PRIVATE_KEY')
    expectNoKeyMaterial(human, privatePem)

    expectCode(json, 0)
    const out = jsonOf<{ privateKeyPath: string; publicKeyPath: string; keyId: string }>(json)
    expect(out.privateKeyPath).toBe(join(dir, 'other', '.capgo_key_v2'))
    expect(out.publicKeyPath).toBe(join(dir, 'other', '.capgo_key_v2.pub'))
    expect(out.keyId).toBe(keyIdOf(await readFile(out.publicKeyPath, 'utf8')))
    expect(out.keyId).not.toBe(keyIdOf(publicPem))
  })

  it('refuses to complete a half pair (the official CLI can leave a mismatched one) and writes neither file', async () => {
    const dir = await tempDir()
    const { publicPem } = keyPair(1)
    await writeFile(join(dir, '.capgo_key_v2.pub'), publicPem)
    const refused = await cli(['key', 'create'], { cwd: dir })
    expectCode(refused, 1)
    expect(refused.stderr).toContain('.capgo_key_v2.pub already exists')
    expect(refused.stderr).toContain('--force')
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    await expect(stat(join(dir, '.capgo_key_v2'))).rejects.toThrow()
    expect(await readFile(join(dir, '.capgo_key_v2.pub'), 'utf8')).toBe(publicPem)

    const forced = await cli(['key', 'create', '--force'], { cwd: dir })
    expectCode(forced, 0)
    const privatePem = await readFile(join(dir, '.capgo_key_v2'), 'utf8')
    const newPublic = await readFile(join(dir, '.capgo_key_v2.pub'), 'utf8')
    expect(newPublic).not.toBe(publicPem)
    expect(createPublicKey(privatePem).export({ type: 'pkcs1', format: 'pem' })).toBe(newPublic)
  })
})

/** A capacitor.config.ts as people write them: imports, comments, a trailing comment on the brace line. */
const TS_CONFIG = `import type { CapacitorConfig } from '@capacitor/cli';
// Values shared with the web build.
import { appName } from './app-name';

/**
 * Production config. plugins { CapacitorUpdater } is managed by capgo-bundle key save.
 */
const config: CapacitorConfig = {
  appId: 'com.example.app', // must match the store listing
  appName,
  webDir: 'dist',
  server: { androidScheme: 'https' },
  plugins: { // native plugins
    SplashScreen: {
      launchShowDuration: 0, /* no splash */
    },
  },
};

export default config;
`

const literal = (pem: string) => `'${pem.replace(/\n/g, '\\n')}'`

describe('key save', () => {
  it('edits capacitor.config.ts in place: comments, imports and layout kept, only the key added, then only the key changed', async () => {
    const dir = await tempDir()
    const path = join(dir, 'capacitor.config.ts')
    await writeFile(path, TS_CONFIG)
    const first = keyPair(0).publicPem
    const second = keyPair(1).publicPem
    await writeFile(join(dir, '.capgo_key_v2.pub'), first)

    const saved = await cli(['key', 'save'], { cwd: dir })
    expectCode(saved, 0)
    expect(saved.stdout).toContain(keyIdOf(first))
    const expected = TS_CONFIG.replace(
      '  plugins: { // native plugins\n',
      `  plugins: { // native plugins\n    CapacitorUpdater: {\n      publicKey: ${literal(first)},\n    },\n`,
    )
    expect(await readFile(path, 'utf8')).toBe(expected)

    // Another key is a rotation: refused without --force, and then only the literal changes.
    await writeFile(join(dir, 'new.pub'), second)
    const refused = await cli(['key', 'save', '--key', 'new.pub'], { cwd: dir })
    expectCode(refused, 1)
    expect(refused.stderr).toContain(keyIdOf(first))
    expect(refused.stderr).toContain('--force')
    expect(await readFile(path, 'utf8')).toBe(expected)

    const rotated = await cli(['key', 'save', '--key', 'new.pub', '--force', '--json'], { cwd: dir })
    expectCode(rotated, 0)
    expect(jsonOf(rotated)).toEqual({ config: path, keyId: keyIdOf(second), previousKeyId: keyIdOf(first), changed: true })
    expect(await readFile(path, 'utf8')).toBe(expected.replace(literal(first), literal(second)))

    const again = await cli(['key', 'save', '--key', 'new.pub'], { cwd: dir })
    expectCode(again, 0)
    expect(again.stdout).toContain('nothing changed')
  })

  it('writes capacitor.config.json keeping its other keys, their order and 2-space indentation', async () => {
    const dir = await tempDir()
    const original = {
      appId: 'com.example.json',
      appName: 'Json',
      webDir: 'www',
      plugins: { SplashScreen: { launchShowDuration: 0 } },
      server: { androidScheme: 'https' },
    }
    await writeFile(join(dir, 'capacitor.config.json'), JSON.stringify(original, null, 2) + '\n')
    const { publicPem } = keyPair(0)
    const saved = await cli(['key', 'save', '--key-data', publicPem], { cwd: dir })
    expectCode(saved, 0)
    const expected = { ...original, plugins: { SplashScreen: { launchShowDuration: 0 }, CapacitorUpdater: { publicKey: publicPem } } }
    expect(await readFile(join(dir, 'capacitor.config.json'), 'utf8')).toBe(JSON.stringify(expected, null, 2) + '\n')
  })

  it('refuses keys devices cannot use, says why, and leaves the config alone', async () => {
    const dir = await tempDir()
    const config = JSON.stringify({ appId: 'com.example.refuse', webDir: 'www' }, null, 2)
    await writeFile(join(dir, 'capacitor.config.json'), config)
    const { privatePem, publicPem } = keyPair(0)
    const spki = createPublicKey(publicPem).export({ type: 'spki', format: 'pem' }) as string
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'pkcs1', format: 'pem' }) as string
    await Promise.all([
      writeFile(join(dir, 'spki.pub'), spki),
      writeFile(join(dir, 'small.pub'), small),
      writeFile(join(dir, 'private.pem'), privatePem),
    ])

    const [spkiRun, smallRun, privateRun, missingRun, noKeyRun] = await Promise.all([
      cli(['key', 'save', '--key', 'spki.pub'], { cwd: dir }),
      cli(['key', 'save', '--key', 'small.pub'], { cwd: dir }),
      cli(['key', 'save', '--key', 'private.pem', '--json'], { cwd: dir }),
      cli(['key', 'save', '--key', 'nope.pub'], { cwd: dir }),
      cli(['key', 'save'], { cwd: dir }),
    ])
    expectCode(spkiRun, 1)
    expect(spkiRun.stderr).toContain('PKCS#1')
    expect(spkiRun.stderr).toContain('Android skips decryption')
    expectCode(smallRun, 1)
    expect(smallRun.stderr).toContain('1024-bit')
    expect(smallRun.stderr).toContain('iOS')
    expectCode(privateRun, 1)
    expect(jsonOf<{ error: string }>(privateRun).error).toBe('key_is_private')
    expectNoKeyMaterial(privateRun, privatePem)
    expectCode(missingRun, 1)
    expect(missingRun.stderr).toContain('nope.pub cannot be read')
    expectCode(noKeyRun, 2)
    expect(await readFile(join(dir, 'capacitor.config.json'), 'utf8')).toBe(config)
  })
})

describe('keys interoperate with the official @capgo/cli', () => {
  it('its key create keys sign with our encrypt, and its decrypt accepts the result', async () => {
    const project = await makeProject({ updaterVersion: '8.1.0', updaterRange: '^8.1.0' })
    const created = await officialCliNoInput(['key', 'create'], project)
    expect(created.code).toBe(0)
    const theirPublic = await readFile(join(project, '.capgo_key_v2.pub'), 'utf8')

    const zipped = await cli(['zip', '--json'], { cwd: project })
    expectCode(zipped, 0)
    const zip = jsonOf<{ filename: string; checksum: string }>(zipped)
    const encrypted = await cli(['encrypt', zip.filename, zip.checksum, '--json'], { cwd: project })
    expectCode(encrypted, 0)
    const out = jsonOf<{ filename: string; checksum: string; ivSessionKey: string }>(encrypted)

    const decrypted = await officialCli(
      ['bundle', 'decrypt', out.filename, out.ivSessionKey, '--checksum', out.checksum, '--key', '.capgo_key_v2.pub'],
      project,
    )
    expect(decrypted.stdout).toContain('Checksum matches')
    expect(decrypted.code).toBe(0)
    const roundTrip = await readFile(join(project, `${out.filename}_decrypted.zip`))
    expect(roundTrip.equals(await readFile(join(project, zip.filename)))).toBe(true)
    await verifyBundle({
      file: join(project, out.filename),
      ivSessionKey: out.ivSessionKey,
      checksum: out.checksum,
      publicKey: theirPublic,
    })
  })

  it('our key create + key save keys work with its bundle encrypt and bundle decrypt, and the JSON field names match', async () => {
    const project = await makeProject({ updaterVersion: '8.1.0', updaterRange: '^8.1.0' })
    expectCode(await cli(['key', 'create'], { cwd: project }), 0)
    expectCode(await cli(['key', 'save'], { cwd: project }), 0)
    const publicPem = await readFile(join(project, '.capgo_key_v2.pub'), 'utf8')

    const [theirZip, ourZip] = await Promise.all([
      officialCli(['bundle', 'zip', 'com.example.test', '--path', 'www', '--bundle', '1.0.0', '--name', 'theirs.zip', '--json'], project),
      cli(['zip', 'com.example.test', '--path', 'www', '--bundle', '1.0.0', '--name', 'ours.zip', '--json'], { cwd: project }),
    ])
    expect(theirZip.code).toBe(0)
    const theirs = lastJson<Record<string, string>>(theirZip.stdout)
    const ours = jsonOf<Record<string, string>>(ourZip)
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort())
    expect(ours.bundle).toBe(theirs.bundle)

    const [theirEncrypt, ourEncrypt] = await Promise.all([
      officialCli(['bundle', 'encrypt', theirs.filename, theirs.checksum, '--key', '.capgo_key_v2', '--json'], project),
      cli(['encrypt', ours.filename, ours.checksum, '--key', '.capgo_key_v2', '--json'], { cwd: project }),
    ])
    expect(theirEncrypt.code).toBe(0)
    const theirBundle = lastJson<Record<string, string>>(theirEncrypt.stdout)
    const ourBundle = jsonOf<Record<string, string>>(ourEncrypt)
    expect(Object.keys(ourBundle).sort()).toEqual(Object.keys(theirBundle).sort())
    expect(ourBundle.filename).toBe('ours.zip_encrypted.zip')

    // Its encrypt with our key passes our device-equivalent verify; our encrypt with our key passes its decrypt.
    const [verified, decrypted] = await Promise.all([
      cli(['verify', theirBundle.filename, theirBundle.ivSessionKey, '--checksum', theirBundle.checksum, '--json'], { cwd: project }),
      officialCli(
        ['bundle', 'decrypt', ourBundle.filename, ourBundle.ivSessionKey, '--checksum', ourBundle.checksum, '--key', '.capgo_key_v2.pub'],
        project,
      ),
    ])
    expectCode(verified, 0)
    expect(jsonOf(verified)).toMatchObject({ accepted: true, checksum: theirs.checksum, checksumFormat: 'v3', keyId: keyIdOf(publicPem) })
    expect(decrypted.stdout).toContain('Checksum matches')
    expect(decrypted.code).toBe(0)
  })
})

describe('key rotation', () => {
  it('a new pair in a new directory leaves the pair in use untouched', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'keys-new'))
    expectCode(await cli(['key', 'create'], { cwd: dir }), 0)
    const before = await readFile(join(dir, '.capgo_key_v2'), 'utf8')
    const rotated = await cli(['key', 'create', '--dir', 'keys-new'], { cwd: dir })
    expectCode(rotated, 0)
    expect(await readFile(join(dir, '.capgo_key_v2'), 'utf8')).toBe(before)
    expect(await readFile(join(dir, 'keys-new', '.capgo_key_v2'), 'utf8')).not.toBe(before)
    const help = await cli(['key', 'create', '--help'], { cwd: dir })
    expect(help.stdout).toContain('Key rotation')
    expect(help.stdout).toContain('Ship a native release')
  })
})
