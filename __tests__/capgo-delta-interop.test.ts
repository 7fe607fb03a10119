import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { openCapgo } from '../src/publish/capgo/session.js'
import { collectNativePackages } from '../src/release/native-packages.js'
import type { CapgoSettings, DeltaSettings, PackedBundle } from '../src/types.js'
import { isWrite } from './support/capgo-remote.js'
import { CapgoTestServer, type RecordedRequest } from './support/capgo-server.js'
import { makeDeltaBundle, verifyAsDevice, verifyStored, type ManifestEntryLike } from './support/delta-fixture.js'
import { keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'
import { installNativeFixtures } from './support/native-fixtures.js'
import { officialCli } from './support/official-cli.js'
import { officialUpload, pointOfficialCliAt } from './support/official-upload.js'

afterAll(removeTempDirs)

const APP_ID = 'com.example.test'
const VERSION = '1.1.0'

interface Entry extends ManifestEntryLike {
  s3_path: string
  file_size_receipt?: string
}

/** The example app plus a Brotli-worthy script, a file name to encode, an empty file and a .gitkeep (both skipped). */
async function deltaProject(): Promise<{ project: string; privatePem: string; publicPem: string; packages: unknown }> {
  const { privatePem, publicPem } = keyPair()
  const project = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0', appId: APP_ID })
  await installNativeFixtures(project)
  const www = join(project, 'www')
  await mkdir(join(www, 'js', 'vendor'), { recursive: true })
  await writeFile(join(www, 'js', 'big.js'), 'console.log("a line that compresses well")\n'.repeat(600))
  await writeFile(join(www, 'js', 'vendor', 'lib#1.js'), 'export const lib = 1\n')
  await writeFile(join(www, 'empty.txt'), '')
  await writeFile(join(www, 'js', '.gitkeep'), 'keep')
  const packages = collectNativePackages({ packageJsons: [join(project, 'package.json')], nodeModules: [], start: project })
  return { project, privatePem, publicPem, packages }
}

async function ours(
  server: CapgoTestServer,
  project: string,
  privatePem: string,
  packages: unknown,
  mode: DeltaSettings['mode'] = 'true',
  version = VERSION,
) {
  const key = parsePrivateKey(privatePem, recordingLogger())
  const out = join(project, `out-${server.url.split(':').at(-1)}`)
  const bundle: PackedBundle = await packBundle(
    { buildDir: join(project, 'www'), appId: APP_ID, version, outputDir: out, key, checksumFormat: 'v3' },
    recordingLogger(),
  )
  bundle.delta = await makeDeltaBundle(join(project, 'www'), bundle, key, join(out, 'delta'), { encrypted: true })
  const settings: CapgoSettings = {
    token: server.token,
    apiUrl: server.apiUrl,
    filesUrl: server.filesUrl,
    channels: ['production'],
    versionExists: 'fail',
    tus: 'auto',
    projectDir: project,
    release: {
      compatibility: 'fail',
      autoMinUpdateVersion: false,
      selfAssign: false,
      deleteLinkedBundleOnUpload: false,
      unchanged: 'fail',
      nativePackages: packages as never,
    },
  }
  const session = await openCapgo(settings, bundle, recordingLogger())
  const result = await session.publishHosted({
    dryRun: false,
    // Publishing reads the processed files (bundle.delta); the plan's candidate list is not used here.
    delta: { mode, autoFromConfig: false, encrypted: true, brotli: true, brotliExclude: [], candidates: [] },
  })
  return { bundle, result }
}

function manifestOf(server: CapgoTestServer, version = VERSION): Entry[] {
  return (server.manifests.get(version) ?? []) as unknown as Entry[]
}

function metadataOf(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(
    String(request.headers['upload-metadata'])
      .split(',')
      .map((pair) => pair.split(' '))
      .map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  )
}

/** Each run's random parts (org, user, session key hex, receipts) replaced by placeholders. */
function normaliser(server: CapgoTestServer, ivSessionKey: string): (text: string) => string {
  const sessionHex = Buffer.from(ivSessionKey, 'utf8').toString('hex')
  return (text) => text.replaceAll(server.ownerOrg, '<org>').replaceAll(server.userId, '<user>').replaceAll(sessionHex, '<session>')
}

/** The writes in order, with the delta file uploads folded into one `delta files` step (the official CLI sends them in batches of 500, we 16 at a time). */
function writeSequence(server: CapgoTestServer): string[] {
  const out: string[] = []
  for (const request of server.requests.filter(isWrite)) {
    const path = request.path.split('?')[0].replace(/^\/r2\/.*$/, '/r2/<object>')
    const step = request.step === 'tus_create' || request.step === 'tus_patch' ? 'delta files' : `${request.method} ${path}`
    if (out.at(-1) !== step) out.push(step)
  }
  return out
}

/** What each delta TUS creation said: metadata, length, and the header names (values of auth and host aside). */
function deltaCreations(server: CapgoTestServer, normalise: (text: string) => string) {
  return server
    .requestsAt('tus_create')
    .map((request) => ({
      filename: normalise(metadataOf(request).filename),
      filetype: metadataOf(request).filetype,
      length: request.headers['upload-length'],
    }))
    .sort((a, b) => a.filename.localeCompare(b.filename))
}

const IGNORED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'user-agent',
  'accept',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
])
const headerNames = (request: RecordedRequest) =>
  Object.keys(request.headers)
    .filter((name) => !IGNORED_HEADERS.has(name))
    .sort()

