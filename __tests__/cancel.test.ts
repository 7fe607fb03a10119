// Cancellation as GitHub does it: SIGINT (then SIGTERM) to `node dist/index.js`
// while it uploads to a server that stopped answering. The run must stop,
// undo what it created, say so in one line and exit non-zero within 5 s.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { ACTION_ENTRY } from '../scripts/lib/run-action.mjs'
import { capgoStepOf, CapgoTestServer } from './support/capgo-server.js'
import { classifyS3, FaultProxy } from './support/fault-proxy.js'
import { keyPair, makeProject, removeTempDirs, tempDir } from './support/fixtures.js'
import { startGithubServer } from './support/github-server.js'
import { BIN_ENTRY } from './support/run-cli.js'
import { startS3Server, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type S3TestServer } from './support/s3-server.js'

const { privatePem, publicPem } = keyPair()

interface Started {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

function start(command: string[], env: Record<string, string>, cwd: string): Started {
  const child = spawn(process.execPath, command, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout!.on('data', (chunk) => (text += chunk))
  child.stderr!.on('data', (chunk) => (text += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, output: () => text, exited }
}

async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const started = Date.now()
  while (!(await condition())) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Sends `signal` and waits for the exit, which must come within 5 s; returns the exit code and the lines starting with `prefix`. */
async function stop(run: Started, signal: NodeJS.Signals, prefix = '::error::'): Promise<{ code: number | null; errors: string[] }> {
  const signalled = Date.now()
  run.child.kill(signal)
  const code = await run.exited
  expect(Date.now() - signalled).toBeLessThan(5_000)
  return {
    code,
    errors: run
      .output()
      .split('\n')
      .filter((line) => line.startsWith(prefix)),
  }
}

/** The action's environment, as a runner sets it. */
function actionEnv(workspace: string, runnerTemp: string, inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return env
}

let s3: S3TestServer
let large: string

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run npm run build')
  s3 = await startS3Server('cancel')
  large = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '5.0.0' })
  await mkdir(join(large, 'www', 'assets'), { recursive: true })
  await writeFile(join(large, 'www', 'assets', 'noise.bin'), randomBytes(6 * 1024 * 1024))
})

afterAll(async () => {
  await s3?.stop()
  await removeTempDirs()
})

