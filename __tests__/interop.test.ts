import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { verifyBundle } from '../src/bundle/verify.js'
import type { ChecksumFormat } from '../src/types.js'
import { keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'
import { lastJson, officialCli } from './support/official-cli.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()
/** The installed plugin version decides the official CLI's checksum format. */
const updaterFor: Record<ChecksumFormat, string> = { v3: '8.1.0', v2: '7.2.0' }

describe.each(['v3', 'v2'] as const)('interop with the official @capgo/cli, checksum %s', (format) => {
  it('the official bundle decrypt accepts our bundle and recovers our exact zip', async () => {
    const project = await makeProject({ publicKey: publicPem, updaterVersion: updaterFor[format], updaterRange: `^${updaterFor[format]}` })
    const key = parsePrivateKey(privatePem, recordingLogger())
    const bundle = await packBundle(
      {
        buildDir: join(project, 'www'),
        appId: 'com.example.test',
        version: '1.0.0',
        outputDir: join(project, 'out'),
        key,
        checksumFormat: format,
      },
      recordingLogger(),
    )
    await writeFile(join(project, 'key.pub'), publicPem)

    const result = await officialCli(
      ['bundle', 'decrypt', bundle.path, bundle.ivSessionKey, '--checksum', bundle.checksum, '--key', 'key.pub'],
      project,
    )
    expect(result.stdout).toContain(`Decrypting checksum with ${format.toUpperCase()}`)
    expect(result.stdout).toContain('Checksum matches')
    expect(result.code).toBe(0)

    const ours = join(project, 'ours.zip')
    await verifyBundle({
      file: bundle.path,
      ivSessionKey: bundle.ivSessionKey,
      checksum: bundle.checksum,
      publicKey: publicPem,
      writeTo: ours,
    })
    const theirs = await readFile(`${bundle.path}_decrypted.zip`)
    expect(theirs.equals(await readFile(ours))).toBe(true)
  })

  it('the official CLI rejects our bundle when the checksum belongs to another zip (the oracle can fail)', async () => {
    const project = await makeProject({ publicKey: publicPem, updaterVersion: updaterFor[format], updaterRange: `^${updaterFor[format]}` })
    const key = parsePrivateKey(privatePem, recordingLogger())
    const first = await packBundle(
      {
        buildDir: join(project, 'www'),
        appId: 'com.example.test',
        version: '1.0.0',
        outputDir: join(project, 'a'),
        key,
        checksumFormat: format,
      },
      recordingLogger(),
    )
    await writeFile(join(project, 'www', 'extra.js'), 'notifyAppReady()')
    const second = await packBundle(
      {
        buildDir: join(project, 'www'),
        appId: 'com.example.test',
        version: '1.0.0',
        outputDir: join(project, 'b'),
        key,
        checksumFormat: format,
      },
      recordingLogger(),
    )
    await writeFile(join(project, 'key.pub'), publicPem)
    const result = await officialCli(
      ['bundle', 'decrypt', first.path, first.ivSessionKey, '--checksum', second.checksum, '--key', 'key.pub'],
      project,
    )
    expect(result.stdout).not.toContain('Checksum matches')
    expect(result.code).not.toBe(0)
  })

  it('our device-equivalent verify accepts a bundle made by the official bundle zip + bundle encrypt', async () => {
    const project = await makeProject({ publicKey: publicPem, updaterVersion: updaterFor[format], updaterRange: `^${updaterFor[format]}` })
    await writeFile(join(project, '.capgo_key_v2'), privatePem, { mode: 0o600 })
    const zipped = await officialCli(['bundle', 'zip', 'com.example.test', '--path', 'www', '--bundle', '1.0.0', '--json'], project)
    expect(zipped.code).toBe(0)
    const zip = lastJson<{ filename: string; checksum: string }>(zipped.stdout)
    const encrypted = await officialCli(['bundle', 'encrypt', zip.filename, zip.checksum, '--key', '.capgo_key_v2', '--json'], project)
    expect(encrypted.code).toBe(0)
    const out = lastJson<{ filename: string; checksum: string; ivSessionKey: string }>(encrypted.stdout)

    const result = await verifyBundle({
      file: join(project, out.filename),
      ivSessionKey: out.ivSessionKey,
      checksum: out.checksum,
      publicKey: publicPem,
    })
    expect(result.checksumFormat).toBe(format)
    expect(result.sha256).toBe(zip.checksum)
  })
})
