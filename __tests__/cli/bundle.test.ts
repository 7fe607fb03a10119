// zip → encrypt → decrypt / verify through the real CLI, happy paths and the ways each one refuses.
import { createHash, createPrivateKey } from 'node:crypto'
import { copyFile, mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signChecksum } from '../../src/bundle/format.js'
import { keyIdOf } from '../../src/bundle/keys.js'
import { verifyBundle } from '../../src/bundle/verify.js'
import { keyPair, makeProject, removeTempDirs } from '../support/fixtures.js'
import { cli, expectCode, expectNoKeyMaterial, jsonOf, type CliRun } from '../support/run-cli.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair(0)
const other = keyPair(1)
const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

interface Zipped {
  bundle: string
  filename: string
  checksum: string
}
interface Encrypted {
  checksum: string
  filename: string
  ivSessionKey: string
}

/** One project with a key pair and an 8.x plugin (V3), zipped and encrypted once for the tests that only read. */
let project: string
let zipped: Zipped
let encrypted: Encrypted

beforeAll(async () => {
  project = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0', version: '2.3.4' })
  await writeFile(join(project, '.capgo_key_v2'), privatePem, { mode: 0o600 })
  await writeFile(join(project, '.capgo_key_v2.pub'), publicPem)
  const zipRun = await cli(['zip', '--json'], { cwd: project })
  expectCode(zipRun, 0)
  zipped = jsonOf<Zipped>(zipRun)
  const encryptRun = await cli(['encrypt', zipped.filename, zipped.checksum, '--json'], { cwd: project })
  expectCode(encryptRun, 0)
  encrypted = jsonOf<Encrypted>(encryptRun)
})

describe('zip', () => {
  it('names the zip from the capacitor config and package.json, and its checksum is the SHA-256 of the file', async () => {
    expect(Object.keys(zipped).sort()).toEqual(['bundle', 'checksum', 'filename'])
    expect(zipped).toMatchObject({ bundle: '2.3.4', filename: 'com.example.test_2.3.4.zip' })
    expect(await sha256(join(project, zipped.filename))).toBe(zipped.checksum)
  })

  it('is reproducible: new file times give the same bytes; positional appId, --bundle and --name are honoured', async () => {
    const dir = await makeProject({ publicKey: publicPem })
    await utimes(join(dir, 'www', 'index.html'), new Date(2001, 1, 1), new Date(2001, 1, 1))
    const [first, second] = await Promise.all([
      cli(['zip', 'com.other.app', '--bundle', 'v9.8.7', '--json'], { cwd: dir }),
      cli(['bundle', 'zip', '-p', 'www', '-n', 'named.zip', '--json'], { cwd: dir }),
    ])
    expectCode(first, 0)
    expectCode(second, 0)
    expect(jsonOf(first)).toMatchObject({ bundle: '9.8.7', filename: 'com.other.app_9.8.7.zip', checksum: zipped.checksum })
    expect(jsonOf(second)).toMatchObject({ bundle: '1.0.0', filename: 'named.zip', checksum: zipped.checksum })
    expect((await readFile(join(dir, 'named.zip'))).equals(await readFile(join(project, zipped.filename)))).toBe(true)
  })

  it('refuses builds devices would break on, and missing arguments as usage errors', async () => {
    const dir = await makeProject()
    await rm(join(dir, 'capacitor.config.json'))
    await Promise.all([mkdir(join(dir, 'plain')), mkdir(join(dir, 'not-ready'))])
    await Promise.all([
      writeFile(join(dir, 'plain', 'app.js'), 'notifyAppReady()'),
      writeFile(join(dir, 'not-ready', 'index.html'), '<html></html>'),
    ])
    const [missing, noIndex, noReady, lenient, noAppId] = await Promise.all([
      cli(['zip', 'com.example.test', '--path', 'nope'], { cwd: dir }),
      cli(['zip', 'com.example.test', '--path', 'plain'], { cwd: dir }),
      cli(['zip', 'com.example.test', '--path', 'not-ready', '--json'], { cwd: dir }),
      cli(['zip', 'com.example.test', '--path', 'not-ready', '--ignore-notify-app-ready', '--json'], { cwd: dir }),
      cli(['zip', '--path', 'www'], { cwd: dir }),
    ])
    expectCode(missing, 1)
    expect(missing.stderr).toContain('does not exist')
    expectCode(noIndex, 1)
    expect(noIndex.stderr).toContain('no index.html at its root')
    expectCode(noReady, 1)
    expect(noReady.stderr).toContain('--ignore-notify-app-ready')
    expect(jsonOf<{ error: string }>(noReady).error).toBe('notify_app_ready_missing')
    expectCode(lenient, 0)
    expect(lenient.stderr).toContain('warning: no .js file in the build calls notifyAppReady()')
    expectCode(noAppId, 2)
    expect(noAppId.stderr).toContain('appId')
  })
})

