import { parseArgs } from 'node:util'
import { PRIVATE_KEY_ENV, UsageError, type CommandSpec, type OptionSpec, type Values } from './command.js'
import { allOptions } from './help.js'

/** argv → option values and positionals for one command, with node:util's parseArgs doing the parsing. */

/** As given, or base64-wrapped once as some secret stores hand it over. */
export function looksLikePrivateKey(value: string): boolean {
  return /PRIVATE KEY/.test(value) || (value.length > 100 && Buffer.from(value, 'base64').toString('latin1').includes('PRIVATE KEY'))
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value
}

/**
 * Rewrites what parseArgs cannot read as we mean it: `--opt value` becomes `--opt=value`
 * for string options, so a value that starts with a dash (a PEM given to --key-data) is
 * not refused as ambiguous; an action boolean written `--x true|false` becomes `--x` /
 * `--no-x`. Any other word after a switch is kept aside, so the plan refuses it by name
 * ("verify must be true or false") as the action would.
 */
function normaliseArgv(options: readonly OptionSpec[], argv: readonly string[]): { args: string[]; switchWords: Map<string, string> } {
  const byFlag = new Map<string, OptionSpec>()
  for (const option of options) {
    byFlag.set(`--${option.name}`, option)
    if (option.short) byFlag.set(`-${option.short}`, option)
  }
  const args: string[] = []
  const switchWords = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (token === '--') {
      args.push(...argv.slice(i))
      break
    }
    const [flag, inline] =
      token.startsWith('--') && token.includes('=')
        ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
        : [token, undefined]
    const option = byFlag.get(flag)
    if (option?.type === 'switch') {
      const word = inline ?? (i + 1 < argv.length && !argv[i + 1].startsWith('-') ? argv[++i] : 'true')
      args.push(word === 'false' ? `--no-${option.name}` : `--${option.name}`)
      if (word !== 'true' && word !== 'false') switchWords.set(option.name, word)
    } else if (option?.type === 'string' && inline === undefined && i + 1 < argv.length) args.push(`--${option.name}=${argv[++i]}`)
    else args.push(token)
  }
  return { args, switchWords }
}

/** The closest known flag, when one is close enough to be what was meant (`--chanel` → `--channel`). */
export function closestFlag(given: string, options: readonly OptionSpec[]): string | undefined {
  const name = given.replace(/^--?(no-)?/, '').split('=')[0]
  let best: { flag: string; distance: number } | undefined
  for (const option of options) {
    const distance = editDistance(name, option.name)
    if (!best || distance < best.distance) best = { flag: `--${option.name}`, distance }
  }
  return best && best.distance <= Math.max(1, Math.floor(name.length / 4)) ? best.flag : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]
}

function usageErrorFrom(error: unknown, options: readonly OptionSpec[]): unknown {
  const code = (error as { code?: string }).code ?? ''
  if (!code.startsWith('ERR_PARSE_ARGS')) return error
  const message = String((error as Error).message).split(/\n|\. To specify/)[0]
  const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']+)'/.exec(message)?.[1] : undefined
  const suggestion = unknown ? closestFlag(unknown, options) : undefined
  return new UsageError(suggestion ? `${message}; did you mean ${suggestion}?` : message)
}

export function parseCommand(spec: CommandSpec, argv: readonly string[]): { values: Values; positionals: string[] } {
  const specs = allOptions(spec)
  const options = Object.fromEntries(
    specs.map((option) => [
      option.name,
      {
        type: option.type === 'string' ? ('string' as const) : ('boolean' as const),
        ...(option.short ? { short: option.short } : {}),
        ...(option.multiple ? { multiple: true } : {}),
      },
    ]),
  )
  const { args, switchWords } = normaliseArgv(specs, argv)
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true, allowNegative: true })
  } catch (error) {
    throw usageErrorFrom(error, specs)
  }
  const values: Values = {}
  for (const option of specs) {
    const value = parsed.values[option.name]
    if (value === undefined) continue
    // Switches and repeated flags arrive as action inputs would carry them: "true"/"false", one value per line.
    if (option.type === 'switch') values[option.name] = switchWords.get(option.name) ?? String(value)
    else values[option.name] = Array.isArray(value) ? value.join('\n') : value
  }
  // A negated plain flag (`--no-json`) has no meaning here; parseArgs accepts it once allowNegative is on.
  for (const option of specs)
    if (option.type === 'boolean' && values[option.name] === false) throw new UsageError(`unknown option '--no-${option.name}'`)
  if (values.help) return { values, positionals: parsed.positionals }
  for (const option of spec.options) {
    const value = values[option.name]
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
      throw new UsageError(`--${option.name} must be one of ${option.choices.join(', ')} (got "${value}")`)
    }
  }
  const required = spec.positionals.filter((positional) => positional.required)
  if (parsed.positionals.length < required.length) throw new UsageError(`missing <${required[parsed.positionals.length].name}>`)
  const extra = parsed.positionals[spec.positionals.length]
  if (extra !== undefined) {
    throw new UsageError(
      looksLikePrivateKey(extra)
        ? `unexpected argument that looks like a private key (not shown); pass keys with --key, --key-data or ${PRIVATE_KEY_ENV}`
        : `unexpected argument "${shorten(extra)}"`,
    )
  }
  return { values, positionals: parsed.positionals }
}