describe('interop with the official CLI 8.68.1 `bundle upload --delta` against the same loopback Capgo', () => {
  it('its uploaded files verify as a device would, and our requests, metadata and manifest entries match its own for the same build', async () => {
    const { project, privatePem, publicPem, packages } = await deltaProject()
    const theirs = await CapgoTestServer.start({ appId: APP_ID })
    const mine = await CapgoTestServer.start({ appId: APP_ID })
    try {
      for (const server of [theirs, mine]) server.delta.partialUpload = true
      await pointOfficialCliAt(theirs, project, privatePem)
      const official = await officialUpload(theirs, project, VERSION, ['--channel', 'production', '--delta'])
      expect(official.code, official.stdout + official.stderr).toBe(0)

      // Their files, checked as a device does with the row's session key and the app's public key.
      const theirRow = theirs.rows.get(VERSION)!
      const theirEntries = manifestOf(theirs)
      expect(theirEntries.length).toBeGreaterThan(4)
      const theirSession = { ivSessionKey: String(theirRow.session_key), publicKey: publicPem }
      await verifyStored(theirEntries, (entry) => theirs.objects.get(entry.s3_path!), theirSession, join(project, 'theirs'))
      const installed = verifyAsDevice(theirEntries, (entry) => theirs.objects.get(entry.s3_path!), theirSession)
      for (const [name, bytes] of installed) expect(bytes.equals(await readFile(join(project, 'www', name))), name).toBe(true)
      expect(installed.has('empty.txt') || installed.has('js/.gitkeep')).toBe(false)
      expect(theirEntries.some((entry) => entry.file_name === 'js/big.js.br')).toBe(true)

      const { bundle } = await ours(mine, project, privatePem, packages)
      const myEntries = manifestOf(mine)

      // Same order of writes: row, zip, delta files, set_manifest, finalize, channel.
      expect(writeSequence(mine)).toEqual(writeSequence(theirs))
      expect(writeSequence(mine)).toContain('POST /api/private/set_manifest')

      // Same entries in the same (walk) order; file_hash is a deterministic signature, so equal; paths equal but for each run's session key.
      const theirNormalise = normaliser(theirs, String(theirRow.session_key))
      const myNormalise = normaliser(mine, bundle.ivSessionKey)
      const shape = (entries: Entry[], normalise: (text: string) => string) =>
        entries.map((entry) => ({
          file_name: entry.file_name,
          s3_path: normalise(entry.s3_path),
          file_hash: entry.file_hash,
          receipt: typeof entry.file_size_receipt,
        }))
      expect(shape(myEntries, myNormalise)).toEqual(shape(theirEntries, theirNormalise))

      // Same TUS metadata and lengths per file, and the same header names on every creation and on set_manifest.
      expect(deltaCreations(mine, myNormalise)).toEqual(deltaCreations(theirs, theirNormalise))
      const theirCreate = theirs.requestsAt('tus_create')[0]
      const myCreate = mine.requestsAt('tus_create')[0]
      expect(headerNames(myCreate)).toEqual(headerNames(theirCreate))
      for (const name of ['capgo_api', 'x-cli-version', 'x-cli-command', 'x-cli-os', 'tus-resumable'])
        expect(myCreate.headers[name], name).toBe(theirCreate.headers[name])
      expect([myCreate.headers.authorization, theirCreate.headers.authorization]).toEqual([mine.token, theirs.token])
      expect(headerNames(mine.requestsAt('set_manifest')[0])).toEqual(headerNames(theirs.requestsAt('set_manifest')[0]))

      // Ours verify the same way, and install the same tree.
      await verifyStored(myEntries, (entry) => mine.objects.get(entry.s3_path!), bundle, join(project, 'mine'))
      const ourInstalled = verifyAsDevice(myEntries, (entry) => mine.objects.get(entry.s3_path!), bundle)
      expect([...ourInstalled.keys()].sort()).toEqual([...installed.keys()].sort())
    } finally {
      await theirs.close()
      await mine.close()
    }
  }, 180_000)

  it('our delta files decrypt with its `bundle decrypt`: a plain entry with --checksum file_hash, a .br entry un-Brotlis to the original', async () => {
    const { project, privatePem, publicPem, packages } = await deltaProject()
    const mine = await CapgoTestServer.start({ appId: APP_ID })
    try {
      mine.delta.partialUpload = true
      const { bundle } = await ours(mine, project, privatePem, packages)
      await writeFile(join(project, 'key.pub'), publicPem)
      const entries = manifestOf(mine)
      const plain = entries.find((entry) => entry.file_name === 'index.html')!
      const compressed = entries.find((entry) => entry.file_name === 'js/big.js.br')!

      await writeFile(join(project, 'index.enc'), mine.objects.get(plain.s3_path)!)
      const checked = await officialCli(
        ['bundle', 'decrypt', 'index.enc', bundle.ivSessionKey, '--checksum', plain.file_hash, '--key', 'key.pub'],
        project,
      )
      expect(checked.code, checked.stdout + checked.stderr).toBe(0)
      expect((await readFile(join(project, 'index.enc_decrypted.zip'))).equals(await readFile(join(project, 'www', 'index.html')))).toBe(
        true,
      )

      // Its --checksum would hash the compressed bytes, which file_hash does not sign (the device hashes after un-Brotli).
      await writeFile(join(project, 'big.enc'), mine.objects.get(compressed.s3_path)!)
      const decrypted = await officialCli(['bundle', 'decrypt', 'big.enc', bundle.ivSessionKey, '--key', 'key.pub'], project)
      expect(decrypted.code, decrypted.stdout + decrypted.stderr).toBe(0)
      expect(
        brotliDecompressSync(await readFile(join(project, 'big.enc_decrypted.zip'))).equals(
          await readFile(join(project, 'www', 'js', 'big.js')),
        ),
      ).toBe(true)
    } finally {
      await mine.close()
    }
  }, 180_000)

  it('partialUpload: false with delta only: the official CLI uploads nothing yet links the channel; ours refuses before any write', async () => {
    const { project, privatePem, packages } = await deltaProject()
    const theirs = await CapgoTestServer.start({ appId: APP_ID })
    const mine = await CapgoTestServer.start({ appId: APP_ID })
    try {
      // The legacy finalize (a second upsert) checks nothing, as the server the official behaviour was recorded on.
      for (const server of [theirs, mine]) {
        server.delta.partialUpload = false
        server.newFinalize = false
      }
      await pointOfficialCliAt(theirs, project, privatePem)
      const official = await officialUpload(theirs, project, VERSION, ['--channel', 'production', '--delta-only'])
      expect(official.code, official.stdout + official.stderr).toBe(0)
      expect(theirs.objects.size).toBe(0)
      expect(theirs.manifests.size).toBe(0)
      expect(theirs.channels.get('production')).toBe(VERSION)

      await expect(ours(mine, project, privatePem, packages, 'only')).rejects.toThrow(
        /does not accept delta \(manifest\) uploads .*nothing was written/,
      )
      expect(mine.requests.filter(isWrite)).toEqual([])
    } finally {
      await theirs.close()
      await mine.close()
    }
  }, 180_000)

  it('--no-brotli-patterns has no effect in 8.68.1 (why brotli-exclude exists): its .js files still go up as .br', async () => {
    const { project, privatePem } = await deltaProject()
    const theirs = await CapgoTestServer.start({ appId: APP_ID })
    try {
      theirs.delta.partialUpload = true
      await pointOfficialCliAt(theirs, project, privatePem)
      const official = await officialUpload(theirs, project, VERSION, [
        '--channel',
        'production',
        '--delta',
        '--no-brotli-patterns',
        '**/*.js',
      ])
      expect(official.code, official.stdout + official.stderr).toBe(0)
      expect(manifestOf(theirs).map((entry) => entry.file_name)).toContain('js/big.js.br')
    } finally {
      await theirs.close()
    }
  }, 180_000)
})
