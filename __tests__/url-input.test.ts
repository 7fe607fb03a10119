import { describe, expect, it } from 'vitest'
import { BundleError } from '../src/errors.js'
import { remoteSignerSettings, type SignerInputs } from '../src/plan.js'
import { resolveEndpoints } from '../src/publish/capgo/endpoints.js'
import { checkSettings as checkGithubRelease } from '../src/publish/github-release-settings.js'
import { isTokenSafeUrl, parseHttpUrl, parseUrlInput } from '../src/url-input.js'

const KMS_KEY = 'projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1'

function refusal(run: () => unknown): BundleError | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof BundleError) return error
    throw error
  }
  return undefined
}

async function gcpEndpointRefused(endpoint: string): Promise<boolean> {
  const inputs: SignerInputs = { signer: 'gcp-kms', pkcs11: {}, gcpKms: { key: KMS_KEY, endpoint } }
  return remoteSignerSettings(inputs, { workspace: '/' }).then(
    () => false,
    (error: unknown) => {
      if (error instanceof BundleError && error.input === 'gcp-kms-endpoint') return true
      throw error
    },
  )
}

describe('URL checks: one function per rule', () => {
  it('parseHttpUrl: one refusal for a scheme other than http(s), naming the scheme but never the value', () => {
    const value = 'ftp://host/x?sig=secret-signature'
    for (const [input, code] of [
      ['s3-endpoint', 'input_not_url'],
      ['upload-url', 'upload_url_invalid'],
    ]) {
      const error = refusal(() => parseHttpUrl(value, input, { code, notUrl: 'is not a URL' }))
      expect(error).toMatchObject({ code, input, message: `${input} must be an http:// or https:// URL, not ftp://.` })
      expect(error?.message).not.toContain('secret')
    }
    expect(refusal(() => parseUrlInput('capgo-api-url', 'ftp://x'))?.message).toBe(
      'capgo-api-url must be an http:// or https:// URL, not ftp://.',
    )
    expect(refusal(() => parseHttpUrl('no url', 'upload-url', { code: 'c', notUrl: 'is not a URL; give one' }))?.message).toBe(
      'upload-url is not a URL; give one.',
    )
    expect(parseHttpUrl('http://x.example/a', 'i', { code: 'c', notUrl: 'n' }).host).toBe('x.example')
  })

  it('isTokenSafeUrl: https anywhere, plain http only to this machine', () => {
    for (const url of [
      'https://api.example.com',
      'http://localhost:8080/x',
      'http://LOCALHOST',
      'http://127.0.0.1',
      'http://127.8.9.10:1',
      'http://[::1]:9',
    ])
      expect([url, isTokenSafeUrl(new URL(url))]).toEqual([url, true])
    for (const url of ['http://api.example.com', 'http://localhost.example.com', 'http://128.0.0.1', 'http://[::2]', 'ftp://localhost'])
      expect([url, isTokenSafeUrl(new URL(url))]).toEqual([url, false])
  })

  it('Capgo URLs, GITHUB_API_URL and gcp-kms-endpoint take and refuse the same addresses', async () => {
    const github = {
      kind: 'github-release' as const,
      repository: 'o/r',
      tag: 'v1',
      token: 't',
      serverUrl: 'https://github.com',
      overwrite: false,
      verifyUpload: false,
    }
    for (const [url, safe] of [
      ['https://api.example.com', true],
      ['http://127.0.0.2:8080', true],
      ['http://[::1]:8080', true],
      ['http://api.example.com', false],
      ['http://localhost.example.com', false],
    ] as const) {
      const capgo = refusal(() => resolveEndpoints({ apiUrl: url, filesUrl: url }))
      const gh = refusal(() => checkGithubRelease({ ...github, apiUrl: url }))
      expect([url, capgo === undefined, gh === undefined, !(await gcpEndpointRefused(url))]).toEqual([url, safe, safe, safe])
    }
  })
})
