// The delta case of `npm run bench` (issue 11 "Speed"): one generated build,
// delta true, uploaded by
//   ours, capgo: NODE dist/index.js, storage capgo (the default) to the loopback Capgo server (zip, TUS per file, set_manifest)
//   ours, s3:    NODE dist/index.js, storage s3 to a loopback s3rver (delta files, the zip, manifest.json)
//   official:    NODE @capgo/cli bundle upload --delta to the loopback Capgo server (TUS per file, set_manifest)
// The two Capgo runs get a loopback Capgo server set up alike (startDeltaCapgo).
// Both servers run in the bench process, on loopback, so the numbers are the
// tools' own work and the servers' (not a network). Wall, CPU and peak RSS of
// the tool's process, and files and bytes of delta files each one uploaded.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { CapgoTestServer } from '../__tests__/support/capgo-server.js'
import { pointOfficialCliAt } from '../__tests__/support/official-upload.js'
import { startS3Server, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../__tests__/support/s3-server.js'

export interface DeltaMeasured {
  wallMs: number
  cpuMs?: number
  peakRssMb: number
  code: number
  stdout: string
  stderr: string
}

export interface DeltaRun {
  tool: string
  wallMs: number
  cpuMs?: number
  peakRssMb: number
  deltaFiles: number
  deltaBytes: number
}

type Measure = (args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) => Promise<DeltaMeasured>

const APP_ID = 'com.example.bench'

/** The outputs the action wrote to GITHUB_OUTPUT (name<<delimiter … delimiter blocks). */
async function actionOutputs(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8').catch(() => '')
  const outputs: Record<string, string> = {}
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3]
  return outputs
}

/** Where ours sends the delta case: storage s3 to a fresh loopback s3rver bucket, or storage capgo (the default) to the loopback Capgo server. */
export type OursTarget = 's3' | 'capgo'

/**
 * A loopback Capgo that takes delta uploads, set up alike for ours and the official CLI.
 * The official CLI sits idle on its connection for minutes while it builds the manifest of 3,000 files; Node's
 * 5 s keep-alive would close it under the CLI's next POST (undici: "fetch failed"). Capgo's edge keeps it longer.
 */
async function startDeltaCapgo(): Promise<CapgoTestServer> {
  const server = await CapgoTestServer.start({ appId: APP_ID })
  ;(server as unknown as { server: Server }).server.keepAliveTimeout = 10 * 60_000
  server.delta.partialUpload = true
  return server
}

/** Files and bytes of delta files a loopback Capgo stored. */
function storedDelta(server: CapgoTestServer): { deltaFiles: number; deltaBytes: number } {
  const objects = [...server.deltaObjects().values()]
  return { deltaFiles: objects.length, deltaBytes: objects.reduce((sum, body) => sum + body.length, 0) }
}

