import { DeviceRejection } from '../bundle/verify.js'
import { describeError, isBundleError } from '../errors.js'
// Inlined by ncc; read from the repository when run from source.
import manifest from '../../package.json' with { type: 'json' }
import { BIN, PRIVATE_KEY_ENV, UsageError, type Command } from './command.js'
import { formatHelp, generalHelp, groupHelp } from './help.js'
import { maskPrivateKeyText } from '../bundle/keys.js'
import { terminalLogger, type Streams } from './logger.js'
import { looksLikePrivateKey, parseCommand } from './parse.js'

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

const isHelp = (word: string | undefined) => word === '--help' || word === '-h' || word === 'help'

/** argv → command → exit code. */
export async function runCli(commands: readonly Command[], argv: readonly string[], io: Io): Promise<number> {
  const words = argv[0] === 'bundle' && ['zip', 'encrypt', 'decrypt'].includes(argv[1]) ? argv.slice(1) : argv
  const [first, second] = words
  const groupOf = (word: string | undefined) => commands.filter((command) => command.spec.name.startsWith(`${word} `))
  if (first === undefined) {
    io.stderr(generalHelp(commands))
    return 2
  }
  if (isHelp(first)) {
    const named = commands.find((command) => [second, `${second} ${words[2]}`].includes(command.spec.name))
    const group = groupOf(second)
    io.stdout(named ? formatHelp(named.spec) : group.length ? groupHelp(second!, group) : generalHelp(commands))
    return 0
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${manifest.version}\n`)
    return 0
  }
  const twoWords = commands.find((command) => command.spec.name === `${first} ${second}`)
  const command = twoWords ?? commands.find((command) => command.spec.name === first)
  if (command) return execute(command, words.slice(twoWords ? 2 : 1), io)
  const group = groupOf(first)
  if (group.length && isHelp(second)) {
    io.stdout(groupHelp(first, group))
    return 0
  }
  if (group.length) {
    const names = group.map((entry) => entry.spec.name.slice(first.length + 1))
    return generalUsageError(`"${first}" needs a subcommand: ${names.join(' or ')}${second ? ` (got "${second}")` : ''}`, io)
  }
  const known = commands.map((entry) => entry.spec.name).join(', ')
  return generalUsageError(`unknown command "${first}"; commands: ${known}`, io)
}
