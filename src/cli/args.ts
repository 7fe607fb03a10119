import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { findCapacitorConfig, readCapacitorConfig } from '../bundle/capacitor-config.js'
import type { KeyText } from '../bundle/doctor.js'
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../bundle/key-files.js'
import { maskPrivateKeyText } from '../bundle/keys.js'
import { DeviceRejection } from '../bundle/verify.js'
import { BundleError, describeError, isBundleError } from '../errors.js'
// Inlined by ncc; read from the repository when run from source.
import manifest from '../../package.json' with { type: 'json' }
import { terminalLogger, type Streams, type TerminalLogger } from './logger.js'

export const BIN = 'capgo-bundle'
export const PRIVATE_KEY_ENV = 'CAPGO_PRIVATE_KEY'
export const PUBLIC_KEY_ENV = 'CAPGO_PUBLIC_KEY'

/** A command line that cannot mean anything: exit code 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  name: string
  short?: string
  /** `switch`: a value-carrying flag where bare `--x` means true and `--no-x` false (action booleans). */
  type: 'string' | 'boolean' | 'switch'
  /** Placeholder shown in help, for string options. */
  value?: string
  description: string
  choices?: readonly string[]
  /** A string option that may be given several times; its value is then a list. */
  multiple?: boolean
}

export interface CommandSpec {
  name: string
  /** One line for the command list. */
  brief: string
  summary: string
  usage: string
  positionals: { name: string; required: boolean; description: string }[]
  options: OptionSpec[]
  /** Free text after the options: examples, rotation steps. */
  details?: string
}

export type Values = Record<string, string | string[] | boolean | undefined>

export interface Context {
  cwd: string
  env: NodeJS.ProcessEnv
  logger: TerminalLogger
  values: Values
  positionals: string[]
}

export interface CommandResult {
  /** Printed with --json, as one object. */
  json: unknown
  /** Printed otherwise, one line each, on stdout. */
  text: string[]
  /** For results that are failures without being errors (verify's rejection, doctor's findings). */
  exitCode?: number
  /** One line for stderr when exitCode says failure. */
  error?: string
}

export interface Command {
  spec: CommandSpec
  run(context: Context): Promise<CommandResult>
}

const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'json', short: 'j', type: 'boolean', description: 'Print one JSON object on stdout (logs stay on stderr).' },
  { name: 'verbose', type: 'boolean', description: 'Also print debug messages.' },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.' },
]

function allOptions(spec: CommandSpec): OptionSpec[] {
  return [...spec.options, ...COMMON_OPTIONS]
}

/**
 * `--opt value` becomes `--opt=value` for string options, so a value that
 * starts with a dash (a PEM given to --key-data) is not refused as ambiguous;
 * switches get their implicit true/false.
 */
function normaliseArgv(spec: CommandSpec, argv: readonly string[]): string[] {
  const options = allOptions(spec)
  const byFlag = new Map<string, OptionSpec>()
  for (const option of options) {
    byFlag.set(`--${option.name}`, option)
    if (option.short) byFlag.set(`-${option.short}`, option)
  }
  const result: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (token === '--') {
      result.push(...argv.slice(i))
      break
    }
    const option = byFlag.get(token)
    const negated = token.startsWith('--no-') ? byFlag.get(`--${token.slice(5)}`) : undefined
    if (negated?.type === 'switch') result.push(`--${negated.name}=false`)
    // `--verify false` as an action user would write it; anything else not a flag is the switch's value too, to be refused by name.
    else if (option?.type === 'switch') result.push(`--${option.name}=${i + 1 < argv.length && !argv[i + 1].startsWith('-') ? argv[++i] : 'true'}`)
    else if (option?.type === 'string' && i + 1 < argv.length) result.push(`--${option.name}=${argv[++i]}`)
    else result.push(token)
  }
  return result
}

export function parseCommand(spec: CommandSpec, argv: readonly string[]): { values: Values; positionals: string[] } {
  const options = Object.fromEntries(
    allOptions(spec).map((option) => [
      option.name,
      { type: option.type === 'boolean' ? ('boolean' as const) : ('string' as const), ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) },
    ]),
  )
  let parsed: { values: Values; positionals: string[] }
  try {
    parsed = parseArgs({ args: normaliseArgv(spec, argv), options, strict: true, allowPositionals: true }) as { values: Values; positionals: string[] }
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(String((error as Error).message).split(/\n|\. To specify/)[0])
    throw error
  }
  if (parsed.values.help) return parsed
  for (const option of spec.options) {
    const value = parsed.values[option.name]
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
      throw new UsageError(`--${option.name} must be one of ${option.choices.join(', ')} (got "${value}")`)
    }
  }
  const required = spec.positionals.filter((positional) => positional.required)
  if (parsed.positionals.length < required.length) throw new UsageError(`missing <${required[parsed.positionals.length].name}>`)
  const extra = parsed.positionals[spec.positionals.length]
  if (extra !== undefined) {
    throw new UsageError(
      looksLikePrivateKey(extra) ? `unexpected argument that looks like a private key (not shown); pass keys with --key, --key-data or ${PRIVATE_KEY_ENV}` : `unexpected argument "${shorten(extra)}"`,
    )
  }
  return parsed
}

