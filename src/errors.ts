/**
 * The one error type of the project. `message` is written for the person who
 * has to fix something: it names the input (or file) to change and, where it
 * helps, what devices would do with the result. `code` is stable for tests and
 * scripts. Messages never carry key material, tokens or signed URLs.
 */
export class BundleError extends Error {
  readonly code: string
  /** The action input (or CLI flag, same name) the user should change, when there is one. */
  readonly input?: string
  /** After a failed write: what the run undid and what it leaves behind, for the job summary. */
  aftermath?: Aftermath

  constructor(code: string, message: string, input?: string) {
    super(message)
    this.name = 'BundleError'
    this.code = code
    this.input = input
  }
}

/** What a failure undid, and what is left for a person to remove. */
export interface Aftermath {
  cleanedUp: string[]
  remains: string[]
}

export function isBundleError(error: unknown): error is BundleError {
  return error instanceof BundleError
}

/** A message safe to show: ours as is, anything else reduced to its message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
