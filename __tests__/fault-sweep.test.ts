// The fault sweep of issue 8: for every network step of every backend, each
// of HTTP 500, connection reset, hang and a slow trickle, injected by a proxy
// in front of the loopback servers. Each case must either succeed after
// retries or fail within request-timeout × attempts with one line, and never
// leave a version linked to a channel without its verified file, nor an
// object (or row) visible without a note saying so.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyBundle } from '../src/bundle/verify.js'
import { describeError } from '../src/errors.js'
import { runFromInputs } from '../src/pipeline.js'
import { capgoStepOf, CapgoTestServer } from './support/capgo-server.js'
import { classifyS3, FAULT_KINDS, FaultProxy, S3_ERROR_BODY, type FaultKind } from './support/fault-proxy.js'
import { classifyGithub, startGithubServer, type GithubTestServer } from './support/github-server.js'
import { inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs, tempDir, type RecordingLogger } from './support/fixtures.js'
import { startS3Server, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type S3TestServer } from './support/s3-server.js'

/** request-timeout of every case, in seconds; the trickle's pauses are well below it. */
const TIMEOUT_S = 2
const GAP_MS = 600
/** Attempts of the default retry (4) and of TUS (1 + 4 resumes), and the pauses between them (0.5 + 1 + 2 s, TUS 0 + 1 + 3 + 5 s) with jitter. */
const WORST_FAILURE_MS = 5 * TIMEOUT_S * 1000 + 9_000
/** A failing step may be followed by one clean-up request that faces the same retries. */
const BOUND_MS = 2 * WORST_FAILURE_MS + 8_000
/** Cases run at once: the S3 ones pack and move 6 MB each, the others a few KB. */
const CONCURRENCY = { s3: 3, other: 14 }

type Scenario =
  'capgo' | 'capgo-tus' | 'capgo-legacy' | 'capgo-delete' | 's3' | 's3+capgo' | 'url' | 'github' | 'github-existing' | 'github-cleanup'

interface Case {
  scenario: Scenario
  step: string
  fault: FaultKind
}

const steps: Record<Scenario, string[]> = {
  capgo: ['config', 'app', 'exist', 'actor', 'row', 'files_config', 'upload_link', 'put', 'finalize', 'channel'],
  'capgo-tus': ['tus_create', 'tus_patch', 'tus_head'],
  'capgo-legacy': ['finalize_legacy'],
  'capgo-delete': ['delete'],
  s3: ['HeadBucket', 'HeadObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'GetObject'],
  's3+capgo': ['config', 'app', 'exist', 'actor', 'row', 'channel'],
  url: ['PUT', 'GET'],
  github: ['repo', 'release', 'create_release', 'upload', 'download'],
  'github-existing': ['assets'],
  'github-cleanup': ['delete_asset', 'delete_release'],
}

const allCases: Case[] = Object.entries(steps).flatMap(([scenario, names]) =>
  names.flatMap((step) => FAULT_KINDS.map((fault) => ({ scenario: scenario as Scenario, step, fault }))),
)

const cases = process.env.SWEEP_ONLY
  ? allCases.filter((c) => new RegExp(process.env.SWEEP_ONLY!).test(`${c.scenario} ${c.step} ${c.fault}`))
  : allCases

interface Outcome {
  name: string
  ok: boolean
  error?: string
  ms: number
  problems: string[]
}

const { privatePem, publicPem } = keyPair()
let small: string
let large: string
let s3: S3TestServer

beforeAll(async () => {
  small = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '3.0.0' })
  // Above the 5 MiB part size, so the S3 upload is multipart (two parts).
  large = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '3.0.0' })
  await mkdir(join(large, 'www', 'assets'), { recursive: true })
  await writeFile(join(large, 'www', 'assets', 'noise.bin'), randomBytes(6 * 1024 * 1024))
  s3 = await startS3Server('sweep')
})

afterAll(async () => {
  await s3?.stop()
  await removeTempDirs()
})

