// Runs the bundled action (dist/index.js) the way a GitHub runner does: inputs
// as INPUT_* variables, outputs read back from the GITHUB_OUTPUT file.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ACTION_ENTRY = fileURLToPath(new URL('../../dist/index.js', import.meta.url))

/** Parses GITHUB_OUTPUT: `name<<delimiter` blocks as @actions/core writes them, and plain `name=value` lines. */
export function parseGithubOutput(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i])
      outputs[name] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

/**
 * The step's log as a person reads it in the Actions UI: workflow commands are
 * the runner's, not the reader's. Masked values become ***, ::add-mask:: and
 * ::endgroup:: disappear, ::debug:: lines only with `debug` (as with
 * RUNNER_DEBUG=1), ::warning:: / ::error:: / ::notice:: read as the runner
 * prints them, ::group:: as a heading.
 * @param {string} stdout what the action wrote
 * @param {{ debug?: boolean }} [options]
 * @returns {string[]} the lines
 */
export function renderRunnerLog(stdout, { debug = false } = {}) {
  const unescape = (data) => data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
  const masks = []
  const lines = []
  for (const line of stdout.split('\n')) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) {
      if (line) lines.push(line)
      continue
    }
    const [, name, data] = command
    const text = unescape(data)
    if (name === 'add-mask') masks.push(...text.split('\n').filter((value) => value.trim()))
    else if (name === 'debug') {
      if (debug) lines.push(`##[debug]${text}`)
    } else if (name === 'warning') lines.push(`Warning: ${text}`)
    else if (name === 'error') lines.push(`Error: ${text}`)
    else if (name === 'notice') lines.push(`Notice: ${text}`)
    else if (name === 'group') lines.push(`▸ ${text}`)
    else if (name !== 'endgroup') lines.push(line)
  }
  masks.sort((a, b) => b.length - a.length)
  return lines.flatMap((line) => masks.reduce((shown, value) => shown.split(value).join('***'), line).split('\n'))
}

/**
 * @param {Record<string, string>} inputs by action.yml name
 * @param {{ workspace: string, env?: Record<string, string>, summary?: boolean, runnerTemp?: string }} options
 *   runnerTemp is left in place (the default output-dir lives there); the GITHUB_OUTPUT and summary files are removed.
 */
export async function runAction(inputs, { workspace, env = {}, summary = false, runnerTemp }) {
  const scratch = await mkdtemp(join(tmpdir(), 'capgo-runner-files-'))
  const temp = runnerTemp ?? (await mkdtemp(join(tmpdir(), 'capgo-runner-temp-')))
  const outputFile = join(scratch, 'output')
  const summaryFile = join(scratch, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
  const childEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: outputFile,
    ...(summary ? { GITHUB_STEP_SUMMARY: summaryFile } : {}),
    ...inputEnv,
    ...env,
  }
  try {
    const { code, stdout, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [ACTION_ENTRY], { cwd: workspace, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (chunk) => (out += chunk))
      child.stderr.on('data', (chunk) => (err += chunk))
      child.on('error', reject)
      child.on('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }))
    })
    return {
      code,
      stdout,
      stderr,
      outputs: parseGithubOutput(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
      runnerTemp: temp,
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
