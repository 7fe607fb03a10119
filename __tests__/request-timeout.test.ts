import { describe, expect, it } from 'vitest'
import { getInputs } from '../src/inputs.js'
import { isRetryableHttpError, isTimeout, noProgressError, seconds } from '../src/publish/http.js'
import { bundleErrorOf, inputsFrom, recordingLogger } from './support/fixtures.js'

const read = (value: string) => getInputs(inputsFrom({ 'request-timeout': value }), recordingLogger(), {})

describe('request-timeout', () => {
  it('is 60 s by default, and takes whole or decimal seconds', () => {
    expect(read('').requestTimeoutMs).toBe(60_000)
    expect(read('5').requestTimeoutMs).toBe(5_000)
    expect(read(' 1.5 ').requestTimeoutMs).toBe(1_500)
  })

  it.each(['0', '-1', 'abc', '1e3', '3601', '10s'])('refuses %j in one line naming the input', async (value) => {
    const error = await bundleErrorOf(Promise.resolve().then(() => read(value)))
    expect(error).toMatchObject({ code: 'input_invalid', input: 'request-timeout' })
    expect(error.message).toBe(`request-timeout must be a number of seconds above 0 and at most 3600 (got "${value}").`)
  })

  it('ends a request with an error that is retried and reads as a time-out', () => {
    const error = noProgressError(1_500)
    expect(error.message).toBe('no progress for 1.5 s (request-timeout)')
    expect(isTimeout(error)).toBe(true)
    expect(isRetryableHttpError(error)).toBe(true)
    expect(seconds(60_000)).toBe('60 s')
  })
})