describe('cancelled runs', () => {
  it('SIGINT mid multipart upload: aborts the upload, removes the bundle, one ::error:: line, exit within 5 s', async () => {
    const proxy = await FaultProxy.start({ upstream: s3.endpoint, classify: classifyS3 })
    proxy.inject('UploadPart', 'hang')
    const runnerTemp = await tempDir('capgo-runner-')
    try {
      const run = start(
        [ACTION_ENTRY],
        actionEnv(large, runnerTemp, {
          'private-key': privatePem,
          storage: 's3',
          's3-bucket': s3.bucket,
          's3-endpoint': proxy.url,
          's3-force-path-style': 'true',
          's3-access-key-id': TEST_ACCESS_KEY_ID,
          's3-secret-access-key': TEST_SECRET_ACCESS_KEY,
          'public-url': 'https://cdn.example.com/{key}',
        }),
        large,
      )
      await until(() => proxy.steps().includes('UploadPart'), 'the first part')
      expect((await s3.pendingUploads()).length).toBe(1)
      // GitHub follows with SIGTERM; it must not cut the clean-up short.
      setTimeout(() => run.child.kill('SIGTERM'), 300)
      const { code, errors } = await stop(run, 'SIGINT')
      expect(code).not.toBe(0)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(
        /^::error::Cancelled by SIGINT\. Cleaned up: .*aborted the multipart upload to s3:\/\/cancel\/com\.example\.test\/5\.0\.0\//,
      )
      expect(errors[0]).toContain('removed the bundle file of this run')
      expect(await s3.pendingUploads()).toEqual([])
      expect(await readdir(runnerTemp)).toEqual([])
    } finally {
      await proxy.close()
    }
  })

  it('SIGTERM mid Capgo upload: deletes the version row (its file never arrived) and says so', async () => {
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    const proxy = await FaultProxy.start({ upstream: capgo.url, classify: capgoStepOf })
    proxy.inject('put', 'hang')
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '5.1.0' })
    const runnerTemp = await tempDir('capgo-runner-')
    try {
      const run = start(
        [ACTION_ENTRY],
        actionEnv(workspace, runnerTemp, {
          'private-key': privatePem,
          'capgo-token': capgo.token,
          'capgo-api-url': proxy.via(capgo.apiUrl),
          'capgo-files-url': proxy.via(capgo.filesUrl),
          channel: 'production',
        }),
        workspace,
      )
      await until(() => proxy.steps().includes('put'), 'the upload')
      expect(capgo.rows.has('5.1.0')).toBe(true)
      const { code, errors } = await stop(run, 'SIGTERM')
      expect(code).not.toBe(0)
      expect(errors).toEqual([expect.stringMatching(/^::error::Cancelled by SIGTERM\. Cleaned up: .*deleted version 5\.1\.0 from Capgo/)])
      expect(capgo.rows.has('5.1.0')).toBe(false)
      expect(capgo.channels.size).toBe(0)
      expect(await readdir(runnerTemp)).toEqual([])
    } finally {
      await proxy.close()
      await capgo.close()
    }
  })

  it('SIGTERM mid GitHub release upload: deletes the partial asset and the release this run created, and says so', async () => {
    const github = await startGithubServer()
    github.faults.hangUploads = true
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '5.3.0' })
    const runnerTemp = await tempDir('capgo-runner-')
    try {
      const run = start(
        [ACTION_ENTRY],
        {
          ...actionEnv(workspace, runnerTemp, {
            'private-key': privatePem,
            storage: 'github-release',
            'release-tag': 'v5.3.0',
            'github-token': github.token,
          }),
          GITHUB_API_URL: github.apiUrl,
          GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
        },
        workspace,
      )
      await until(() => github.releases.some((release) => release.assets.length > 0), 'the upload')
      const { code, errors } = await stop(run, 'SIGTERM')
      expect(code).not.toBe(0)
      expect(errors).toEqual([
        expect.stringMatching(
          /^::error::Cancelled by SIGTERM\. Cleaned up: .*deleted the partial asset com\.example\.test_5\.3\.0\.zip from release v5\.3\.0, deleted the empty release v5\.3\.0 this run created \(the tag stays\)/,
        ),
      ])
      expect(errors[0]).toContain('removed the bundle file of this run')
      expect(github.releases).toEqual([])
      expect(await readdir(runnerTemp)).toEqual([])
    } finally {
      await github.close()
    }
  })

  it('capgo-bundle run: Ctrl-C while Capgo does not answer exits 130 with one line and nothing left', async () => {
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    const proxy = await FaultProxy.start({ upstream: capgo.url, classify: capgoStepOf })
    proxy.inject('config', 'hang')
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '5.2.0' })
    const out = join(await tempDir('capgo-out-'), 'bundles')
    try {
      const run = start(
        [BIN_ENTRY, 'run', '--output-dir', out, '--capgo-api-url', proxy.via(capgo.apiUrl), '--capgo-files-url', proxy.via(capgo.filesUrl)],
        { CAPGO_PRIVATE_KEY: privatePem, CAPGO_TOKEN: capgo.token, NO_COLOR: '1' },
        workspace,
      )
      await until(() => proxy.steps().includes('config'), 'the config request')
      const { code, errors } = await stop(run, 'SIGINT', 'error:')
      expect(code).toBe(130)
      expect(errors).toEqual([expect.stringMatching(/^error: Cancelled by SIGINT\. /)])
      expect(existsSync(out)).toBe(false)
    } finally {
      await proxy.close()
      await capgo.close()
    }
  })
})
