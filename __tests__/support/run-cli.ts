import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { expect } from 'vitest'
import { OFFICIAL_CLI } from './official-cli.js'

/** The CLI from source, loaded through tsx as `node --import tsx` would, from any working directory. */
export const CLI_ENTRY = new URL('../../src/cli/index.ts', import.meta.url).pathname
export const BIN_ENTRY = new URL('../../bin/capgo-bundle.js', import.meta.url).pathname
export const DIST_CLI = new URL('../../dist/cli/index.js', import.meta.url).pathname
// Resolved here: `--import tsx` alone would be looked up from the test project's cwd, which has no tsx.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd: string
  env?: Record<string, string | undefined>
}

/**
 * A clean environment: a developer's or runner's CAPGO_* keys and
 * GITHUB_WORKSPACE must not leak into what the tests observe.
 */
function environment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  for (const name of Object.keys(env))
    if (name.startsWith('CAPGO_') || name.startsWith('INPUT_') || name === 'GITHUB_WORKSPACE' || name === 'RUNNER_TEMP') delete env[name]
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

function spawn(nodeArgs: string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      nodeArgs,
      { cwd: options.cwd, env: environment(options.env), timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** `capgo-bundle ...args` from source. */
export function cli(args: string[], options: CliOptions): Promise<CliRun> {
  return spawn(['--import', TSX, CLI_ENTRY, ...args], options)
}

/** The package's bin, as npm links it: needs dist/cli from `npm run build`. */
export function bin(args: string[], options: CliOptions): Promise<CliRun> {
  return spawn([BIN_ENTRY, ...args], options)
}

/** stdout of a --json run: exactly one JSON object and nothing else. */
export function jsonOf<T = Record<string, unknown>>(run: CliRun): T {
  const text = run.stdout.trim()
  expect(text.startsWith('{') && text.endsWith('}'), `stdout is not one JSON object:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(true)
  return JSON.parse(text) as T
}

/** Fails with the CLI's own words, which is what a person would read. */
export function expectCode(run: CliRun, code: number): void {
  expect(run.code, `exit ${run.code}, expected ${code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(code)
}

/** Lines of a private PEM long enough to be recognisable if they leaked. */
export function keyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length > 8 && !line.startsWith('-----'))
}

export function expectNoKeyMaterial(run: CliRun, privatePem: string): void {
  const printed = run.stdout + run.stderr
  for (const line of keyLines(privatePem)) expect(printed).not.toContain(line)
  expect(printed).not.toContain(
    privatePem
      .replace(/-----[A-Z ]+-----/g, '')
      .replace(/\s+/g, '')
      .slice(20, 80),
  )
}

/**
 * The official CLI with stdin closed: its `key create` prompts after writing
 * the keys and would wait forever on an open pipe.
 */
export function officialCliNoInput(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [OFFICIAL_CLI, ...args],
      { cwd, env: { ...environment(), CAPGO_DISABLE_TELEMETRY: '1', CI: 'true' }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    )
    child.stdin?.end()
  })
}
