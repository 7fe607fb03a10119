import { spawn } from 'node:child_process'

export interface ProgramResult {
  /** Exit code; undefined when the program was killed (time-out) or could not start. */
  code?: number
  stdout: Buffer
  stderr: string
  timedOut: boolean
  /** Set when the program could not be started at all (ENOENT: not installed). */
  startError?: NodeJS.ErrnoException
}

export interface ProgramOptions {
  /** Written to stdin, then stdin is closed. Bytes to sign never touch disk or argv. */
  input?: Buffer
  /** Added to the child's environment (how the PKCS#11 PIN travels: never argv). */
  env?: Record<string, string>
  timeoutMs: number
}

const MAX_OUTPUT = 1024 * 1024

/**
 * The environment children inherit: the runner's, minus our own inputs
 * (INPUT_*: the Capgo token, the PIN) and key variables, which no signing
 * program needs.
 */
export function childEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('INPUT_') || name === 'CAPGO_PRIVATE_KEY' || name === 'CAPGO_TOKEN') continue
    env[name] = value
  }
  return { ...env, ...extra }
}

/**
 * Runs a program without a shell (arguments are passed as they are, nothing is
 * interpreted), with a time-out that kills it. @actions/exec was considered:
 * it has no time-out and echoes the command line unless silenced.
 */
export function runProgram(program: string, args: readonly string[], options: ProgramOptions): Promise<ProgramResult> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = []
    let stdoutBytes = 0
    let stderr = ''
    let timedOut = false
    let settled = false
    const child = spawn(program, args, {
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: childEnvironment(options.env),
      windowsHide: true,
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs)
    const finish = (result: Omit<ProgramResult, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...result, stdout: Buffer.concat(stdout), stderr, timedOut })
    }
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length
      if (stdoutBytes <= MAX_OUTPUT) stdout.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk.toString('utf8')
    })
    child.on('error', (error: NodeJS.ErrnoException) => finish({ startError: error }))
    child.on('close', (code) => finish({ code: code ?? undefined }))
    // A program that exits without reading stdin makes the write fail with EPIPE; its exit code tells the story.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? Buffer.alloc(0))
  })
}
