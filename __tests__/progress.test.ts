import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packBundle } from '../src/bundle/pack.js'
import { listBuildFiles } from '../src/bundle/zip.js'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { formatProgress, startProgress } from '../src/progress.js'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGithubReleaseStorage } from '../src/publish/github-release.js'
import { createHttpPutStorage } from '../src/publish/http-put.js'
import { createS3Storage } from '../src/publish/s3.js'
import { fakeClock, tickAtEndClock } from './support/fake-clock.js'
import { keyPair, recordingLogger, EXAMPLE_APP } from './support/fixtures.js'
import { startGithubServer } from './support/github-server.js'
import { makeBundle, startS3Server, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type TestBundle } from './support/s3-server.js'

const MB = 1024 * 1024

describe('progress lines', () => {
  it('prints nothing for work shorter than the interval', () => {
    const clock = fakeClock()
    const lines: string[] = []
    const progress = startProgress('Packing', { files: 10, bytes: 10 * MB }, (line) => lines.push(line), clock)
    progress.add(10 * MB, 10)
    clock.advance(4999)
    progress.done()
    clock.advance(60_000)
    expect(lines).toEqual([])
    expect(clock.running()).toBe(0)
  })

  it('prints one line every 5 s while the work runs: files, bytes, percent, MB/s', () => {
    const clock = fakeClock()
    const lines: string[] = []
    const progress = startProgress('Packing', { files: 3000, bytes: 200 * MB }, (line) => lines.push(line), clock)
    progress.add(60 * MB, 900)
    clock.advance(5000)
    progress.add(60 * MB, 900)
    clock.advance(5000)
    progress.done()
    clock.advance(5000)
    expect(lines).toEqual([
      'Packing: 900 of 3000 files, 60.0 of 200.0 MB (30%), 12.0 MB/s',
      'Packing: 1800 of 3000 files, 120.0 of 200.0 MB (60%), 12.0 MB/s',
    ])
  })

  it('an upload line has no file count', () => {
    expect(formatProgress('Uploading to s3://b/k', { bytes: 50 * MB }, { bytes: 25 * MB, files: 0 }, 10_000)).toBe(
      'Uploading to s3://b/k: 25.0 of 50.0 MB (50%), 2.5 MB/s',
    )
    expect(formatProgress('Uploading', { bytes: 0 }, { bytes: 0, files: 0 }, 0)).toBe('Uploading: 0.0 of 0.0 MB (0%), 0.0 MB/s')
  })

  it('packing reports every file and byte of the build', async () => {
    const out = await mkdtemp(join(tmpdir(), 'capgo-progress-'))
    try {
      const buildDir = join(EXAMPLE_APP, 'www')
      const files = await listBuildFiles(buildDir)
      const seen = { bytes: 0, files: 0 }
      const key = parsePrivateKey(keyPair().privatePem, recordingLogger())
      await packBundle(
        {
          buildDir,
          appId: 'com.example.app',
          version: '1.0.0',
          outputDir: out,
          key,
          checksumFormat: 'v3',
          files,
          onProgress: (bytes, count) => ((seen.bytes += bytes), (seen.files += count)),
        },
        recordingLogger(),
      )
      expect(seen).toEqual({ bytes: files.reduce((sum, file) => sum + file.size, 0), files: files.length })
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  })
})

describe('upload progress', () => {
  let dir: string
  let made: TestBundle
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capgo-progress-upload-'))
    made = await makeBundle(dir, 64 * 1024)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  const fullLine = (label: string) => {
    const size = (made.bundle.bundleSize / MB).toFixed(1)
    return `${label}: ${size} of ${size} MB (100%), ${(made.bundle.bundleSize / MB / 6).toFixed(1)} MB/s`
  }
  const progressLines = (logger: ReturnType<typeof recordingLogger>) =>
    logger.lines.filter((line) => / MB\/s$/.test(line.message)).map((line) => line.message)

  it('a presigned PUT counts every byte it sends', async () => {
    const server = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const logger = recordingLogger()
      const backend = await createHttpPutStorage(
        {
          kind: 'url',
          uploadUrl: `${origin}/upload?sig=abcdefgh12345678`,
          headers: {},
          publicUrl: `${origin}/{version}.zip`,
          allowInsecurePublicUrl: true,
          verifyUpload: false,
        },
        logger,
        { clock: tickAtEndClock() },
      )
      await backend.put(made.bundle)
      expect(progressLines(logger)).toEqual([fullLine(`Uploading to ${origin}`)])
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('an S3 upload counts every byte it sends', async () => {
    const s3 = await startS3Server('progress')
    try {
      const logger = recordingLogger()
      const backend = await createS3Storage(
        {
          kind: 's3',
          bucket: s3.bucket,
          region: 'us-east-1',
          endpoint: s3.endpoint,
          forcePathStyle: true,
          keyTemplate: '{appId}/{version}.zip',
          accessKeyId: TEST_ACCESS_KEY_ID,
          secretAccessKey: TEST_SECRET_ACCESS_KEY,
          allowInsecurePublicUrl: true,
          overwrite: false,
          verifyUpload: false,
        },
        logger,
        { clock: tickAtEndClock() },
      )
      await backend.put(made.bundle)
      expect(progressLines(logger)).toEqual([fullLine('Uploading to s3://progress/com.example.app/1.0.0.zip')])
    } finally {
      await s3.stop()
    }
  })

  it('the GitHub release upload counts every byte it sends', async () => {
    const github = await startGithubServer()
    try {
      const logger = recordingLogger()
      const backend = await createGithubReleaseStorage(
        {
          kind: 'github-release',
          repository: 'octo/app',
          tag: 'v1',
          token: github.token,
          apiUrl: github.apiUrl,
          serverUrl: 'https://github.com',
          overwrite: false,
          verifyUpload: false,
        },
        logger,
        { clock: tickAtEndClock() },
      )
      await backend.put(made.bundle)
      const size = (made.bundle.bundleSize / MB).toFixed(1)
      expect(
        logger.lines.filter((line) => line.message.startsWith('Uploading to the GitHub release:')).map((line) => line.message),
      ).toEqual([`Uploading to the GitHub release: ${size} of ${size} MB (100%), ${(made.bundle.bundleSize / MB / 6).toFixed(1)} MB/s`])
    } finally {
      await github.close()
    }
  })
})
