import { describe, expect, it } from 'vitest'
import { CancelledError, RunGuard } from '../src/cleanup.js'

describe('RunGuard', () => {
  it('runs every registered undo once, newest first, and reports what was cleaned and what stays', async () => {
    const guard = new RunGuard()
    const order: string[] = []
    guard.add('the bundle file', async () => {
      order.push('file')
      return { cleaned: 'removed the bundle file' }
    })
    const drop = guard.add('a committed thing', async () => {
      order.push('committed')
      return { cleaned: 'should not run' }
    })
    guard.add('version 1.0.0 in Capgo', async () => {
      order.push('capgo')
      return {
        left: 'version 1.0.0 stays in Capgo with its file stored but not finalized: run the same job again (same content) to finalize it',
      }
    })
    drop()
    expect(guard.registered()).toEqual(['the bundle file', 'version 1.0.0 in Capgo'])

    const line = await guard.cancel('SIGINT')
    expect(order.sort()).toEqual(['capgo', 'file'])
    expect(line).toBe(
      'Cancelled by SIGINT. Cleaned up: removed the bundle file. Not cleaned up: version 1.0.0 stays in Capgo with its file stored but not finalized: run the same job again (same content) to finalize it.',
    )
    expect(line).not.toContain('\n')
    expect(await guard.cancel('SIGTERM')).toBe(line)
    expect(guard.registered()).toEqual([])
  })

  it('aborts its signal first, so work in flight stops and no new write starts', async () => {
    const guard = new RunGuard()
    let sawAbort = false
    guard.signal.addEventListener('abort', () => (sawAbort = true))
    expect(() => guard.throwIfCancelled()).not.toThrow()
    await guard.cancel('SIGTERM')
    expect(sawAbort).toBe(true)
    expect(guard.signal.reason).toBeInstanceOf(CancelledError)
    expect(() => guard.throwIfCancelled()).toThrow(CancelledError)
  })

  it('turns a failing or hanging undo into what stays, within the budget', async () => {
    const guard = new RunGuard()
    guard.add('the multipart upload to s3://b/k', () => Promise.reject(new Error('AccessDenied')))
    guard.add('version 2.0.0 in Capgo', () => new Promise(() => undefined))
    const line = await guard.cancel('SIGINT', 50)
    expect(line).toContain('Not cleaned up:')
    expect(line).toContain('the multipart upload to s3://b/k (AccessDenied)')
    expect(line).toContain('version 2.0.0 in Capgo (clean-up ran out of time)')
  })

  it('says so when there was nothing to clean', async () => {
    expect(await new RunGuard().cancel('SIGINT')).toBe('Cancelled by SIGINT. Nothing to clean up: this run had not created anything yet.')
  })
})
