/**
 * Binds one socket to one Http2Connection: received bytes go to
 * `connection.receive`, and the frames the connection produces in one
 * event-loop turn leave in one socket write (RFC 9113 does not ask for it;
 * it is what makes a call cost one syscall instead of five).
 *
 * Ending follows §6.8 and what TCP needs: after its last GOAWAY the
 * connection asks us to end; we write what is left, half-close (FIN), and
 * go on reading, discarding, until the peer closes too, or for `lingerMs`
 * at most. Closing at once would make the kernel answer the peer's frames
 * in flight with a TCP RST, which can destroy our GOAWAY before the peer
 * reads it; never closing would leave the socket open for ever when the
 * peer does not close its side.
 */
import type { Socket } from "node:net";
import type { ConnectionHost, Http2Connection } from "../connection/connection.js";

export class SocketHost implements ConnectionHost {
  readonly socket: Socket;
  private connection: Http2Connection | undefined;
  private flushScheduled = false;
  private ending = false;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly lingerMs: number;

  constructor(socket: Socket, lingerMs: number) {
    this.socket = socket;
    this.lingerMs = lingerMs;
    socket.setNoDelay(true);
  }

  /** Starts moving bytes between the socket and `connection`. `firstBytes`: what was read before (preface sniffing). */
  bind(connection: Http2Connection, firstBytes?: Uint8Array): void {
    this.connection = connection;
    const socket = this.socket;
    socket.on("data", (chunk: Buffer) => connection.receive(chunk));
    socket.on("drain", () => connection.writable());
    socket.on("end", () => this.peerEnded());
    socket.on("error", (e: Error) => this.closed(e));
    socket.on("close", () => this.closed(undefined));
    if (firstBytes !== undefined && firstBytes.length > 0) connection.receive(firstBytes);
  }

  // ---- ConnectionHost ----

  wantFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(flushHost, this);
  }

  get unreadOutput(): number {
    return this.socket.writableLength;
  }

  end(): void {
    this.ending = true;
    this.wantFlush();
  }

  // ---- ours ----

  /** Writes what the connection has for the peer now (also called by the scheduled flush). */
  flush(): void {
    this.flushScheduled = false;
    const connection = this.connection;
    const socket = this.socket;
    if (connection === undefined || socket.destroyed) return;
    const chunks = connection.takeOutput();
    if (socket.writable) {
      if (chunks.length === 1) socket.write(chunks[0]!);
      else if (chunks.length > 1) {
        socket.cork();
        for (const chunk of chunks) socket.write(chunk);
        socket.uncork();
      }
    }
    if (this.ending && this.lingerTimer === undefined) this.linger();
  }

  /** Half-closes and reads (discarding: the connection is closed) until the peer closes, for lingerMs at most. */
  private linger(): void {
    const socket = this.socket;
    if (socket.writable) socket.end();
    if (socket.destroyed) return;
    this.lingerTimer = setTimeout(() => socket.destroy(), this.lingerMs);
    this.lingerTimer.unref();
    // Paused by a caller (never by us): make sure the peer's bytes are read, so its FIN is seen.
    socket.resume();
  }

  /** The peer sent FIN: it will send nothing more. Whatever it still can read goes, then the socket closes. */
  private peerEnded(): void {
    if (this.connection !== undefined && !this.connection.closed) {
      this.flush();
      this.connection.socketClosed(undefined);
    }
    if (this.socket.writable) this.socket.end();
    else this.socket.destroy();
  }

  private closed(error: Error | undefined): void {
    clearTimeout(this.lingerTimer);
    this.connection?.socketClosed(error);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

function flushHost(host: SocketHost): void {
  host.flush();
}