describe('encrypt', () => {
  it('writes <zip>_encrypted.zip that a device accepts, V3 for an 8.x plugin, with the official JSON fields', async () => {
    expect(Object.keys(encrypted).sort()).toEqual(['checksum', 'filename', 'ivSessionKey'])
    expect(encrypted.filename).toBe(`${zipped.filename}_encrypted.zip`)
    expect(encrypted.checksum).toMatch(/^[0-9a-f]{512}$/)
    const result = await verifyBundle({
      file: join(project, encrypted.filename),
      ivSessionKey: encrypted.ivSessionKey,
      checksum: encrypted.checksum,
      publicKey: publicPem,
    })
    expect(result.sha256).toBe(zipped.checksum)
    expect(result.checksumFormat).toBe('v3')
  })

  it('says once, as a warning, that no updater was found and V3 is used', async () => {
    const dir = await makeProject({ publicKey: publicPem })
    await copyFile(join(project, zipped.filename), join(dir, 'app.zip'))
    const run = await cli(['encrypt', 'app.zip', zipped.checksum, '--key-data', privatePem], { cwd: dir })
    expectCode(run, 0)
    expect(run.stderr.match(/no @capgo\/capacitor-updater found/g)).toHaveLength(1)
    expect(run.stderr).toContain('warning: checksum-format: no @capgo/capacitor-updater found')
  })

  it('picks V2 for a 7.x plugin older than 7.30.0, honours --checksum-format, and takes the key from CAPGO_PRIVATE_KEY or --key-data without printing it', async () => {
    const dir = await makeProject({ publicKey: publicPem, updaterVersion: '7.2.0' })
    const zip = join(project, zipped.filename)
    await Promise.all([copyFile(zip, join(dir, 'app.zip')), copyFile(zip, join(dir, 'same.zip'))])
    const escaped = privatePem.trim().replace(/\n/g, '\\n')
    const [fromEnv, fromData] = await Promise.all([
      cli(['encrypt', 'app.zip', zipped.checksum, '--json', '--verbose'], { cwd: dir, env: { CAPGO_PRIVATE_KEY: escaped } }),
      cli(['encrypt', 'same.zip', zipped.checksum, '--key-data', privatePem, '--checksum-format', 'v3', '--verbose'], { cwd: dir }),
    ])
    expectCode(fromEnv, 0)
    const v2 = jsonOf<Encrypted>(fromEnv)
    expect(v2.checksum).not.toMatch(/^[0-9a-f]+$/)
    expect(fromEnv.stderr).toContain('7.2.0')
    expectCode(fromData, 0)
    expect(fromData.stderr).toContain('checksum-format: v3 contradicts')
    for (const run of [fromEnv, fromData]) expectNoKeyMaterial(run, privatePem)
    const decrypted = await cli(['decrypt', 'app.zip_encrypted.zip', v2.ivSessionKey, '--checksum', v2.checksum, '--json'], { cwd: dir })
    expectCode(decrypted, 0)
    expect(jsonOf(decrypted)).toMatchObject({ checksumMatches: true, checksumFormat: 'v2', checksum: zipped.checksum })
  })

  it('refuses a checksum that is not the zip SHA-256 (the official CLI signs it anyway) and leaves no output', async () => {
    const wrong = 'ab'.repeat(32)
    const [mismatch, malformed] = await Promise.all([
      cli(['encrypt', zipped.filename, wrong, '--key', '.capgo_key_v2', '--json'], { cwd: project }),
      cli(['encrypt', zipped.filename, 'deadbeef'], { cwd: project }),
    ])
    expectCode(mismatch, 1)
    expect(jsonOf<{ error: string }>(mismatch).error).toBe('checksum_mismatch')
    expect(mismatch.stderr).toContain(zipped.checksum)
    expect(mismatch.stderr).toContain('checksum_fail')
    expectCode(malformed, 1)
    expect(malformed.stderr).toContain('64 characters')
    // The shared output name still holds the file beforeAll wrote: neither run replaced it.
    const result = await verifyBundle({
      file: join(project, encrypted.filename),
      ivSessionKey: encrypted.ivSessionKey,
      checksum: encrypted.checksum,
      publicKey: publicPem,
    })
    expect(result.sha256).toBe(zipped.checksum)
  })

  it('refuses what would make devices fail or cannot mean anything, with the right exit code', async () => {
    const dir = await makeProject({ publicKey: other.publicPem })
    await copyFile(join(project, zipped.filename), join(dir, 'app.zip'))
    await writeFile(join(dir, 'notes.txt'), 'not a zip at all')
    await writeFile(join(dir, 'pub.pem'), publicPem)
    const notesSha = createHash('sha256').update('not a zip at all').digest('hex')
    const runs: Record<string, Promise<CliRun>> = {
      notZip: cli(['encrypt', 'notes.txt', notesSha, '--key-data', privatePem], { cwd: dir }),
      publicKey: cli(['encrypt', 'app.zip', zipped.checksum, '--key', 'pub.pem'], { cwd: dir }),
      noKey: cli(['encrypt', 'app.zip', zipped.checksum], { cwd: dir }),
      bothKeys: cli(['encrypt', 'app.zip', zipped.checksum, '--key', 'pub.pem', '--key-data', privatePem], { cwd: dir }),
      noChecksum: cli(['encrypt', 'app.zip'], { cwd: dir }),
      // The key pasted where no argument belongs: the usage message must not echo it.
      strayKey: cli(['encrypt', 'app.zip', zipped.checksum, privatePem, '--json'], { cwd: dir }),
      strayWrapped: cli(['encrypt', 'app.zip', zipped.checksum, Buffer.from(privatePem).toString('base64')], { cwd: dir }),
      badFormat: cli(['encrypt', 'app.zip', zipped.checksum, '--checksum-format', 'v4'], { cwd: dir }),
      mismatchedConfig: cli(['encrypt', 'app.zip', zipped.checksum, '--json'], { cwd: dir, env: { CAPGO_PRIVATE_KEY: privatePem } }),
    }
    const done = Object.fromEntries(await Promise.all(Object.entries(runs).map(async ([name, run]) => [name, await run] as const)))
    expectCode(done.notZip, 1)
    expect(done.notZip.stderr).toContain('unzip_fail')
    expectCode(done.publicKey, 1)
    expect(done.publicKey.stderr).toContain('holds a public key')
    expectCode(done.noKey, 2)
    expect(done.noKey.stderr).toContain('CAPGO_PRIVATE_KEY')
    expectCode(done.bothKeys, 2)
    expectCode(done.noChecksum, 2)
    expect(done.noChecksum.stderr).toContain('missing <checksum>')
    expectCode(done.badFormat, 2)
    expectCode(done.strayKey, 2)
    expect(jsonOf<{ error: string }>(done.strayKey).error).toBe('usage')
    expectCode(done.strayWrapped, 2)
    expect(done.strayWrapped.stderr).toContain('looks like a private key (not shown)')
    expect(done.strayWrapped.stderr).not.toContain(Buffer.from(privatePem).toString('base64').slice(0, 20))
    // The app's config holds another key: a warning naming both ids, not a refusal (rotation passes through this).
    expectCode(done.mismatchedConfig, 0)
    expect(done.mismatchedConfig.stderr).toContain(keyIdOf(publicPem))
    expect(done.mismatchedConfig.stderr).toContain(keyIdOf(other.publicPem))
    for (const run of Object.values(done)) expectNoKeyMaterial(run, privatePem)
  })
})

