import { constants, createDecipheriv, createHash, publicDecrypt } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { RunGuard } from '../src/cleanup.js'
import { outputsOf, runFromInputs } from '../src/pipeline.js'
import { bundleErrorOf, inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'
import { CapgoTestServer } from './support/capgo-server.js'
import { cli, jsonOf } from './support/run-cli.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()

async function project(updaterVersion = '8.1.0'): Promise<string> {
  const dir = await makeProject({ publicKey: publicPem, updaterVersion })
  await mkdir(join(dir, 'www', 'assets', 'deep'), { recursive: true })
  await writeFile(join(dir, 'www', 'assets', 'deep', 'big.js'), 'export const a = "delta";\n'.repeat(2000))
  await writeFile(join(dir, 'www', 'assets', 'empty.css'), '')
  await writeFile(join(dir, 'www', '.gitkeep'), 'x')
  return dir
}

function run(dir: string, values: Record<string, string>, guard?: RunGuard) {
  const logger = recordingLogger()
  return {
    logger,
    done: runFromInputs(
      inputsFrom({ 'private-key': privatePem, storage: 'local', 'output-dir': join(dir, 'out'), ...values }),
      logger,
      { GITHUB_WORKSPACE: dir },
      dir,
      guard,
    ),
  }
}

describe('storage local with delta', () => {
  it('writes the layout {output-dir}/{appId}_{version}/delta/{sha256}_{file_name} and manifest.json, verified, with the outputs', async () => {
    const dir = await project()
    const { logger, done } = run(dir, { delta: 'true' })
    const { result } = await done
    const outputs = outputsOf(result)
    const runDir = join(dir, 'out', 'com.example.test_1.0.0')
    expect(outputs['manifest-path']).toBe(join(runDir, 'manifest.json'))
    expect(outputs['manifest-url']).toBe('')
    const manifest = JSON.parse(await readFile(outputs['manifest-path'], 'utf8')) as {
      file_name: string
      file_hash: string
      download_url: string
    }[]
    expect(outputs['delta-files']).toBe(String(manifest.length))
    expect(manifest.map((entry) => entry.file_name)).toContain('assets/deep/big.js.br')
    expect(manifest.map((entry) => entry.file_name)).not.toContain('assets/empty.css')
    expect(manifest.map((entry) => entry.file_name)).not.toContain('.gitkeep')
    expect(logger.text()).toMatch(/Verified the delta as a device would: \d+ entries/)

    // Independent check of every entry: K from the bundle's ivSessionKey with node:crypto, the file found through download_url.
    const [ivText, keyText] = outputs['iv-session-key'].split(':')
    const sessionKey = publicDecrypt({ key: publicPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(keyText, 'base64'))
    let bytes = 0
    for (const entry of manifest) {
      const path = join(runDir, ...decodeURIComponent(entry.download_url).split('/'))
      const stored = await readFile(path)
      bytes += stored.length
      const decipher = createDecipheriv('aes-128-cbc', sessionKey, Buffer.from(ivText, 'base64'))
      const plain = Buffer.concat([decipher.update(stored), decipher.final()])
      const original = entry.file_name.endsWith('.br') ? brotliDecompressSync(plain) : plain
      const name = entry.file_name.replace(/\.br$/, '')
      expect(original.equals(await readFile(join(dir, 'www', name)))).toBe(true)
      const sha256 = createHash('sha256').update(original).digest('hex')
      expect(decodeURIComponent(entry.download_url)).toBe(`delta/${sha256}_${entry.file_name}`)
      expect(
        publicDecrypt({ key: publicPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(entry.file_hash, 'hex')).toString('hex'),
      ).toBe(sha256)
    }
    expect(outputs['delta-bytes']).toBe(String(bytes))
    // The zip stays next to it.
    expect(existsSync(outputs['bundle-path'])).toBe(true)
  })

  it('no delta: outputs empty and 0, no run folder', async () => {
    const dir = await project()
    const { result } = await run(dir, {}).done
    const outputs = outputsOf(result)
    expect([outputs['delta-files'], outputs['delta-bytes'], outputs['manifest-path'], outputs['manifest-url']]).toEqual(['0', '0', '', ''])
    expect(await readdir(join(dir, 'out'))).toEqual(['com.example.test_1.0.0.zip'])
  })

  it('a failure after the delta step removes the delta files with the bundle', async () => {
    const dir = await project()
    const guard = new RunGuard()
    const { logger, done } = run(dir, { delta: 'true' }, guard)
    // Cancel as soon as the delta files are reported: the run stops before publishing and leaves nothing.
    const watch = setInterval(() => {
      if (logger.text().includes('Delta: ')) void guard.cancel('SIGTERM')
    }, 1)
    try {
      await bundleErrorOf(done)
    } finally {
      clearInterval(watch)
    }
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })

  it('5.x updater: plaintext files and plain hashes', async () => {
    const dir = await project('5.12.0')
    const { result } = await run(dir, { delta: 'only', 'checksum-format': 'v2' }).done
    const manifest = JSON.parse(await readFile(outputsOf(result)['manifest-path'], 'utf8')) as { file_name: string; file_hash: string }[]
    const html = manifest.find((entry) => entry.file_name === 'index.html')!
    expect(html.file_hash).toBe(
      createHash('sha256')
        .update(await readFile(join(dir, 'www', 'index.html')))
        .digest('hex'),
    )
  })
})

describe('capgo-bundle run --delta', () => {
  it('takes the delta flags under their input names', async () => {
    const dir = await project()
    await writeFile(join(dir, 'key.pem'), privatePem)
    const ran = await cli(
      [
        'run',
        '--storage',
        'local',
        '--output-dir',
        'out',
        '--private-key-path',
        'key.pem',
        '--delta',
        'true',
        '--no-brotli',
        '--brotli-exclude',
        'x/**',
        '--json',
      ],
      { cwd: dir },
    )
    expect(ran.code, ran.stderr).toBe(0)
    const outputs = jsonOf<Record<string, string>>(ran)
    const manifest = JSON.parse(await readFile(outputs['manifest-path'], 'utf8')) as { file_name: string }[]
    expect(manifest.some((entry) => entry.file_name.endsWith('.br'))).toBe(false)
    expect(Number(outputs['delta-files'])).toBe(manifest.length)
  })
})

describe('storage capgo, delta: auto with the config silent', () => {
  it.each([
    { forced: false, expected: false },
    { forced: true, expected: true },
  ])('makes the delta files only when the server forces delta (forced: $forced)', async ({ forced, expected }) => {
    const dir = await project()
    const server = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      server.delta = { ...server.delta, partialUpload: true, partialUploadForced: forced }
      const { logger, done } = run(dir, {
        storage: 'capgo',
        'capgo-token': server.token,
        'capgo-api-url': server.apiUrl,
        'capgo-files-url': server.filesUrl,
      })
      const { result } = await done
      expect(result.bundle.delta !== undefined).toBe(expected)
      expect(logger.text().includes('Verified the delta as a device would')).toBe(expected)
      expect(server.requestsAt('set_manifest')).toHaveLength(expected ? 1 : 0)
      expect(outputsOf(result)['delta-files']).toBe(expected ? String(result.bundle.delta?.files.length) : '0')
      // Unforced: nothing was made, so no run folder next to the zip.
      if (!expected) expect(existsSync(join(dir, 'out', 'com.example.test_1.0.0'))).toBe(false)
    } finally {
      await server.close()
    }
  })
})
