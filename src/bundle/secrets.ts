import { BundleError } from '../errors.js'

/**
 * What must never ship in a bundle every device (and anyone holding the app)
 * can download and decrypt: private keys, the checkout token in .git/config,
 * environment files and registry credentials.
 */

const NEEDLE = Buffer.from('PRIVATE KEY-----')
/** `-----BEGIN ENCRYPTED PRIVATE KEY` is the longest label in use; anything between BEGIN and the needle fits here. */
const LOOKBEHIND = 48
const BEGIN_LINE = /-----BEGIN [A-Z0-9 ]*$/

/** Why a name is a secret by itself, whatever it holds ("is …"); undefined when the name is fine. */
export function secretName(base: string): string | undefined {
  if (base === '.git') return 'is a git directory (its config holds the checkout token)'
  if (base === '.env' || base.startsWith('.env.')) return 'is an environment file'
  if (base === '.npmrc') return 'is an npm configuration file (it may hold a registry token)'
  return undefined
}

export function secretInBuild(name: string, what: string, input = 'path'): BundleError {
  return new BundleError(
    'secret_in_build',
    `${input}: ${name} ${what} and would ship to every device; move it out of the build folder (or point ${input} at the build output), or list it in exclude.`,
    input,
  )
}

/** True when `data` holds `-----BEGIN … PRIVATE KEY-----` (any kind: RSA, EC, OPENSSH, ENCRYPTED, PKCS#8). */
export function holdsPrivateKey(data: Buffer): boolean {
  for (let at = data.indexOf(NEEDLE); at >= 0; at = data.indexOf(NEEDLE, at + 1)) {
    if (BEGIN_LINE.test(data.toString('latin1', Math.max(0, at - LOOKBEHIND), at))) return true
  }
  return false
}

const CARRY = LOOKBEHIND + NEEDLE.length

/**
 * A check fed with a file's bytes in order, as the pack reads them: it throws
 * `secret_in_build` before the chunk holding a private-key header is passed on,
 * so no byte of the key body is ever deflated or written. Costs one indexOf per
 * chunk plus a few dozen bytes of carry across chunk boundaries.
 */
export function privateKeyCheck(name: string, input = 'path'): (chunk: Buffer) => void {
  let carry: Buffer | undefined
  return (chunk) => {
    const seam = carry ? Buffer.concat([carry, chunk.subarray(0, CARRY)]) : undefined
    if (holdsPrivateKey(chunk) || (seam && holdsPrivateKey(seam))) throw secretInBuild(name, 'holds a PEM private key', input)
    // A copy: readers may reuse their buffers.
    carry = Buffer.from(chunk.length >= CARRY ? chunk.subarray(chunk.length - CARRY) : Buffer.concat([carry ?? Buffer.alloc(0), chunk]).subarray(-CARRY))
  }
}
