// What mutation testing of src/plan.ts (storageSettings, checkStorage) found untested in
// storage-plan.test.ts: the wording of the "required" refusals, and storage local.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runFromInputs } from '../src/pipeline.js'
import { inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()

async function run(values: Record<string, string>) {
  const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0' })
  const logger = recordingLogger()
  const outcome = await runFromInputs(
    inputsFrom({ 'private-key': privatePem, 'output-dir': join(workspace, 'bundle-out'), ...values }),
    logger,
    { GITHUB_WORKSPACE: workspace },
    workspace,
  ).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error: error as Error }),
  )
  return { ...outcome, logger, workspace }
}

describe('the plan says what a storage needs, in one line', () => {
  it.each([
    [
      { storage: 'capgo' },
      'capgo-token is not set (nor CAPGO_TOKEN): storage capgo needs a Capgo API key. Use storage: local to only build the bundle.',
    ],
    [{ storage: 's3' }, 's3-bucket is required with storage: s3.'],
    [
      { storage: 'url', 'public-url': 'https://cdn.example.com/{version}.zip' },
      'upload-url is required with storage: url (a presigned PUT URL).',
    ],
  ])('%j', async (values, message) => {
    const { error } = await run(values)
    expect(error?.message).toBe(message)
  })
})

describe('storage local', () => {
  it('packs, verifies and keeps the bundle, with no network settings needed', async () => {
    const { result, error, workspace } = await run({ storage: 'local' })
    expect(error).toBeUndefined()
    expect(result!.result.publish).toMatchObject({
      registered: false,
      destination: `kept at ${join(workspace, 'bundle-out')}/${result!.result.bundle.fileName}`,
    })
  })
})
