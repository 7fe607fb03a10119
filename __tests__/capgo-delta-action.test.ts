// Capgo delta uploads through the bundled action, as a runner runs it: inputs → plan → pack → delta → publish → outputs.
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { ACTION_ENTRY, runAction } from '../scripts/lib/run-action.mjs'
import { isWrite } from './support/capgo-remote.js'
import { CapgoTestServer } from './support/capgo-server.js'
import { verifyAsDevice, verifyStored, type ManifestEntryLike } from './support/delta-fixture.js'
import { keyPair, makeProject, removeTempDirs, tempDir } from './support/fixtures.js'
import { installNativeFixtures } from './support/native-fixtures.js'

interface ActionRun {
  code: number
  stdout: string
  outputs: Record<string, string>
}
const run = runAction as (inputs: Record<string, string>, options: { workspace: string }) => Promise<ActionRun>
const { privatePem, publicPem } = keyPair()

beforeAll(() => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run npm run build')
})
afterAll(removeTempDirs)

async function project(): Promise<string> {
  const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0', version: '1.1.0' })
  await installNativeFixtures(workspace)
  await mkdir(join(workspace, 'www', 'js'), { recursive: true })
  await writeFile(join(workspace, 'www', 'js', 'big.js'), 'console.log("through the action")\n'.repeat(700))
  await writeFile(join(workspace, 'www', 'empty.txt'), '')
  return workspace
}

const inputs = (capgo: CapgoTestServer, extra: Record<string, string>) => ({
  'private-key': privatePem,
  'capgo-token': capgo.token,
  'capgo-api-url': capgo.apiUrl,
  'capgo-files-url': capgo.filesUrl,
  channel: 'production',
  ...extra,
})

describe('delta uploads to Capgo through the action', () => {
  it('delta: true publishes zip and delta; the outputs name the files, the bytes sent and the manifest kept as sent', async () => {
    const workspace = await project()
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      capgo.delta.partialUpload = true
      const result = await run(inputs(capgo, { delta: 'true' }), { workspace })
      expect(result.code, result.stdout).toBe(0)
      const sent = capgo.requestsAt('set_manifest')
      expect(sent).toHaveLength(1)
      const entries = (sent[0].body as { manifest: Array<ManifestEntryLike & { s3_path: string }> }).manifest
      expect(result.outputs['delta-files']).toBe(String(entries.length))
      expect(result.outputs['delta-bytes']).toBe(String([...capgo.deltaObjects().values()].reduce((sum, bytes) => sum + bytes.length, 0)))
      expect(result.outputs['manifest-url']).toBe('')
      expect(JSON.parse(await readFile(result.outputs['manifest-path'], 'utf8'))).toEqual(entries)
      expect(entries.map((entry) => entry.file_name)).toContain('js/big.js.br')
      expect(entries.map((entry) => entry.file_name)).not.toContain('empty.txt')
      const session = { ivSessionKey: result.outputs['iv-session-key'], publicKey: publicPem }
      await verifyStored(entries, (entry) => capgo.objects.get(entry.s3_path!), session, await tempDir())
      const installed = verifyAsDevice(entries, (entry) => capgo.objects.get(entry.s3_path!), session)
      expect(installed.get('js/big.js')?.equals(await readFile(join(workspace, 'www', 'js', 'big.js')))).toBe(true)
      expect(capgo.channels.get('production')).toBe('1.1.0')
      expect(capgo.objects.has(capgo.objectKey('1.1.0'))).toBe(true)
    } finally {
      await capgo.close()
    }
  }, 120_000)

  it('delta: only on a server that says partialUpload: false fails with one line naming delta, before any write', async () => {
    const workspace = await project()
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      capgo.delta.partialUpload = false
      const result = await run(inputs(capgo, { delta: 'only' }), { workspace })
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(
        /::error::This Capgo server does not accept delta \(manifest\) uploads .*so delta: only cannot be honoured; nothing was written/,
      )
      expect(capgo.requests.filter(isWrite)).toEqual([])
    } finally {
      await capgo.close()
    }
  }, 120_000)
})