/** A presigned-PUT target and the public URL serving what it stored, as a bucket behind a CDN. */
async function startPutStore(): Promise<{ url: string; stored: Map<string, Buffer>; close(): Promise<void> }> {
  const stored = new Map<string, Buffer>()
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://store')
    const name = url.pathname.split('/').pop() ?? ''
    if (req.method === 'GET') {
      const body = stored.get(name)
      if (!body) return void res.writeHead(404).end()
      return void res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body)
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      stored.set(name, Buffer.concat(chunks))
      res.writeHead(200, { etag: '"x"' }).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stored,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Whether `bytes` is a bundle devices accept with this session key and checksum. */
async function verifies(bytes: Buffer | undefined, ivSessionKey: unknown, checksum: unknown, dir: string): Promise<boolean> {
  if (!bytes || typeof ivSessionKey !== 'string' || typeof checksum !== 'string') return false
  const file = join(dir, `check-${randomBytes(4).toString('hex')}.zip`)
  await writeFile(file, bytes)
  return verifyBundle({ file, ivSessionKey, checksum, publicKey: publicPem }).then(
    () => true,
    () => false,
  )
}

/** Everything this run told the user: the error line and the warnings. */
function notes(logger: RecordingLogger, error: string | undefined): string {
  return [error ?? '', ...logger.lines.filter((line) => line.level === 'warning').map((line) => line.message)].join('\n')
}

async function runCase(testCase: Case, index: number): Promise<Outcome> {
  const name = `${testCase.scenario} ${testCase.step} ${testCase.fault}`
  const dir = await tempDir('capgo-sweep-')
  const logger = recordingLogger()
  const problems: string[] = []
  const closers: Array<() => Promise<void>> = []
  const usesCapgo = testCase.scenario.startsWith('capgo') || testCase.scenario === 's3+capgo'
  const usesS3 = testCase.scenario.startsWith('s3')
  const values: Record<string, string> = { 'private-key': privatePem, 'output-dir': join(dir, 'out'), 'request-timeout': String(TIMEOUT_S) }

  let capgo: CapgoTestServer | undefined
  let capgoProxy: FaultProxy | undefined
  let s3Proxy: FaultProxy | undefined
  let store: Awaited<ReturnType<typeof startPutStore>> | undefined
  let storeProxy: FaultProxy | undefined
  let github: GithubTestServer | undefined
  let githubProxy: FaultProxy | undefined
  const env: Record<string, string> = {}
  const s3Key = `case-${index}/com.example.test_3.0.0.zip`

  try {
    if (usesCapgo) {
      capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
      capgoProxy = await FaultProxy.start({ upstream: capgo.url, classify: capgoStepOf, gapMs: GAP_MS })
      closers.push(
        () => capgoProxy!.close(),
        () => capgo!.close(),
      )
      Object.assign(values, {
        'capgo-token': capgo.token,
        'capgo-api-url': capgoProxy.via(capgo.apiUrl),
        'capgo-files-url': capgoProxy.via(capgo.filesUrl),
        channel: 'production',
      })
      if (testCase.scenario === 'capgo-tus') {
        values['tus-upload'] = 'always'
        capgo.tus.enabled = true
        // HEAD only happens when resuming: the first PATCH is cut once so the fault at HEAD is reached.
        if (testCase.step === 'tus_head') capgoProxy.inject('tus_patch', 'reset', 1)
      }
      if (testCase.scenario === 'capgo-legacy') capgo.newFinalize = false
      // delete_failed_version only runs after a failure: the upload fails for good first.
      if (testCase.scenario === 'capgo-delete') capgoProxy.inject('put', 'http500')
    }
    if (usesS3) {
      s3Proxy = await FaultProxy.start({ upstream: s3.endpoint, classify: classifyS3, gapMs: GAP_MS, errorBody: S3_ERROR_BODY })
      closers.push(() => s3Proxy!.close())
      Object.assign(values, {
        storage: 's3',
        's3-bucket': s3.bucket,
        's3-endpoint': s3Proxy.url,
        's3-force-path-style': 'true',
        's3-access-key-id': TEST_ACCESS_KEY_ID,
        's3-secret-access-key': TEST_SECRET_ACCESS_KEY,
        's3-key': `case-${index}/{appId}_{version}.zip`,
        'public-url': `https://cdn.example.com/{key}`,
        'verify-upload': 'true',
      })
    }
    if (testCase.scenario === 'url') {
      store = await startPutStore()
      storeProxy = await FaultProxy.start({ upstream: store.url, classify: (method) => method, gapMs: GAP_MS })
      closers.push(
        () => storeProxy!.close(),
        () => store!.close(),
      )
      Object.assign(values, {
        storage: 'url',
        'upload-url': `${storeProxy.url}/upload/bundle.zip?X-Amz-Signature=${randomBytes(16).toString('hex')}`,
        'public-url': `${storeProxy.url}/files/bundle.zip`,
        'allow-insecure-public-url': 'true',
        'verify-upload': 'true',
      })
    }
    if (testCase.scenario.startsWith('github')) {
      github = await startGithubServer()
      githubProxy = await FaultProxy.start({ upstream: github.apiUrl, classify: classifyGithub, gapMs: GAP_MS })
      closers.push(
        () => githubProxy!.close(),
        () => github!.close(),
      )
      // An existing release, so its assets are listed; the clean-up case breaks every upload, so the run fails and removes what it left.
      if (testCase.scenario === 'github-existing') github.addRelease('v3.0.0')
      if (testCase.scenario === 'github-cleanup') github.faults.breakUploads = Infinity
      Object.assign(values, { storage: 'github-release', 'release-tag': 'v3.0.0', 'github-token': github.token, 'verify-upload': 'true' })
      Object.assign(env, { GITHUB_API_URL: githubProxy.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}` })
    }
    const proxy =
      testCase.scenario === 'url'
        ? storeProxy!
        : testCase.scenario.startsWith('github')
          ? githubProxy!
          : usesS3 && testCase.scenario === 's3'
            ? s3Proxy!
            : capgoProxy!
    proxy.inject(testCase.step, testCase.fault)

    const started = performance.now()
    let error: string | undefined
    try {
      // Only the S3 steps need a multipart upload (two parts); registration cases stay small.
      await runFromInputs(inputsFrom(values), logger, env, testCase.scenario === 's3' ? large : small)
    } catch (caught) {
      error = describeError(caught)
    }
    const ms = Math.round(performance.now() - started)
    if (!proxy.steps().includes(testCase.step)) problems.push(`the step ${testCase.step} was never reached`)
    if (error !== undefined && error.includes('\n')) problems.push('the failure is more than one line')
    if (error !== undefined && ms > BOUND_MS) problems.push(`failed after ${ms} ms, above ${BOUND_MS} ms`)
    const told = notes(logger, error)

    if (capgo) {
      for (const [channel, version] of capgo.channels) {
        const row = capgo.rows.get(version)
        if (!row) {
          problems.push(`channel ${channel} points at version ${version}, which has no row`)
          continue
        }
        const bytes =
          row.storage_provider === 'external'
            ? usesS3 && existsSync(s3.objectPath(s3Key))
              ? await readFile(s3.objectPath(s3Key))
              : undefined
            : capgo.objects.get(capgo.objectKey(version))
        if (row.storage_provider === 'r2-direct')
          problems.push(`channel ${channel} points at version ${version}, which was never finalized`)
        if (!(await verifies(bytes, row.session_key, row.checksum, dir)))
          problems.push(`channel ${channel} points at version ${version} without its verified file`)
      }
      if (error !== undefined) {
        for (const version of capgo.rows.keys()) {
          if (!new RegExp(`version ${version.replace(/\./g, '\\.')}[^.]*(stays|remains|may remain|is stored)`, 'i').test(told))
            problems.push(`version ${version} stays in Capgo without a note`)
        }
      }
    }
    if (usesS3 && error !== undefined) {
      if (existsSync(s3.objectPath(s3Key)) && !told.includes(`s3://${s3.bucket}/${s3Key}`))
        problems.push(`s3://${s3.bucket}/${s3Key} stays without a note`)
      const created = (s3Proxy?.requests ?? []).flatMap((request) => /<UploadId>([^<]+)<\/UploadId>/.exec(request.answer ?? '')?.[1] ?? [])
      const pending = new Set(await s3.pendingUploads())
      for (const uploadId of created)
        if (pending.has(uploadId) && !told.includes(uploadId)) problems.push(`multipart upload ${uploadId} stays without a note`)
    }
    if (store && error !== undefined && store.stored.size > 0 && !told.includes(values['public-url']))
      problems.push(`${values['public-url']} serves a file of this run without a note`)
    if (github && error !== undefined) {
      for (const release of github.releases) {
        for (const asset of release.assets)
          if (!told.includes(asset.name))
            problems.push(`asset ${asset.name} (${asset.state}) stays on release ${release.tag_name} without a note`)
        if (testCase.scenario !== 'github-existing' && !told.includes(`release ${release.tag_name}`))
          problems.push(`release ${release.tag_name}, created by this run, stays without a note`)
      }
      // Only what is true: an asset said to be left behind must still be there.
      if (/Left behind: [^.]*asset/.test(error) && !github.releases.some((release) => release.assets.length > 0))
        problems.push('the error says an asset is left behind, but none is')
    }
    // capgo-delete and github-cleanup fail by design (their upload is refused or breaks off); their trickled clean-up must still go through.
    const cleanedByDesign =
      (testCase.scenario === 'capgo-delete' && /deleted version/.test(error ?? '')) ||
      (testCase.scenario === 'github-cleanup' && /Nothing from this run is left on GitHub/.test(error ?? ''))
    if (testCase.fault === 'trickle' && error !== undefined && !cleanedByDesign) problems.push('a slow but moving exchange was cut off')

    if (process.env.SWEEP_DEBUG && problems.length)
      console.log(`${name}\n${logger.text()}\n${proxy.requests.map((r) => `${r.step} ${r.fault ?? ''} ${r.status ?? '-'}`).join('\n')}`)
    return { name, ok: error === undefined, error, ms, problems }
  } finally {
    await Promise.all(closers.map((close) => close().catch(() => undefined)))
  }
}

async function pool<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await work(items[index], index)
      }
    }),
  )
  return results
}

