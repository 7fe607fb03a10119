import type { Logger } from '../types.js'

export interface TerminalLogger extends Logger {
  /** Anything remembered by `secret`, replaced by ***. Every line the CLI prints goes through it. */
  redact(text: string): string
}

export interface Streams {
  stdout(text: string): void
  stderr(text: string): void
}

export const processStreams: Streams = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}

/**
 * The terminal face of Logger: everything goes to stderr, so stdout carries
 * only results (and with --json exactly one object) and stays pipeable.
 */
export function terminalLogger(streams: Streams, verbose: boolean): TerminalLogger {
  const secrets = new Set<string>()
  let ordered: string[] = []
  const redact = (text: string): string => {
    let result = text
    for (const secret of ordered) result = result.split(secret).join('***')
    return result
  }
  const line = (prefix: string, message: string) => streams.stderr(redact(`${prefix}${message}`) + '\n')
  return {
    info: (message) => line('', message),
    warning: (message) => line('warning: ', message),
    debug: (message) => {
      if (verbose) line('debug: ', message)
    },
    secret: (value) => {
      const trimmed = value.trim()
      if (!trimmed || secrets.has(trimmed)) return
      secrets.add(trimmed)
      // Longest first, so a whole key is replaced before one of its lines could split it.
      ordered = [...secrets].sort((a, b) => b.length - a.length)
    },
    redact,
  }
}
