import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outputsOf, runFromInputs } from '../../src/pipeline.js'
import { inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs } from '../support/fixtures.js'
import { cli, jsonOf } from '../support/run-cli.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()
const other = keyPair(1)

async function localDelta(
  updaterVersion: string,
  values: Record<string, string> = {},
): Promise<{ dir: string; outputs: Record<string, string>; deltaDir: string }> {
  const dir = await makeProject({ publicKey: publicPem, updaterVersion })
  await writeFile(join(dir, 'www', 'big.js'), 'export const value = "manifest";\n'.repeat(1000))
  await writeFile(join(dir, 'pub.pem'), publicPem)
  await writeFile(join(dir, 'other.pem'), other.publicPem)
  const run = await runFromInputs(
    inputsFrom({ 'private-key': privatePem, storage: 'local', 'output-dir': join(dir, 'out'), delta: 'true', ...values }),
    recordingLogger(),
    { GITHUB_WORKSPACE: dir },
    dir,
  )
  const outputs = outputsOf(run.result)
  return { dir, outputs, deltaDir: join(outputs['manifest-path'], '..', 'delta') }
}

let encrypted: Awaited<ReturnType<typeof localDelta>>
beforeAll(async () => {
  encrypted = await localDelta('8.1.0')
})

describe('capgo-bundle verify --manifest --files', () => {
  it('accepts what the run wrote, with the public key from the capacitor config', async () => {
    const { dir, outputs, deltaDir } = encrypted
    const ran = await cli(
      ['verify', '--manifest', outputs['manifest-path'], '--files', deltaDir, '--iv-session-key', outputs['iv-session-key'], '--json'],
      { cwd: dir },
    )
    expect(ran.code, ran.stderr).toBe(0)
    const result = jsonOf<{ accepted: boolean; entries: number; encrypted: boolean }>(ran)
    expect(result).toMatchObject({ accepted: true, entries: Number(outputs['delta-files']), encrypted: true })
  })

  it('exit 1 naming the entry and the step for a flipped byte, another key or another session key', async () => {
    const { dir, outputs, deltaDir } = await localDelta('8.1.0')
    const foreign = await cli(
      [
        'verify',
        '--manifest',
        outputs['manifest-path'],
        '--files',
        deltaDir,
        '--iv-session-key',
        outputs['iv-session-key'],
        '--key',
        'other.pem',
      ],
      { cwd: dir },
    )
    expect(foreign.code).toBe(1)
    expect(foreign.stderr).toMatch(/devices would refuse this delta update \(decrypt_fail\)/)

    const session = await cli(
      [
        'verify',
        '--manifest',
        outputs['manifest-path'],
        '--files',
        deltaDir,
        '--iv-session-key',
        encrypted.outputs['iv-session-key'],
        '--key',
        'pub.pem',
        '--json',
      ],
      { cwd: dir },
    )
    expect(session.code).toBe(1)
    expect(['decrypt_fail', 'checksum_fail', 'decompress_fail']).toContain(jsonOf<{ reason: string }>(session).reason)

    const manifest = JSON.parse(await readFile(outputs['manifest-path'], 'utf8')) as { file_name: string; download_url: string }[]
    const html = manifest.find((entry) => entry.file_name === 'index.html')!
    const path = join(outputs['manifest-path'], '..', decodeURIComponent(html.download_url))
    const bytes = await readFile(path)
    bytes[bytes.length - 20] ^= 1
    await writeFile(path, bytes)
    const flipped = await cli(
      [
        'verify',
        '--manifest',
        outputs['manifest-path'],
        '--files',
        deltaDir,
        '--iv-session-key',
        outputs['iv-session-key'],
        '--key',
        'pub.pem',
        '--json',
      ],
      { cwd: dir },
    )
    expect(flipped.code).toBe(1)
    expect(jsonOf<{ reason: string; fileName: string }>(flipped)).toMatchObject({ fileName: 'index.html' })
  })

  it('refuses bad names before reading anything', async () => {
    const { dir, outputs, deltaDir } = encrypted
    const manifest = JSON.parse(await readFile(outputs['manifest-path'], 'utf8')) as { file_name: string }[]
    manifest[0].file_name = '../escape.js'
    await writeFile(join(dir, 'bad.json'), JSON.stringify(manifest))
    const ran = await cli(
      ['verify', '--manifest', 'bad.json', '--files', deltaDir, '--iv-session-key', outputs['iv-session-key'], '--json'],
      { cwd: dir },
    )
    expect(ran.code).toBe(1)
    expect(jsonOf<{ reason: string }>(ran).reason).toBe('path_refused')
  })

  it('a signed manifest needs --iv-session-key (usage error); --manifest needs --files', async () => {
    const { dir, outputs, deltaDir } = encrypted
    const noKey = await cli(['verify', '--manifest', outputs['manifest-path'], '--files', deltaDir], { cwd: dir })
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toContain('--iv-session-key')
    const noFiles = await cli(['verify', '--manifest', outputs['manifest-path']], { cwd: dir })
    expect(noFiles.code).toBe(2)
    const bundle = await cli(['verify', outputs['bundle-path']], { cwd: dir })
    expect(bundle.code).toBe(2)
  })

  it('an unencrypted manifest (updater 5.x) verifies without a session key', async () => {
    const { dir, outputs, deltaDir } = await localDelta('5.12.0', { 'checksum-format': 'v2' })
    const ran = await cli(['verify', '--manifest', outputs['manifest-path'], '--files', deltaDir, '--json'], { cwd: dir })
    expect(ran.code, ran.stderr).toBe(0)
    expect(jsonOf<{ encrypted: boolean }>(ran).encrypted).toBe(false)
  })
})
