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
 * A signal for one request, aborted with `signal` (and its reason) through
 * onAbort's one listener. The AWS SDK adds listeners of its own to the signal
 * of every request it sends: parts of one upload in flight on a shared signal
 * went past the threshold, and a 67 MB overlapped upload printed a
 * MaxListenersExceededWarning. Call `release` when the request is over.
 */
export function requestSignal(signal: AbortSignal): { signal: AbortSignal; release: () => void } {
  if (signal.aborted) return { signal: AbortSignal.abort(signal.reason), release: () => undefined }
  const own = new AbortController()
  const release = onAbort(signal, () => own.abort(signal.reason))
  return { signal: own.signal, release }
}
