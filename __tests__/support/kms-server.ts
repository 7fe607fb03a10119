import { constants, createPrivateKey, createPublicKey, privateEncrypt, sign as digestSign } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32c } from '../../src/signers/gcp-kms.js'

export const KMS_KEY = 'projects/p/locations/global/keyRings/capgo/cryptoKeys/bundles/cryptoKeyVersions/1'
export const ACCESS_TOKEN = 'ya29.kms-stand-in-token'

/** What the stand-in does wrong on purpose. */
export interface KmsBehaviour {
  algorithm?: string
  /** HTTP 403 PERMISSION_DENIED on asymmetricSign. */
  forbidden?: boolean
  badSignatureCrc?: boolean
  unverifiedData?: boolean
  /** Never answers asymmetricSign. */
  hang?: boolean
  /** HTTP 503 this many times before answering. */
  unavailable?: number
  /** Signs with a signature API (DigestInfo), as a non-raw key would. */
  digestInfo?: boolean
}

export interface SignRequest {
  body: Record<string, unknown>
  authorization?: string
}

export interface KmsStandIn {
  url: string
  behaviour: KmsBehaviour
  signRequests: SignRequest[]
  tokenRequests: number
  close(): Promise<void>
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(value))
}

/**
 * Cloud KMS asymmetricSign and getPublicKey, and the STS token endpoint that
 * Workload Identity Federation credentials exchange at, on loopback, holding
 * a local key. It checks what real KMS checks: `data` (not `digest`), its
 * CRC32C, and the bearer token.
 */
export async function startKms(privatePem: string): Promise<KmsStandIn> {
  const key = createPrivateKey(privatePem)
  const pem = createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string
  const state: KmsStandIn = { url: '', behaviour: {}, signRequests: [], tokenRequests: 0, close: async () => undefined }
  const hanging: ServerResponse[] = []
  const server = createServer(async (request, response) => {
    const text = await body(request)
    const path = request.url ?? ''
    if (path === '/token') {
      state.tokenRequests++
      const form = new URLSearchParams(text)
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' || !form.get('subject_token'))
        return json(response, 400, { error: 'invalid_request' })
      return json(response, 200, {
        access_token: ACCESS_TOKEN,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 3600,
      })
    }
    if (request.headers.authorization !== `Bearer ${ACCESS_TOKEN}`)
      return json(response, 401, {
        error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
      })
    if (request.method === 'GET' && path === `/v1/${KMS_KEY}/publicKey`) {
      return json(response, 200, {
        pem,
        algorithm: state.behaviour.algorithm ?? 'RSA_SIGN_RAW_PKCS1_2048',
        pemCrc32c: String(crc32c(Buffer.from(pem))),
        name: KMS_KEY,
        protectionLevel: 'HSM',
      })
    }
    if (request.method === 'POST' && path === `/v1/${KMS_KEY}:asymmetricSign`) {
      const parsed = JSON.parse(text) as Record<string, unknown>
      state.signRequests.push({ body: parsed, authorization: request.headers.authorization })
      const behaviour = state.behaviour
      if (behaviour.hang) return void hanging.push(response)
      if (behaviour.unavailable) {
        behaviour.unavailable--
        return json(response, 503, { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } })
      }
      if (behaviour.forbidden) {
        return json(response, 403, {
          error: {
            code: 403,
            message: `Permission 'cloudkms.cryptoKeyVersions.useToSign' denied on resource '${KMS_KEY}' (or it may not exist).`,
            status: 'PERMISSION_DENIED',
          },
        })
      }
      if ('digest' in parsed || typeof parsed.data !== 'string')
        return json(response, 400, { error: { code: 400, message: 'Raw PKCS#1 keys take data, not digest.', status: 'INVALID_ARGUMENT' } })
      const data = Buffer.from(parsed.data, 'base64')
      if (parsed.dataCrc32c !== String(crc32c(data)))
        return json(response, 400, { error: { code: 400, message: 'Checksum mismatch.', status: 'INVALID_ARGUMENT' } })
      const signature = behaviour.digestInfo
        ? digestSign('sha256', data, key)
        : privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data)
      return json(response, 200, {
        signature: signature.toString('base64'),
        signatureCrc32c: String(behaviour.badSignatureCrc ? crc32c(signature) ^ 1 : crc32c(signature)),
        verifiedDataCrc32c: !behaviour.unverifiedData,
        name: KMS_KEY,
        protectionLevel: 'HSM',
      })
    }
    json(response, 404, { error: { code: 404, message: `no route ${request.method} ${path}`, status: 'NOT_FOUND' } })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  state.close = () =>
    new Promise((resolve) => {
      for (const response of hanging.splice(0)) response.destroy()
      server.close(() => resolve())
    })
  return state
}
