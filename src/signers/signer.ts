/** Where the private-key operation happens. `key` is today's PEM in a secret; the others never see the key. */
export type SignerKind = 'key' | 'pkcs11' | 'gcp-kms' | 'command'

/**
 * The one private-key operation a bundle needs, twice per bundle: the raw RSA
 * PKCS#1 v1.5 type-1 operation ("private encrypt", a signature without
 * DigestInfo) on the 16-byte session key and on the checksum digest (32
 * bytes; 48 for the legacy V2 form). Implementations return the 256-byte
 * result; callers check every result against the public key before using it.
 */
export interface Signer {
  readonly kind: SignerKind
  /** One line for logs and the job summary: which key, never a secret. */
  readonly description: string
  /** The input to fix when this signer fails, for messages. */
  readonly input: string
  sign(data: Buffer): Promise<Buffer>
  /** The signer's public key as PEM (any form), when it can report one. */
  publicKey(): Promise<string | undefined>
}
