import { BIN, PRIVATE_KEY_ENV, PUBLIC_KEY_ENV, type Command, type CommandSpec, type OptionSpec } from './command.js'

/** Every help text the CLI prints: a command's, a group's (`key --help`) and the general one. */

export const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'json', short: 'j', type: 'boolean', description: 'Print one JSON object on stdout (logs stay on stderr).' },
  { name: 'verbose', type: 'boolean', description: 'Also print debug messages.' },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.' },
]

export function allOptions(spec: CommandSpec): OptionSpec[] {
  return [...spec.options, ...COMMON_OPTIONS]
}

export function formatHelp(spec: CommandSpec): string {
  const flag = (option: OptionSpec) => {
    const names = `${option.short ? `-${option.short}, ` : '    '}--${option.name}`
    if (option.type === 'boolean') return names
    if (option.type === 'switch') return `${names}[=true|false]`
    return `${names} <${option.value ?? 'value'}>${option.multiple ? ' ...' : ''}`
  }
  const rows = [
    ...spec.positionals.map((positional) => [`<${positional.name}>`, positional.description]),
    ...allOptions(spec).map((option) => [flag(option), option.description + (option.choices ? ` (${option.choices.join(', ')})` : '')]),
  ]
  const width = Math.min(36, Math.max(...rows.map(([left]) => left.length)) + 2)
  const table = rows.map(([left, right]) =>
    left.length + 2 > width ? `  ${left}\n  ${' '.repeat(width)}${right}` : `  ${left.padEnd(width)}${right}`,
  )
  return [`Usage: ${spec.usage}`, '', spec.summary, '', ...table, ...(spec.details ? ['', spec.details.trim()] : []), ''].join('\n')
}

function commandList(commands: readonly Command[]): string[] {
  const width = Math.max(...commands.map((command) => command.spec.name.length)) + 3
  return commands.map((command) => `  ${command.spec.name.padEnd(width)}${command.spec.brief}`)
}

/** `capgo-bundle key --help`: the commands of one group. */
export function groupHelp(group: string, commands: readonly Command[]): string {
  return [
    `Usage: ${BIN} ${group} <command> [options]`,
    '',
    'Commands:',
    ...commandList(commands),
    '',
    `"${BIN} ${group} <command> --help" for one command.`,
    '',
  ].join('\n')
}

export function generalHelp(commands: readonly Command[]): string {
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'Encrypted Capgo live-update bundles, made exactly as devices decrypt them.',
    '',
    'Commands:',
    ...commandList(commands),
    '',
    `Every command takes --help, --json (one JSON object on stdout; logs go to stderr) and --verbose.`,
    `Private keys: --key PATH, --key-data PEM or ${PRIVATE_KEY_ENV}; public keys: --key, --key-data or ${PUBLIC_KEY_ENV}.`,
    'Exit codes: 0 success, 1 failure (verify: devices would reject the bundle), 2 usage error.',
    `"${BIN} bundle zip|encrypt|decrypt" is accepted too, as "@capgo/cli" spells them.`,
    '',
  ].join('\n')
}
