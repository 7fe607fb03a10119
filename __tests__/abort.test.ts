import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { onAbort, withRequestSignal } from '../src/abort.js'

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

describe('withRequestSignal', () => {
  it('gives each request its own signal, aborted with the shared one and its reason, through one listener on the shared one; a settled request lets go of it', async () => {
    const shared = new AbortController()
    const signals: AbortSignal[] = []
    let finish: () => void = () => undefined
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const pending = Array.from({ length: 12 }, () =>
      withRequestSignal(shared.signal, async (own) => {
        signals.push(own)
        await finished
      }),
    )
    const settled = await withRequestSignal(shared.signal, async (own) => {
      signals.push(own)
      return 'done'
    })
    expect(settled).toBe('done')
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1)
    shared.abort(new Error('cancelled'))
    expect(signals.map((signal) => signal.aborted)).toEqual(signals.map((_, index) => index !== 12))
    expect((signals[0].reason as Error).message).toBe('cancelled')
    finish()
    await Promise.all(pending)
  })

  it('hands an aborted signal when the shared one is aborted already, and adds no listener', async () => {
    const shared = new AbortController()
    shared.abort('stop')
    const own = await withRequestSignal(shared.signal, async (signal) => signal)
    expect(own.aborted).toBe(true)
    expect(own.reason).toBe('stop')
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0)
  })
})