/** As given, or base64-wrapped once as some secret stores hand it over. */
function looksLikePrivateKey(value: string): boolean {
  return /PRIVATE KEY/.test(value) || (value.length > 100 && Buffer.from(value, 'base64').toString('latin1').includes('PRIVATE KEY'))
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value
}

export function formatHelp(spec: CommandSpec): string {
  const flag = (option: OptionSpec) => {
    const names = `${option.short ? `-${option.short}, ` : '    '}--${option.name}`
    if (option.type === 'boolean') return names
    if (option.type === 'switch') return `${names}[=true|false]`
    return `${names} <${option.value ?? 'value'}>`
  }
  const rows = [
    ...spec.positionals.map((positional) => [`<${positional.name}>`, positional.description]),
    ...allOptions(spec).map((option) => [flag(option), option.description + (option.choices ? ` (${option.choices.join(', ')})` : '')]),
  ]
  const width = Math.min(36, Math.max(...rows.map(([left]) => left.length)) + 2)
  const table = rows.map(([left, right]) => (left.length + 2 > width ? `  ${left}\n  ${' '.repeat(width)}${right}` : `  ${left.padEnd(width)}${right}`))
  return [`Usage: ${spec.usage}`, '', spec.summary, '', ...table, ...(spec.details ? ['', spec.details.trim()] : []), ''].join('\n')
}

function stringValue(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function str(context: Context, name: string): string | undefined {
  return stringValue(context.values, name)
}

async function readKeyFile(path: string, flag: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => {
    throw new BundleError('key_file_missing', `${flag}: ${path} cannot be read.`, flag.replace(/^--/, ''))
  })
}

/** A key given explicitly: --key-data, --key, or the environment variable `envName`, in that order. */
async function explicitKey(context: Context, envName: string): Promise<KeyText | undefined> {
  const data = str(context, 'key-data')
  const path = str(context, 'key')
  if (data && path) throw new UsageError('--key and --key-data are both set; keep one')
  if (data) return { text: data, source: '--key-data' }
  if (path) return { text: await readKeyFile(resolve(context.cwd, path), '--key'), source: path, path: resolve(context.cwd, path) }
  if (context.env[envName]?.trim()) return { text: context.env[envName]!, source: envName }
  return undefined
}

/**
 * The private key from, in order: --key-data, --key, CAPGO_PRIVATE_KEY, then
 * ./.capgo_key_v2. Masked as soon as it is read.
 */
export async function privateKeyFrom(context: Context): Promise<KeyText | undefined> {
  let key = await explicitKey(context, PRIVATE_KEY_ENV)
  if (!key) {
    const fallback = resolve(context.cwd, PRIVATE_KEY_FILE)
    if (existsSync(fallback)) key = { text: await readKeyFile(fallback, '--key'), source: PRIVATE_KEY_FILE, path: fallback }
  }
  if (key) maskPrivateKeyText(key.text, context.logger)
  return key
}

export const PRIVATE_KEY_LOOKUP = `--key, --key-data, ${PRIVATE_KEY_ENV} and ./${PRIVATE_KEY_FILE}`

/**
 * A public key from --key-data, --key or CAPGO_PUBLIC_KEY, else the
 * fallbacks in the order given: ./.capgo_key_v2.pub, or the key the app's
 * capacitor config carries. A private key given here is refused unprinted.
 */
export async function publicKeyFrom(context: Context, fallbacks: readonly ('file' | 'config')[]): Promise<KeyText | undefined> {
  let key = await explicitKey(context, PUBLIC_KEY_ENV)
  for (const fallback of key ? [] : fallbacks) {
    if (fallback === 'file') {
      const file = resolve(context.cwd, PUBLIC_KEY_FILE)
      if (existsSync(file)) key = { text: await readKeyFile(file, '--key'), source: PUBLIC_KEY_FILE, path: file }
    } else {
      const configPath = str(context, 'config') ?? (await findCapacitorConfig(context.cwd))
      const config = configPath ? await readCapacitorConfig(resolve(context.cwd, configPath), 'config') : undefined
      if (config?.publicKey) key = { text: config.publicKey, source: `plugins.CapacitorUpdater.publicKey in ${config.path}` }
    }
    if (key) break
  }
  if (key && /PRIVATE KEY-----/.test(key.text)) {
    maskPrivateKeyText(key.text, context.logger)
    throw new BundleError('key_is_private', `${key.source} is a private key; this needs the public key the app carries (${PUBLIC_KEY_FILE}).`, 'key')
  }
  return key
}