/** Ours: the shipped action, delta true, to a loopback s3rver (storage s3) or the loopback Capgo server (storage capgo). */
export async function runOursDelta(
  measure: Measure,
  project: string,
  tree: string,
  privatePem: string,
  version: string,
  target: OursTarget = 's3',
): Promise<DeltaRun> {
  const s3 = target === 's3' ? await startS3Server('bench-delta') : undefined
  const capgo = target === 'capgo' ? await startDeltaCapgo() : undefined
  const scratch = await mkdtemp(join(project, 'ours-delta-'))
  const outputFile = join(scratch, 'github-output')
  // @actions/core appends outputs to this file and wants it to exist, as on a runner.
  await writeFile(outputFile, '')
  const storage: NodeJS.ProcessEnv = s3
    ? {
        INPUT_STORAGE: 's3',
        'INPUT_S3-BUCKET': s3.bucket,
        'INPUT_S3-REGION': 'us-east-1',
        'INPUT_S3-ENDPOINT': s3.endpoint,
        'INPUT_S3-FORCE-PATH-STYLE': 'true',
        'INPUT_S3-ACCESS-KEY-ID': TEST_ACCESS_KEY_ID,
        'INPUT_S3-SECRET-ACCESS-KEY': TEST_SECRET_ACCESS_KEY,
        'INPUT_ALLOW-INSECURE-PUBLIC-URL': 'true',
      }
    : {
        INPUT_STORAGE: 'capgo',
        'INPUT_CAPGO-TOKEN': capgo!.token,
        'INPUT_CAPGO-API-URL': capgo!.apiUrl,
        'INPUT_CAPGO-FILES-URL': capgo!.filesUrl,
        INPUT_CHANNEL: 'production',
      }
  try {
    const result = await measure([join(new URL('../', import.meta.url).pathname, 'dist/index.js')], {
      cwd: project,
      env: {
        GITHUB_WORKSPACE: project,
        RUNNER_TEMP: scratch,
        GITHUB_OUTPUT: outputFile,
        'INPUT_PRIVATE-KEY': privatePem,
        INPUT_PATH: tree,
        INPUT_VERSION: version,
        'INPUT_OUTPUT-DIR': join(scratch, 'out'),
        INPUT_DELTA: 'true',
        ...storage,
      },
    })
    if (result.code !== 0)
      throw new Error(
        `our action (delta, ${target}) failed: ${result.stdout
          .split('\n')
          .filter((l) => l.startsWith('::error::'))
          .join(' ')}`,
      )
    const outputs = await actionOutputs(outputFile)
    const deltaFiles = Number(outputs['delta-files'])
    if (!deltaFiles) throw new Error(`our action uploaded no delta files (outputs: ${Object.keys(outputs).join(', ')})`)
    const measured = { wallMs: result.wallMs, cpuMs: result.cpuMs, peakRssMb: result.peakRssMb }
    if (s3) return { tool: 'ours: s3 (s3rver), delta true', ...measured, deltaFiles, deltaBytes: Number(outputs['delta-bytes']) }
    // As for the official row: what the server stored, which must be what our outputs say was sent.
    const stored = storedDelta(capgo!)
    if (stored.deltaFiles !== deltaFiles || stored.deltaBytes !== Number(outputs['delta-bytes']))
      throw new Error(
        `our outputs (${deltaFiles} files, ${outputs['delta-bytes']} bytes) differ from what the loopback Capgo stored (${stored.deltaFiles} files, ${stored.deltaBytes} bytes)`,
      )
    if (capgo!.requestsAt('set_manifest').length !== 1) throw new Error('our action did not send exactly one set_manifest')
    return { tool: 'ours: capgo (loopback Capgo), delta true', ...measured, ...stored }
  } finally {
    await s3?.stop()
    await capgo?.close()
    await rm(scratch, { recursive: true, force: true })
  }
}

/** Official: `bundle upload --delta` to a loopback Capgo that accepts delta uploads; its files and bytes as the server stored them. */
export async function runOfficialDelta(
  measure: Measure,
  project: string,
  tree: string,
  privatePem: string,
  version: string,
): Promise<DeltaRun> {
  const server = await startDeltaCapgo()
  try {
    await pointOfficialCliAt(server, project, privatePem)
    const cli = join(new URL('../', import.meta.url).pathname, 'node_modules/@capgo/cli/dist/index.js')
    const result = await measure(
      [
        cli,
        'bundle',
        'upload',
        APP_ID,
        '--path',
        tree,
        '--bundle',
        version,
        '--apikey',
        server.token,
        '--channel',
        'production',
        '--delta',
      ],
      {
        cwd: project,
        env: { CAPGO_DISABLE_TELEMETRY: '1', CI: 'true', NO_COLOR: '1' },
      },
    )
    if (result.code !== 0) throw new Error(`official bundle upload --delta failed: ${(result.stdout + result.stderr).slice(-2000)}`)
    return {
      tool: 'official: bundle upload --delta (loopback Capgo)',
      wallMs: result.wallMs,
      cpuMs: result.cpuMs,
      peakRssMb: result.peakRssMb,
      ...storedDelta(server),
    }
  } finally {
    await server.close()
  }
}
