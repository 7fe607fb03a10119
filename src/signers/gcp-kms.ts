import { GoogleAuth } from 'google-auth-library'
import { BundleError } from '../errors.js'
import type { Logger } from '../types.js'
import type { Signer } from './signer.js'

export interface GcpKmsSettings {
  /** projects/…/locations/…/keyRings/…/cryptoKeys/…/cryptoKeyVersions/N */
  key: string
  /** Default https://cloudkms.googleapis.com; a private endpoint, or a loopback stand-in in tests. */
  endpoint?: string
  timeoutMs?: number
  attempts?: number
}

export const GCP_KMS_DEFAULT_ENDPOINT = 'https://cloudkms.googleapis.com'
/** Raw PKCS#1 v1.5 without DigestInfo, 2048 bits: the only Cloud KMS algorithm devices can verify. */
export const RAW_PKCS1_2048 = 'RSA_SIGN_RAW_PKCS1_2048'
const SCOPE = 'https://www.googleapis.com/auth/cloudkms'
const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_ATTEMPTS = 3
const ROLE_HINT =
  'grant it roles/cloudkms.signerVerifier on the key (raw PKCS#1 keys also need the cloudkms.expertRawPKCS1 role: roles/cloudkms.expertRawPKCS1)'

let table: Uint32Array | undefined
/** CRC32C (Castagnoli), what Cloud KMS uses to check requests and responses end to end. */
export function crc32c(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
      table[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

interface KmsPublicKey {
  pem?: string
  algorithm?: string
  pemCrc32c?: string
  name?: string
}

interface KmsSignResponse {
  signature?: string
  signatureCrc32c?: string
  verifiedDataCrc32c?: boolean
  name?: string
}

class Retryable extends Error {}

/** A time-out is worth another attempt, like a 503. */
function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Retryable(message)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * A Cloud KMS key version with algorithm RSA_SIGN_RAW_PKCS1_2048: the bytes
 * go to asymmetricSign as `data` (not `digest`: KMS would otherwise expect a
 * hash for a DigestInfo), with CRC32C checks both ways. Credentials are
 * Application Default Credentials through Google's own google-auth-library
 * (what google-github-actions/auth sets up, Workload Identity Federation
 * included).
 */
export class GcpKmsSigner implements Signer {
  readonly kind = 'gcp-kms' as const
  readonly input = 'gcp-kms-key'
  readonly description: string
  private readonly endpoint: string
  private readonly auth: GoogleAuth
  private described?: Promise<string>

  constructor(
    private readonly settings: GcpKmsSettings,
    private readonly logger: Logger,
  ) {
    this.endpoint = (settings.endpoint ?? GCP_KMS_DEFAULT_ENDPOINT).replace(/\/+$/, '')
    this.description = `Cloud KMS ${settings.key}`
    // The project is in the key's name: without it the library would ask Resource Manager for one (a call, and a role) first.
    this.auth = new GoogleAuth({ scopes: [SCOPE], projectId: settings.key.split('/')[1] })
  }

  private get timeoutMs(): number {
    return this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  private async token(): Promise<string> {
    try {
      const token = await withTimeout(this.auth.getAccessToken(), this.timeoutMs, `no access token within ${this.timeoutMs / 1000} s`)
      if (!token) throw new Error('no access token')
      this.logger.secret(token)
      return token
    } catch (error) {
      if (error instanceof BundleError || error instanceof Retryable) throw error
      const text = error instanceof Error ? error.message : String(error)
      if (/default credentials/i.test(text)) {
        throw new BundleError(
          'gcp_credentials_missing',
          'signer gcp-kms found no Google credentials (Application Default Credentials): run google-github-actions/auth before this step, or set GOOGLE_APPLICATION_CREDENTIALS.',
          'gcp-kms-key',
        )
      }
      throw new BundleError(
        'gcp_credentials_failed',
        `signer gcp-kms could not get a Google access token: ${text.split('\n')[0].slice(0, 200)}`,
        'gcp-kms-key',
      )
    }
  }

  /** One request with bounded retries on 429, 5xx, time-outs and network errors. */
  private async call<T>(method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<T> {
    const attempts = this.settings.attempts ?? DEFAULT_ATTEMPTS
    let last: unknown
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * 2 ** (attempt - 2))))
      try {
        return await this.once<T>(method, path, what, body)
      } catch (error) {
        if (!(error instanceof Retryable)) throw error
        last = error
      }
    }
    throw new BundleError(
      'gcp_kms_unavailable',
      `signer gcp-kms: ${what} failed after ${attempts} attempts (${(last as Error).message}).`,
      'gcp-kms-key',
    )
  }

  private async once<T>(method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<T> {
    const token = await this.token()
    let response: Response
    try {
      response = await fetch(`${this.endpoint}/v1/${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      const name = (error as Error).name
      throw new Retryable(
        name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.timeoutMs / 1000} s` : `cannot reach ${this.endpoint}`,
      )
    }
    const text = await response.text().catch(() => '')
    if (response.status === 429 || response.status >= 500) throw new Retryable(`HTTP ${response.status}`)
    if (!response.ok) {
      let message = ''
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? ''
      } catch {
        // not JSON
      }
      const detail = message ? `: ${message.split('\n')[0].slice(0, 200)}` : ''
      if (response.status === 403) {
        throw new BundleError(
          'gcp_kms_permission',
          `gcp-kms-key: the credentials may not use ${this.settings.key} for ${what} (HTTP 403); ${ROLE_HINT}${detail}.`,
          'gcp-kms-key',
        )
      }
      if (response.status === 401)
        throw new BundleError(
          'gcp_kms_unauthenticated',
          `signer gcp-kms: Cloud KMS refused the access token (HTTP 401)${detail}.`,
          'gcp-kms-key',
        )
      if (response.status === 404)
        throw new BundleError('gcp_kms_not_found', `gcp-kms-key: ${this.settings.key} does not exist (HTTP 404)${detail}.`, 'gcp-kms-key')
      throw new BundleError('gcp_kms_refused', `signer gcp-kms: ${what} was refused (HTTP ${response.status})${detail}.`, 'gcp-kms-key')
    }
    try {
      return JSON.parse(text) as T
    } catch {
      throw new Retryable('the answer was not JSON')
    }
  }

  /** getPublicKey, once: refuses any algorithm but RSA_SIGN_RAW_PKCS1_2048 before anything is signed. */
  private describe(): Promise<string> {
    this.described ??= (async () => {
      const answer = await this.call<KmsPublicKey>('GET', `${this.settings.key}/publicKey`, 'reading the public key')
      if (answer.algorithm !== RAW_PKCS1_2048) {
        throw new BundleError(
          'gcp_kms_algorithm',
          `gcp-kms-key: ${this.settings.key} is ${answer.algorithm ?? 'of an unknown algorithm'}; Capgo devices verify a raw PKCS#1 v1.5 signature without DigestInfo from a 2048-bit key, which is ${RAW_PKCS1_2048}. Create a key version with that algorithm.`,
          'gcp-kms-key',
        )
      }
      if (!answer.pem) throw new BundleError('gcp_kms_bad_answer', 'signer gcp-kms: getPublicKey returned no pem.', 'gcp-kms-key')
      if (answer.pemCrc32c !== undefined && Number(answer.pemCrc32c) !== crc32c(Buffer.from(answer.pem, 'utf8'))) {
        throw new BundleError(
          'gcp_kms_corrupted',
          'signer gcp-kms: the public key was corrupted in transit (pemCrc32c does not match).',
          'gcp-kms-endpoint',
        )
      }
      return answer.pem
    })()
    return this.described
  }

  publicKey(): Promise<string | undefined> {
    return this.describe()
  }

  async sign(data: Buffer): Promise<Buffer> {
    await this.describe()
    const dataCrc32c = crc32c(data)
    const answer = await this.call<KmsSignResponse>('POST', `${this.settings.key}:asymmetricSign`, 'signing', {
      data: data.toString('base64'),
      dataCrc32c: String(dataCrc32c),
    })
    if (answer.verifiedDataCrc32c !== true) {
      throw new BundleError(
        'gcp_kms_corrupted',
        'signer gcp-kms: Cloud KMS did not confirm the CRC32C of the data it signed (verifiedDataCrc32c); the request may have been corrupted in transit.',
        'gcp-kms-endpoint',
      )
    }
    if (answer.name !== undefined && answer.name !== this.settings.key) {
      throw new BundleError(
        'gcp_kms_bad_answer',
        `signer gcp-kms: Cloud KMS signed with ${answer.name}, not ${this.settings.key}.`,
        'gcp-kms-key',
      )
    }
    const signature = Buffer.from(answer.signature ?? '', 'base64')
    if (answer.signatureCrc32c === undefined || Number(answer.signatureCrc32c) !== crc32c(signature)) {
      throw new BundleError(
        'gcp_kms_corrupted',
        'signer gcp-kms: the signature was corrupted in transit (signatureCrc32c does not match).',
        'gcp-kms-endpoint',
      )
    }
    return signature
  }
}
