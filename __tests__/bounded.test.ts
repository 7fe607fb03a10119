import { describe, expect, it } from 'vitest'
import { runBounded, Slots } from '../src/bounded.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('Slots', () => {
  it('lends each item to one caller at a time, the others wait in order, and an item comes back after a failure', async () => {
    const slots = new Slots(['a', 'b'])
    let holding = 0
    let most = 0
    const order: number[] = []
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((n) =>
        slots.use(async (item) => {
          holding++
          most = Math.max(most, holding)
          order.push(n)
          await tick()
          holding--
          if (n === 0) throw new Error('first fails')
          return `${n}${item}`
        }),
      ),
    )
    expect(most).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect(results[0].status).toBe('rejected')
    expect(results.slice(1).every((result) => result.status === 'fulfilled')).toBe(true)
    // Both items are free again: two callers hold them at once without waiting.
    let both = 0
    await Promise.all([0, 1].map(() => slots.use(async () => void both++)))
    expect(both).toBe(2)
  })
})

describe('runBounded', () => {
  it('tells work still waiting for a slot that another index failed, so it starts nothing', async () => {
    const slots = new Slots([0])
    const started: number[] = []
    const failure = await runBounded(4, 4, () => async (index, stopped) => {
      await slots.use(async () => {
        if (stopped()) return
        started.push(index)
        await tick()
        if (index === 0) throw new Error('index 0 fails')
      })
    })
    expect((failure?.error as Error).message).toBe('index 0 fails')
    // The slot passes to index 1 as index 0's failure unwinds, before runBounded has seen it; 2 and 3 see it and start nothing.
    expect(started).toEqual([0, 1])
  })

  it('stops handing out indexes once the signal aborts', async () => {
    const controller = new AbortController()
    const seen: boolean[] = []
    await runBounded(
      3,
      1,
      () => async (index, stopped) => {
        if (index === 0) controller.abort()
        seen.push(stopped())
      },
      controller.signal,
    )
    expect(seen).toEqual([true])
  })
})
