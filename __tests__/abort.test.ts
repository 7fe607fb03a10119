import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { onAbort } from '../src/abort.js'

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
