// The npm package as a team on GitLab, Bitrise or Codemagic gets it: `npm pack`,
// installed offline into an empty project (dist/cli is self-contained: no
// runtime dependencies to fetch), then the installed bin on the example app.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import semver from 'semver'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyBundle } from '../../src/bundle/verify.js'
import { EXAMPLE_APP, removeTempDirs, tempDir } from '../support/fixtures.js'
import { startS3Server, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/s3-server.js'

const exec = promisify(execFile)
const root = new URL('../../', import.meta.url).pathname
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** The installed shim itself (shebang, mode, symlink), as a shell runs `capgo-bundle`. */
function installedBin(project: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const clean: NodeJS.ProcessEnv = {
    PATH: `${join(project, 'node_modules/.bin')}:${process.env.PATH}`,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    ...env,
  }
  return exec('capgo-bundle', args, { cwd, env: clean }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : -1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  )
}

let tarball = ''
let project = ''
let packed: { files: { path: string }[] } = { files: [] }

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/cli/index.js'))) throw new Error('dist/cli/index.js is missing: run npm run build')
  const packDir = await tempDir('capgo-pack-')
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root })
  packed = (JSON.parse(stdout) as (typeof packed & { filename: string })[])[0]
  tarball = join(packDir, (JSON.parse(stdout) as { filename: string }[])[0].filename)
  project = await tempDir('capgo-npm-user-')
  await writeFile(join(project, 'package.json'), '{ "name": "user-project", "version": "1.0.0", "private": true }\n')
  // Offline: a package that needs anything but its own tarball fails here.
  await exec('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project })
}, 120_000)
afterAll(removeTempDirs)

describe('package.json', () => {
  it('is publishable as capgo-bundle, with no runtime dependencies (ncc bundles them into dist/)', () => {
    expect(manifest.name).toBe('capgo-bundle')
    expect(manifest.private).toBeUndefined()
    expect(semver.valid(manifest.version)).toBe(manifest.version)
    expect(manifest.dependencies ?? {}).toEqual({})
    expect(manifest.bin).toEqual({ 'capgo-bundle': 'bin/capgo-bundle.js' })
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true)
    // The lowest major the range admits is the lowest major ci.yml tests.
    expect(semver.minVersion(manifest.engines.node)?.major).toBe(20)
  })

  it('names the same author as action.yml and LICENSE: the contributors, not a stand-in person', async () => {
    const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as { author: string }
    expect(manifest.author).toBe('capgo-bundle-action contributors')
    expect(action.author).toBe(manifest.author)
    expect(await readFile(join(root, 'LICENSE'), 'utf8')).toMatch(new RegExp(`^Copyright \\(c\\) \\d{4} ${manifest.author}$`, 'm'))
  })

  it('ships only what runs: the bin, dist/cli and its licenses', () => {
    const files = packed.files.map((file) => file.path).sort()
    expect(files.filter((file) => !file.startsWith('dist/cli/'))).toEqual(['LICENSE', 'README.md', 'bin/capgo-bundle.js', 'package.json'])
    expect(files).toContain('dist/cli/index.js')
    expect(files).toContain('dist/cli/licenses.txt')
    expect(files.some((file) => /\.(ts|map)$/.test(file) || file.startsWith('src/') || file.startsWith('__tests__/'))).toBe(false)
  })
})

describe('installed from the tarball into an empty project', () => {
  it('brings nothing else with it', async () => {
    expect((await readdir(join(project, 'node_modules'))).filter((name) => !name.startsWith('.')).sort()).toEqual(['capgo-bundle'])
    const mode = (await stat(join(project, 'node_modules/capgo-bundle/bin/capgo-bundle.js'))).mode
    expect(mode & 0o111).not.toBe(0)
  })

  it('capgo-bundle --version prints the package version', async () => {
    const run = await installedBin(project, ['--version'], project)
    expect(run).toMatchObject({ code: 0, stdout: `${manifest.version}\n` })
  })

  it('key create, key save and run bundle the example app as a device accepts it', { timeout: 180_000 }, async () => {
    const app = await tempDir('capgo-npm-app-')
    await cp(EXAMPLE_APP, app, { recursive: true })
    const created = await installedBin(project, ['key', 'create'], app)
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    expect((await stat(join(app, '.capgo_key_v2'))).mode & 0o777).toBe(0o600)
    const saved = await installedBin(project, ['key', 'save', '--key', '.capgo_key_v2.pub'], app)
    expect(saved.code).toBe(0)

    const out = await tempDir('capgo-npm-out-')
    const run = await installedBin(project, ['run', '--storage', 'local', '--output-dir', out, '--json'], app)
    expect(run.stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/)
    expect(run.code).toBe(0)
    const outputs = JSON.parse(run.stdout) as Record<string, string>
    expect(outputs['app-id']).toBe('com.example.liveupdate')
    const publicKey = await readFile(join(app, '.capgo_key_v2.pub'), 'utf8')
    const verified = await verifyBundle({
      file: outputs['bundle-path'],
      ivSessionKey: outputs['iv-session-key'],
      checksum: outputs.checksum,
      publicKey,
    })
    expect(verified.sha256).toBe(outputs['checksum-sha256'])

    // The S3 client is a lazily loaded chunk of dist/cli: it must be in the tarball too.
    const s3 = await startS3Server('npm-user-bundles')
    try {
      const args = [
        'run',
        '--storage',
        's3',
        '--s3-bucket',
        s3.bucket,
        '--s3-endpoint',
        s3.endpoint,
        '--s3-force-path-style',
        '--output-dir',
        out,
        '--json',
      ]
      const urls = [
        '--public-url',
        `${s3.endpoint}/${s3.bucket}/{key}`,
        '--allow-insecure-public-url',
        '--verify-upload',
        '--version',
        '1.0.1',
      ]
      const stored = await installedBin(project, [...args, ...urls], app, {
        AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      })
      expect(stored.stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/)
      expect(stored.code).toBe(0)
      const s3Outputs = JSON.parse(stored.stdout) as Record<string, string>
      expect((await readFile(s3.objectPath(s3Outputs['storage-key']))).length).toBe(Number(s3Outputs['bundle-size']))
    } finally {
      await s3.stop()
    }
  })
})
