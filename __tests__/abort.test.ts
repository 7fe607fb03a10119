import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { onAbort, requestSignal } from '../src/abort.js'

describe('onAbort', () => {
  it('keeps one listener on a signal however many wait on it, runs every action still waiting, and none forgotten', () => {
    const controller = new AbortController()
    const ran: number[] = []
    const forgets = Array.from({ length: 20 }, (_, index) => onAbort(controller.signal, () => ran.push(index)))
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    forgets[3]()
    forgets[17]()
    controller.abort()
    expect(ran).toEqual([...Array(20).keys()].filter((index) => index !== 3 && index !== 17))
  })

  it('without a signal, does nothing', () => {
    expect(() => onAbort(undefined, () => undefined)()).not.toThrow()
  })
})

describe('requestSignal', () => {
  it('gives each request its own signal, aborted with the shared one and its reason, through one listener on the shared one', () => {
    const shared = new AbortController()
    const requests = Array.from({ length: 12 }, () => requestSignal(shared.signal))
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1)
    requests[5].release()
    shared.abort(new Error('cancelled'))
    expect(requests.map((request) => request.signal.aborted)).toEqual(requests.map((_, index) => index !== 5))
    expect((requests[0].signal.reason as Error).message).toBe('cancelled')
  })

  it('is aborted already when the shared signal is', () => {
    const shared = new AbortController()
    shared.abort('stop')
    const request = requestSignal(shared.signal)
    expect(request.signal.aborted).toBe(true)
    expect(request.signal.reason).toBe('stop')
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0)
  })
})
