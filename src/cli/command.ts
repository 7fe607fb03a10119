import type { TerminalLogger } from './logger.js'

/** The contract between the dispatcher and one command file; imports no other CLI module. */

export const BIN = 'capgo-bundle'
export const PRIVATE_KEY_ENV = 'CAPGO_PRIVATE_KEY'
export const PUBLIC_KEY_ENV = 'CAPGO_PUBLIC_KEY'

/** A command line that cannot mean anything: exit code 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  name: string
  short?: string
  /** `switch`: an action boolean: bare `--x` means true, `--no-x` false, `--x true|false` as an action user writes it. */
  type: 'string' | 'boolean' | 'switch'
  /** Placeholder shown in help, for string options. */
  value?: string
  description: string
  choices?: readonly string[]
  /** May be given more than once; the values arrive joined by newlines, as a multi-line action input. */
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

export type Values = Record<string, string | boolean | undefined>

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

/** A string option's value, or undefined when absent or empty. */
export function str(context: Pick<Context, 'values'>, name: string): string | undefined {
  const value = context.values[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}
