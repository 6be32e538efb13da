import { errorCodeName } from "../error-code.js";
import type { Http2Error } from "../http2-error.js";
import type { FrameHandler } from "./frame-handler.js";
import { frameTypeName } from "./frame-type.js";
import type { Priority } from "./priority.js";
import type { SettingsUpdate } from "./settings.js";

/**
 * A FrameHandler that writes down each frame as one line of text, e.g.
 * `DATA stream=1 data=68656c6c6f flow=5 END_STREAM`. For looking at what a
 * peer sends while debugging, and for tests that compare received frames.
 */
export class FrameLog implements FrameHandler {
  readonly lines: string[] = [];

  onData(streamId: number, payload: Uint8Array, endStream: boolean, flowControlledLength: number): void {
    this.lines.push(`DATA stream=${streamId} data=${hex(payload)} flow=${flowControlledLength}${endStream ? " END_STREAM" : ""}`);
  }

  onHeaders(streamId: number, block: Uint8Array, endStream: boolean, priority: Priority | undefined): void {
    const p = priority === undefined ? "" : ` priority=${describePriority(priority)}`;
    this.lines.push(`HEADERS stream=${streamId} block=${hex(block)}${endStream ? " END_STREAM" : ""}${p}`);
  }

  onPriority(streamId: number, priority: Priority): void {
    this.lines.push(`PRIORITY stream=${streamId} ${describePriority(priority)}`);
  }

  onRstStream(streamId: number, errorCode: number): void {
    this.lines.push(`RST_STREAM stream=${streamId} code=${errorCodeName(errorCode)}`);
  }

  onSettings(settings: SettingsUpdate): void {
    const entries = Object.entries(settings).map(([key, value]) => ` ${key}=${String(value)}`);
    this.lines.push(`SETTINGS${entries.join("")}`);
  }

  onSettingsAck(): void {
    this.lines.push("SETTINGS ACK");
  }

  onPushPromise(streamId: number, promisedStreamId: number, block: Uint8Array): void {
    this.lines.push(`PUSH_PROMISE stream=${streamId} promised=${promisedStreamId} block=${hex(block)}`);
  }

  onPing(data: Uint8Array, ack: boolean): void {
    this.lines.push(`PING data=${hex(data)}${ack ? " ACK" : ""}`);
  }

  onGoaway(lastStreamId: number, errorCode: number, debugData: Uint8Array): void {
    this.lines.push(`GOAWAY last=${lastStreamId} code=${errorCodeName(errorCode)} debug=${hex(debugData)}`);
  }

  onWindowUpdate(streamId: number, increment: number): void {
    this.lines.push(`WINDOW_UPDATE stream=${streamId} increment=${increment}`);
  }

  onStreamError(error: Http2Error, fieldBlock: Uint8Array | undefined): void {
    const block = fieldBlock === undefined ? "" : ` block=${hex(fieldBlock)}`;
    this.lines.push(`stream error ${errorCodeName(error.code)} stream=${error.streamId}${block}: ${error.reason}`);
  }

  onUnknownFrame(type: number, flags: number, streamId: number, payload: Uint8Array): void {
    this.lines.push(`${frameTypeName(type)} flags=0x${flags.toString(16)} stream=${streamId} payload=${hex(payload)}`);
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

function describePriority(priority: Priority): string {
  return `dependency=${priority.dependency} weight=${priority.weight}${priority.exclusive ? " exclusive" : ""}`;
}