describe('lost answers', () => {
  it('a CompleteMultipartUpload that succeeded but whose answer was lost counts as done (its retry finds no upload)', async () => {
    const proxy = await FaultProxy.start({ upstream: s3.endpoint, classify: classifyS3, errorBody: S3_ERROR_BODY })
    proxy.inject('CompleteMultipartUpload', 'lose-answer', 1)
    const logger = recordingLogger()
    const dir = await tempDir('capgo-sweep-')
    try {
      const key = 'lost-answer/com.example.test_3.0.0.zip'
      const { result } = await runFromInputs(
        inputsFrom({
          'private-key': privatePem,
          'output-dir': join(dir, 'out'),
          'request-timeout': String(TIMEOUT_S),
          storage: 's3',
          's3-bucket': s3.bucket,
          's3-endpoint': proxy.url,
          's3-force-path-style': 'true',
          's3-access-key-id': TEST_ACCESS_KEY_ID,
          's3-secret-access-key': TEST_SECRET_ACCESS_KEY,
          's3-key': 'lost-answer/{appId}_{version}.zip',
          'public-url': 'https://cdn.example.com/{key}',
          'verify-upload': 'true',
        }),
        logger,
        {},
        large,
      )
      expect(result.publish.storageKey).toBe(key)
      expect(proxy.steps().filter((step) => step === 'CompleteMultipartUpload').length).toBeGreaterThanOrEqual(2)
      expect(logger.text()).toContain(`s3://${s3.bucket}/${key} holds the whole bundle although the upload reported`)
      expect((await readFile(s3.objectPath(key))).equals(await readFile(result.bundle.path))).toBe(true)
    } finally {
      await proxy.close()
    }
  })
})

