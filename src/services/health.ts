/**
 * The gRPC health checking service, grpc.health.v1.Health
 * (proto/grpc/health/v1/health.proto; protocol in grpc/grpc's
 * doc/health-checking.md), built only on the public server API.
 *
 *   const health = addHealth(server);          // "" (the whole server) is SERVING
 *   health.setStatus("pkg.Greeter", "SERVING");
 *   health.setStatus("pkg.Greeter", "NOT_SERVING");
 *
 * Statuses are per service name, set by the application; "" stands for the
 * server as a whole. When the server starts closing, every known service
 * reports NOT_SERVING and Watch streams end after telling their clients so.
 */
import { Code } from "../grpc/code.js";
import type { ServerCallContext } from "../rpc/call-context.js";
import { RpcError } from "../rpc/rpc-error.js";
import type { Server } from "../rpc/server.js";
import {
  Health,
  HealthCheckResponse_ServingStatus as Wire,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from "../gen/grpc/health/v1/health.js";

/** The statuses an application sets (SERVICE_UNKNOWN is only ever sent by Watch). */
export type ServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING";

const WIRE: Readonly<Record<ServingStatus, Wire>> = {
  UNKNOWN: Wire.UNKNOWN,
  SERVING: Wire.SERVING,
  NOT_SERVING: Wire.NOT_SERVING,
};

export interface HealthOptions {
  /**
   * Statuses to start with, by service name. The server as a whole ("") is
   * SERVING unless given here, as in grpc-go and grpc-java.
   */
  readonly statuses?: Iterable<readonly [string, ServingStatus]>;
}

/** One Watch stream: the statuses it still has to send, in order. */
class Watcher {
  readonly queue: Wire[] = [];
  private lastQueued: Wire | undefined;
  ended = false;
  private wake: (() => void) | undefined;

  /** Queues a status unless it is the one the client was last told. */
  push(status: Wire): void {
    if (status === this.lastQueued) return;
    this.lastQueued = status;
    this.queue.push(status);
    this.wakeUp();
  }

  /** Ends the stream once the queue is sent. */
  end(): void {
    this.ended = true;
    this.wakeUp();
  }

  /** Resolves on the next push or end, or when the call is cancelled. */
  waitForChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener("abort", done);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      signal.addEventListener("abort", done);
    });
  }

  private wakeUp(): void {
    this.wake?.();
  }
}

/** The state behind a Health service: statuses by service name, and the Watch streams to tell. */
export class HealthService {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private shutDown = false;
  /** Set by endWatches: a Watch started after it ends as soon as it has sent the status. */
  private watchesEnded = false;

  constructor(options: HealthOptions = {}) {
    this.statuses.set("", "SERVING");
    for (const [service, status] of options.statuses ?? []) this.statuses.set(service, checkStatus(status));
  }

  /** Sets a service's status ("" for the whole server); Watch streams on it are told. */
  setStatus(service: string, status: ServingStatus): void {
    this.statuses.set(service, checkStatus(status));
    this.notify(service);
  }

  /** Forgets a service: Check answers NOT_FOUND, Watch streams get SERVICE_UNKNOWN. */
  clearStatus(service: string): void {
    this.statuses.delete(service);
    this.notify(service);
  }

  /**
   * The status a client is told, or undefined for an unknown service: the
   * status set by the application, or NOT_SERVING after shutdown().
   */
  getStatus(service: string): ServingStatus | undefined {
    const status = this.statuses.get(service);
    if (status === undefined) return undefined;
    return this.shutDown ? "NOT_SERVING" : status;
  }

  /**
   * Reports NOT_SERVING for every known service until resume(), whatever
   * setStatus says meanwhile (it is remembered for resume). addHealth calls
   * it when the server starts closing.
   */
  shutdown(): void {
    this.shutDown = true;
    for (const service of this.watchers.keys()) this.notify(service);
  }

  /** Undoes shutdown(): services report the statuses last set again. */
  resume(): void {
    this.shutDown = false;
    for (const service of this.watchers.keys()) this.notify(service);
  }

  /** Ends every Watch stream after its pending statuses are sent (the server is going away). */
  endWatches(): void {
    this.watchesEnded = true;
    for (const set of this.watchers.values()) for (const w of set) w.end();
  }

  /** The handlers to register with `server.add(Health, health.handlers)`. */
  readonly handlers = {
    check: (request: HealthCheckRequest): HealthCheckResponse => {
      const status = this.getStatus(request.service);
      // health.proto: "If the requested service is unknown, the call will fail with status NOT_FOUND."
      if (status === undefined) throw new RpcError(Code.NotFound, `unknown service ${JSON.stringify(request.service)}`);
      return { status: WIRE[status] };
    },
    watch: (request: HealthCheckRequest, ctx: ServerCallContext): AsyncIterable<HealthCheckResponse> => this.watch(request.service, ctx.signal),
  };

  /**
   * health.proto: the current status at once, then every change; an unknown
   * service gets SERVICE_UNKNOWN without ending the call. Runs until the
   * client cancels (or the server closes).
   */
  private async *watch(service: string, signal: AbortSignal): AsyncGenerator<HealthCheckResponse> {
    const watcher = new Watcher();
    let set = this.watchers.get(service);
    if (set === undefined) this.watchers.set(service, (set = new Set()));
    set.add(watcher);
    try {
      watcher.push(this.wireStatus(service));
      if (this.watchesEnded) watcher.end();
      for (;;) {
        const next = watcher.queue.shift();
        if (next !== undefined) {
          yield { status: next };
          continue;
        }
        if (watcher.ended || signal.aborted) return;
        await watcher.waitForChange(signal);
      }
    } finally {
      set.delete(watcher);
      if (set.size === 0 && this.watchers.get(service) === set) this.watchers.delete(service);
    }
  }

  private wireStatus(service: string): Wire {
    const status = this.getStatus(service);
    return status === undefined ? Wire.SERVICE_UNKNOWN : WIRE[status];
  }

  private notify(service: string): void {
    const set = this.watchers.get(service);
    if (set === undefined) return;
    const status = this.wireStatus(service);
    for (const w of set) w.push(status);
  }
}

function checkStatus(status: ServingStatus): ServingStatus {
  if (!Object.hasOwn(WIRE, status)) throw new TypeError(`not a serving status: ${String(status)} (use "SERVING", "NOT_SERVING" or "UNKNOWN")`);
  return status;
}

/**
 * Registers grpc.health.v1.Health on `server` and returns its state, with
 * "" SERVING. When the server starts closing, every service turns
 * NOT_SERVING and Watch streams end after sending it.
 */
export function addHealth(server: Server, options?: HealthOptions): HealthService {
  const health = new HealthService(options);
  server.add(Health, health.handlers);
  server.onClose(() => {
    health.shutdown();
    health.endWatches();
  });
  return health;
}

export { Health };
