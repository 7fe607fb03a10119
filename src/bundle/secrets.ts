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
/**
 * What follows a real key's header: a line break (raw, or escaped as in a JS
 * or JSON string), then the base64 body or the legacy Proc-Type header. A
 * library that only looks for the header ("...PRIVATE KEY-----")) is no key.
 */
const LOOKAHEAD = 40
const BODY_START = /^(?:\s|\\r|\\n)+(?:Proc-Type:|[A-Za-z0-9+/=]{16})/

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
    `${input}: ${name} ${what} and would ship to every device; move it out of the build folder (or point ${input} at the build output), or add ${name} to exclude.`,
    input,
  )
}

/**
 * True when `data` holds `-----BEGIN … PRIVATE KEY-----` (any kind: RSA, EC,
 * OPENSSH, ENCRYPTED, PKCS#8) followed by a key body. A header whose body is
 * not in `data` yet is not reported; the streaming check sees it again with
 * the bytes that follow.
 */
export function holdsPrivateKey(data: Buffer): boolean {
  for (let at = data.indexOf(NEEDLE); at >= 0; at = data.indexOf(NEEDLE, at + 1)) {
    const end = at + NEEDLE.length
    if (
      BEGIN_LINE.test(data.toString('latin1', Math.max(0, at - LOOKBEHIND), at)) &&
      BODY_START.test(data.toString('latin1', end, end + LOOKAHEAD))
    )
      return true
  }
  return false
}

/** Enough of the previous chunk to see a header and the start of its body across a chunk seam. */
const CARRY = LOOKBEHIND + NEEDLE.length + LOOKAHEAD

/**
 * A check fed with a file's bytes in order, as the pack reads them: it throws
 * `secret_in_build` before the chunk where a key's body starts is passed on, so
 * at most the header and under 16 characters of the body's first line (when a
 * chunk seam cuts there) reach deflate, and then only the temporary file,
 * which is deleted. Costs one indexOf per chunk plus about a hundred bytes of
 * carry across chunk seams.
 */
export function privateKeyCheck(name: string, input = 'path'): (chunk: Buffer) => void {
  let carry: Buffer | undefined
  return (chunk) => {
    const seam = carry ? Buffer.concat([carry, chunk.subarray(0, CARRY)]) : undefined
    if (holdsPrivateKey(chunk) || (seam && holdsPrivateKey(seam))) throw secretInBuild(name, 'holds a PEM private key', input)
    // A copy: readers may reuse their buffers.
    carry = Buffer.from(
      chunk.length >= CARRY ? chunk.subarray(chunk.length - CARRY) : Buffer.concat([carry ?? Buffer.alloc(0), chunk]).subarray(-CARRY),
    )
  }
}