describe('fault sweep', () => {
  it('every network step of every backend survives HTTP 500, reset, hang and trickle: recovered or failed cleanly, never half-published', async () => {
    const isGithub = (testCase: Case) => testCase.scenario.startsWith('github')
    const heavy = cases.flatMap((testCase, index) => (testCase.scenario === 's3' ? [index] : []))
    const light = cases.flatMap((testCase, index) => (testCase.scenario === 's3' || isGithub(testCase) ? [] : [index]))
    const github = cases.flatMap((testCase, index) => (isGithub(testCase) ? [index] : []))
    const outcomes: Outcome[] = new Array(cases.length)
    const run = (indexes: number[], size: number) =>
      pool(indexes, size, async (index) => {
        outcomes[index] = await runCase(cases[index], index)
      })
    await Promise.all([run(heavy, CONCURRENCY.s3), run(light, CONCURRENCY.other)])
    // The GitHub cases come after, so they do not add to the load while the shared s3rver serves the S3 cases.
    await run(github, CONCURRENCY.other)
    const recovered = outcomes.filter((outcome) => outcome.ok).length
    const halfPublished = outcomes.filter((outcome) => outcome.problems.length > 0)
    const failedCleanly = outcomes.length - recovered - halfPublished.filter((outcome) => !outcome.ok).length
    const slowest = Math.max(0, ...outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.ms))
    console.log(
      `fault sweep: ${outcomes.length} cases, ${recovered} recovered, ${failedCleanly} failed cleanly, ${halfPublished.length} half-published (slowest failure ${(slowest / 1000).toFixed(1)} s)`,
    )
    const absorbed = outcomes.filter((outcome) => outcome.ok && !outcome.name.endsWith(' trickle')).map((outcome) => outcome.name)
    if (absorbed.length) console.log(`  recovered from a fault other than a trickle: ${absorbed.join(', ')}`)
    for (const outcome of outcomes) {
      if (outcome.problems.length)
        console.log(`  ${outcome.name}: ${outcome.problems.join('; ')}${outcome.error ? ` [${outcome.error}]` : ''}`)
    }
    expect(halfPublished.map((outcome) => `${outcome.name}: ${outcome.problems.join('; ')}`)).toEqual([])
  }, 300_000)
})