describe('decrypt', () => {
  it('writes <file>_decrypted.zip, byte for byte the zip, checking a V3 checksum; and without --checksum', async () => {
    const [checked, unchecked] = await Promise.all([
      cli(['decrypt', encrypted.filename, encrypted.ivSessionKey, '--checksum', encrypted.checksum, '--json'], { cwd: project }),
      cli(['bundle', 'decrypt', encrypted.filename, encrypted.ivSessionKey, '--key', '.capgo_key_v2.pub'], { cwd: project }),
    ])
    expectCode(checked, 0)
    expect(jsonOf(checked)).toEqual({
      filename: `${encrypted.filename}_decrypted.zip`,
      checksum: zipped.checksum,
      checksumMatches: true,
      checksumFormat: 'v3',
      keyId: keyIdOf(publicPem),
    })
    expectCode(unchecked, 0)
    expect(unchecked.stdout).toContain('integrity not checked')
    expect(
      (await readFile(join(project, `${encrypted.filename}_decrypted.zip`))).equals(await readFile(join(project, zipped.filename))),
    ).toBe(true)
  })

  it('writes nothing when the checksum does not match (the official CLI writes first), and refuses a private key as --key', async () => {
    const dir = await makeProject()
    await copyFile(join(project, encrypted.filename), join(dir, 'bundle.zip'))
    await writeFile(join(dir, 'key.pub'), publicPem)
    await writeFile(join(dir, 'key.private'), privatePem)
    // Signed with the right key, but for another zip.
    const otherChecksum = signChecksum(createPrivateKey(privatePem), 'cd'.repeat(32), 'v3')
    const [wrong, privateAsKey] = await Promise.all([
      cli(['decrypt', 'bundle.zip', encrypted.ivSessionKey, '--key', 'key.pub', '--checksum', otherChecksum], { cwd: dir }),
      cli(['decrypt', 'bundle.zip', encrypted.ivSessionKey, '--key', 'key.private'], { cwd: dir }),
    ])
    expectCode(wrong, 1)
    expect(wrong.stderr).toContain('checksum_fail')
    await expect(stat(join(dir, 'bundle.zip_decrypted.zip'))).rejects.toThrow()
    expectCode(privateAsKey, 1)
    expect(privateAsKey.stderr).toContain('is a private key')
    expectNoKeyMaterial(privateAsKey, privatePem)
  })
})

