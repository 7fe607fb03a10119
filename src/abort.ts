/**
 * Runs `action` once `signal` aborts, through ONE 'abort' listener per
 * signal however many callers wait on it. The run's signal is shared by every
 * request in flight: 16 delta uploads (or 16 retries pausing at once) adding
 * a listener each went past EventTarget's threshold of 10, and Node printed a
 * MaxListenersExceededWarning ("possible memory leak") on every delta run.
 * Raising the signal's limit would hide a real leak; this keeps one listener.
 *
 * Returns a function that forgets `action` (call it when the work is over).
 * A signal that has already aborted fires no event: callers check `aborted`
 * first, as they would with addEventListener.
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>()

export function onAbort(signal: AbortSignal | undefined, action: () => void): () => void {
  if (!signal) return () => undefined
  let actions = waiting.get(signal)
  if (!actions) {
    const registered = new Set<() => void>()
    actions = registered
    waiting.set(signal, registered)
    signal.addEventListener(
      'abort',
      () => {
        waiting.delete(signal)
        for (const each of [...registered]) each()
      },
      { once: true },
    )
  }
  const set = actions
  set.add(action)
  return () => void set.delete(action)
}

/**
 * Runs one request with an abort signal of its own, aborted with `signal`
 * (and its reason) through onAbort's one listener, and forgotten when `run`
 * settles. The AWS SDK adds listeners of its own to the signal of every
 * request it sends: requests in flight together on the run's signal (8 parts
 * of an overlapped upload, 16 verify-upload downloads of delta files) went
 * past the threshold and printed a MaxListenersExceededWarning. `run` should
 * include reading the answer's body, which the signal also stops.
 */
export async function withRequestSignal<T>(signal: AbortSignal, run: (own: AbortSignal) => Promise<T>): Promise<T> {
  if (signal.aborted) return run(AbortSignal.abort(signal.reason))
  const own = new AbortController()
  const forget = onAbort(signal, () => own.abort(signal.reason))
  try {
    return await run(own.signal)
  } finally {
    forget()
  }
}
