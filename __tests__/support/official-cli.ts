import { execFile } from 'node:child_process'

/** The pinned official CLI, run with node directly as users' CI does with npx. */
export const OFFICIAL_CLI = new URL('../../node_modules/@capgo/cli/dist/index.js', import.meta.url).pathname

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `@capgo/cli` in `cwd`; its V2/V3 choice follows the updater installed there. */
export function officialCli(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [OFFICIAL_CLI, ...args],
      {
        cwd,
        env: { ...process.env, CAPGO_DISABLE_TELEMETRY: '1', CI: 'true', NO_COLOR: '1' },
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** The last JSON object the CLI printed (it prints banners before it). */
export function lastJson<T>(stdout: string): T {
  const start = stdout.lastIndexOf('{\n')
  return JSON.parse(stdout.slice(start)) as T
}