describe('verify', () => {
  /** A copy of the encrypted bundle with one byte changed at `offset` (negative: from the end). */
  async function tampered(name: string, offset: number): Promise<string> {
    const bytes = Buffer.from(await readFile(join(project, encrypted.filename)))
    const at = offset < 0 ? bytes.length + offset : offset
    bytes[at] ^= 0x01
    await writeFile(join(project, name), bytes)
    return name
  }

  it('exits 0 for a bundle devices accept, with the key from the app config by default', async () => {
    const run = await cli(['verify', encrypted.filename, encrypted.ivSessionKey, '--checksum', encrypted.checksum], { cwd: project })
    expectCode(run, 0)
    expect(run.stdout).toContain('Devices would accept this bundle')
    expect(run.stdout).toContain('plugins.CapacitorUpdater.publicKey')
    await expect(stat(join(project, `${encrypted.filename}_decrypted.zip.partial`))).rejects.toThrow()
  })

  it('exits 1 naming the failure devices report: checksum_fail, decrypt_fail', async () => {
    const middle = await tampered('middle.zip', 100)
    const last = await tampered('last.zip', -1)
    await writeFile(join(project, 'other.pub'), other.publicPem)
    const verify = (file: string, ...extra: string[]) =>
      cli(['verify', file, encrypted.ivSessionKey, '--checksum', encrypted.checksum, ...extra], { cwd: project })
    const [changedBody, changedPadding, wrongKey, asJson] = await Promise.all([
      verify(middle),
      verify(last),
      verify(encrypted.filename, '--key', 'other.pub'),
      verify(middle, '--json'),
    ])
    expectCode(changedBody, 1)
    expect(changedBody.stderr).toContain('(checksum_fail)')
    expect(changedBody.stdout).toBe('')
    expectCode(changedPadding, 1)
    expect(changedPadding.stderr).toContain('(decrypt_fail)')
    expectCode(wrongKey, 1)
    expect(wrongKey.stderr).toContain('(decrypt_fail)')
    expect(wrongKey.stderr).toContain(keyIdOf(other.publicPem))
    expectCode(asJson, 1)
    expect(jsonOf(asJson)).toMatchObject({ accepted: false, reason: 'checksum_fail', error: 'device_checksum_fail' })
  })

  it('treats a missing --checksum or file as the user errors they are', async () => {
    const [noChecksum, noFile, noArgs] = await Promise.all([
      cli(['verify', encrypted.filename, encrypted.ivSessionKey], { cwd: project }),
      cli(['verify', 'absent.zip', encrypted.ivSessionKey, '--checksum', encrypted.checksum], { cwd: project }),
      cli(['verify'], { cwd: project }),
    ])
    expectCode(noChecksum, 2)
    expect(noChecksum.stderr).toContain('--checksum')
    expectCode(noFile, 1)
    expect(noFile.stderr).toContain('absent.zip is not a file')
    expectCode(noArgs, 2)
    expect(noArgs.stderr).toContain('missing <file>')
  })
})
