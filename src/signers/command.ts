import { basename } from 'node:path'
import { BundleError } from '../errors.js'
import type { Logger } from '../types.js'
import { runProgram } from './process.js'
import type { Signer } from './signer.js'

export interface CommandSettings {
  /** Program, then its arguments: one per line of `signer-command`, run without a shell. */
  argv: string[]
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 60_000
const SIGNATURE_BYTES = 256
const HEX = /^[0-9a-fA-F]{512}$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** `signer-command` as written in YAML: one argument per line, blank lines ignored, nothing interpreted. */
export function parseCommandLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** Raw bytes, hex or base64, told apart by length: 256 bytes, 512 hex digits, 344 base64 characters. */
export function decodeSignature(stdout: Buffer): Buffer | undefined {
  if (stdout.length === SIGNATURE_BYTES) return stdout
  const text = stdout.toString('latin1').replace(/\s+/g, '')
  if (HEX.test(text)) return Buffer.from(text, 'hex')
  if (BASE64.test(text)) {
    const bytes = Buffer.from(text, 'base64')
    if (bytes.length === SIGNATURE_BYTES && bytes.toString('base64') === text) return bytes
  }
  return undefined
}

/**
 * Any program that signs: the bytes to sign on its stdin, the 256-byte raw
 * PKCS#1 v1.5 type-1 signature on its stdout, exit 0. `openssl pkeyutl -sign
 * -pkeyopt rsa_padding_mode:pkcs1` with a provider, a Vault call, a company
 * signing service. Its stderr is shown through the logger, which masks.
 */
export class CommandSigner implements Signer {
  readonly kind = 'command' as const
  readonly input = 'signer-command'
  readonly description: string

  constructor(
    private readonly settings: CommandSettings,
    private readonly logger: Logger,
  ) {
    this.description = `signer-command ${basename(settings.argv[0] ?? '')}`
  }

  async publicKey(): Promise<string | undefined> {
    return undefined
  }

  async sign(data: Buffer): Promise<Buffer> {
    const [program, ...args] = this.settings.argv
    const timeoutMs = this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const result = await runProgram(program, args, { input: data, timeoutMs })
    for (const line of result.stderr.split(/\r?\n/)) if (line.trim()) this.logger.info(`signer-command: ${line}`)
    const name = basename(program)
    if (result.startError) {
      const reason =
        result.startError.code === 'ENOENT'
          ? 'not found (give a path, or a program on PATH; no shell runs it)'
          : `could not start (${result.startError.code ?? 'error'})`
      throw new BundleError('signer_command_missing', `signer-command: ${name} ${reason}.`, 'signer-command')
    }
    if (result.timedOut)
      throw new BundleError(
        'signer_command_timeout',
        `signer-command: ${name} did not finish within ${timeoutMs / 1000} s and was stopped.`,
        'signer-command',
      )
    if (result.code !== 0)
      throw new BundleError(
        'signer_command_failed',
        `signer-command: ${name} exited with code ${result.code ?? '?'}${result.stderr.trim() ? ' (its stderr is above)' : ''}.`,
        'signer-command',
      )
    const signature = decodeSignature(result.stdout)
    if (!signature) {
      throw new BundleError(
        'signer_command_output',
        `signer-command: ${name} wrote ${result.stdout.length} bytes on stdout; it must write the 256-byte signature, raw, as hex (512 characters) or base64 (344 characters).`,
        'signer-command',
      )
    }
    return signature
  }
}
