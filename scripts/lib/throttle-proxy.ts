// A TCP proxy with a shared bandwidth limit per direction, for the
// end-to-end bench (scripts/bench-e2e.ts): loopback S3 behind it behaves like
// a runner's ~50 MB/s link. With a certificate it also terminates TLS, since
// the official CLI only speaks https to S3 (its client ignores --no-s3-ssl).
import { createServer as createTcpServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { Transform, type TransformCallback } from 'node:stream'
import { createServer as createTlsServer } from 'node:tls'

/**
 * How far behind the schedule a direction may fall and still catch up: a
 * timer fires up to ~1 ms late, and without this credit every late wake-up
 * was bandwidth lost for good (measured: a 67 MB PUT through a "50 MB/s"
 * link ran at 29 MB/s). A token bucket of this depth.
 */
const BURST_MS = 4

/** Every connection in one direction draws on the same budget, as they would share one uplink. */
class Budget {
  private nextFree = 0
  constructor(private readonly bytesPerMs: number) {}

  /** Milliseconds to hold `bytes` so the direction stays at the rate. */
  delayFor(bytes: number): number {
    const now = performance.now()
    const start = Math.max(now - BURST_MS, this.nextFree)
    this.nextFree = start + bytes / this.bytesPerMs
    return this.nextFree - now
  }
}

const SLICE = 64 * 1024

/** Passes bytes on at the budget's pace; backpressure pauses the sending socket meanwhile. */
class Throttle extends Transform {
  constructor(private readonly budget: Budget) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const slices: Buffer[] = []
    for (let at = 0; at < chunk.length; at += SLICE) slices.push(chunk.subarray(at, at + SLICE))
    const next = (): void => {
      const slice = slices.shift()
      if (!slice) return callback()
      const wait = this.budget.delayFor(slice.length)
      this.push(slice)
      if (wait < 1) next()
      else setTimeout(next, wait)
    }
    next()
  }
}

export interface ThrottleProxy {
  port: number
  close(): Promise<void>
}

export interface ThrottleOptions {
  /** Bytes per second in each direction. */
  bytesPerSecond: number
  /** PEM key and certificate: accept TLS and forward plain TCP. */
  tls?: { key: string; cert: string }
}

export async function startThrottleProxy(target: { host: string; port: number }, options: ThrottleOptions): Promise<ThrottleProxy> {
  const up = new Budget(options.bytesPerSecond / 1000)
  const down = new Budget(options.bytesPerSecond / 1000)
  const sockets = new Set<Socket>()
  const onConnection = (client: Socket): void => {
    const upstream = connect(target.port, target.host)
    sockets.add(client).add(upstream)
    const close = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
    client.pipe(new Throttle(up)).pipe(upstream)
    upstream.pipe(new Throttle(down)).pipe(client)
  }
  const server: Server = options.tls ? createTlsServer(options.tls, onConnection) : createTcpServer(onConnection)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