export interface Io extends Streams {
  cwd: string
  env: NodeJS.ProcessEnv
}

function usageLine(message: string, command?: string): string {
  return `error: ${message} (see "${BIN}${command ? ` ${command}` : ''} --help")\n`
}

/**
 * Parses, runs and prints one command; the only place exit codes are decided.
 * Everything printed passes through the logger's redaction.
 */
export async function execute(command: Command, argv: readonly string[], io: Io): Promise<number> {
  const wantsJson = argv.includes('--json') || argv.includes('-j')
  const verbose = argv.includes('--verbose')
  const logger = terminalLogger(io, verbose)
  // Before anything can echo them: a key pasted in the wrong place would otherwise reach a usage message.
  for (const value of [...argv, io.env[PRIVATE_KEY_ENV] ?? '']) if (looksLikePrivateKey(value)) maskPrivateKeyText(value, logger)
  const print = (text: string) => io.stdout(logger.redact(text))
  const fail = (code: number, error: string, line: string, extra: Record<string, unknown> = {}): number => {
    if (wantsJson) print(JSON.stringify({ error, message: line, ...extra }, null, 2) + '\n')
    return code
  }
  try {
    const { values, positionals } = parseCommand(command.spec, argv)
    if (values.help) {
      print(formatHelp(command.spec))
      return 0
    }
    const result = await command.run({ cwd: io.cwd, env: io.env, logger, values, positionals })
    if (values.json) print(JSON.stringify(result.json, null, 2) + '\n')
    else if (result.text.length) print(result.text.join('\n') + '\n')
    if (result.error) io.stderr(logger.redact(`error: ${result.error}`) + '\n')
    return result.exitCode ?? 0
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(logger.redact(usageLine(error.message, command.spec.name)))
      return fail(2, 'usage', error.message)
    }
    const message = describeError(error)
    io.stderr(logger.redact(`error: ${message}`) + '\n')
    if (!isBundleError(error)) {
      if (verbose && error instanceof Error && error.stack) io.stderr(logger.redact(error.stack) + '\n')
      else io.stderr('(run again with --verbose for details)\n')
      return fail(1, 'unexpected', message)
    }
    return fail(1, error.code, message, {
      ...(error.input ? { input: error.input } : {}),
      ...(error instanceof DeviceRejection ? { reason: error.reason } : {}),
    })
  }
}

export function generalUsageError(message: string, io: Io): number {
  io.stderr(usageLine(message))
  return 2
}

function version(): string {
  return manifest.version
}

function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.spec.name.length)) + 3
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'Encrypted Capgo live-update bundles, made exactly as devices decrypt them.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.spec.name.padEnd(width)}${command.spec.brief}`),
    '',
    `Every command takes --help, --json (one JSON object on stdout; logs go to stderr) and --verbose.`,
    `Private keys: --key PATH, --key-data PEM or ${PRIVATE_KEY_ENV}; public keys: --key, --key-data or ${PUBLIC_KEY_ENV}.`,
    'Exit codes: 0 success, 1 failure (verify: devices would reject the bundle), 2 usage error.',
    `"${BIN} bundle zip|encrypt|decrypt" is accepted too, as "@capgo/cli" spells them.`,
    '',
  ].join('\n')
}

/** argv → command → exit code. */
export async function runCli(commands: readonly Command[], argv: readonly string[], io: Io): Promise<number> {
  const words = argv[0] === 'bundle' && ['zip', 'encrypt', 'decrypt'].includes(argv[1]) ? argv.slice(1) : argv
  const [first, second] = words
  if (first === undefined) {
    io.stderr(generalHelp(commands))
    return 2
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const named = commands.find((command) => [second, `${second} ${words[2]}`].includes(command.spec.name))
    io.stdout(named ? formatHelp(named.spec) : generalHelp(commands))
    return 0
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${version()}\n`)
    return 0
  }
  const twoWords = commands.find((command) => command.spec.name === `${first} ${second}`)
  const command = twoWords ?? commands.find((command) => command.spec.name === first)
  if (!command) {
    const known = commands.map((entry) => entry.spec.name).join(', ')
    return generalUsageError(first === 'key' ? `"key" needs a subcommand: create or save` : `unknown command "${first}"; commands: ${known}`, io)
  }
  return execute(command, words.slice(twoWords ? 2 : 1), io)
}
