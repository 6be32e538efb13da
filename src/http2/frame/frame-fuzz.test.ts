// Random and mutated byte streams through the frame parser, fed whole and in
// random splits. The only exception that may come out is Http2Error, every
// view handed out respects the limits, and how the bytes were split never
// changes what is parsed. Seeded, so a failure replays.
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { FrameLog } from "./frame-log.js";
import { FrameParser, type FrameParserOptions } from "./frame-parser.js";
import { OutputBuffer } from "./output-buffer.js";
import {
  writeFrame,
  writeGoaway,
  writePing,
  writePriority,
  writeRstStream,
  writeSettings,
  writeSettingsAck,
  writeWindowUpdate,
} from "./write-control-frames.js";
import { writeData, writeHeaders, writePushPromise } from "./write-stream-frames.js";

/** xorshift32: small, fast and repeatable. */
function rng(seed: number): (bound: number) => number {
  let s = seed >>> 0 || 1;
  return (bound) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % bound;
  };
}

type Random = ReturnType<typeof rng>;

const bytesOf = (random: Random, length: number): Uint8Array => Uint8Array.from({ length }, () => random(256));

/** A few valid frames of random types, with small payloads so that the peer's 16 KiB frame size still splits blocks when asked. */
function validFrames(random: Random): Uint8Array {
  const out = new OutputBuffer();
  const count = 1 + random(6);
  for (let i = 0; i < count; i++) {
    const stream = 1 + random(5);
    const pad = random(3) === 0 ? random(8) : undefined;
    switch (random(12)) {
      case 0:
        writeData(out, stream, bytesOf(random, random(40)), random(2) === 0, 16_384, pad);
        break;
      case 1:
        writeHeaders(out, stream, bytesOf(random, random(40)), random(2) === 0, 16_384, {
          ...(pad === undefined ? {} : { padLength: pad }),
          ...(random(3) === 0 ? { priority: { exclusive: random(2) === 0, dependency: stream + 1, weight: 1 + random(256) } } : {}),
        });
        break;
      case 2: {
        // A field block cut into HEADERS + CONTINUATION frames by hand (the writers only cut at 16 KiB).
        const block = bytesOf(random, 3 + random(30));
        const cut = 1 + random(block.length - 1);
        writeFrame(out, 0x1, 0, stream, block.subarray(0, cut));
        writeFrame(out, 0x9, 0x4, stream, block.subarray(cut));
        break;
      }
      case 3:
        writePriority(out, stream, { exclusive: random(2) === 0, dependency: stream + 1 + random(3), weight: 1 + random(256) });
        break;
      case 4:
        writeRstStream(out, stream, random(16));
        break;
      case 5:
        writeSettings(out, { headerTableSize: random(10_000), enablePush: random(2) === 0, initialWindowSize: random(1 << 20), maxFrameSize: 16_384 + random(1000) });
        break;
      case 6:
        writeSettingsAck(out);
        break;
      case 7:
        writePushPromise(out, stream, 2 * (1 + random(10)), bytesOf(random, random(30)), 16_384, pad);
        break;
      case 8:
        writePing(out, bytesOf(random, 8), random(2) === 0);
        break;
      case 9:
        writeGoaway(out, random(100), random(14), bytesOf(random, random(10)));
        break;
      case 10:
        writeWindowUpdate(out, random(3), 1 + random(1 << 16));
        break;
      default:
        writeFrame(out, 10 + random(246), random(256), random(4), bytesOf(random, random(20)));
    }
  }
  return out.takeBuffer();
}

/** Changes a few bytes of a valid stream: overwrites, bit flips, cuts, insertions, repeats. */
function mutate(random: Random, input: Uint8Array): Uint8Array {
  let bytes = Array.from(input);
  const edits = 1 + random(4);
  for (let e = 0; e < edits && bytes.length > 0; e++) {
    const at = random(bytes.length);
    switch (random(5)) {
      case 0:
        bytes[at] = random(256);
        break;
      case 1:
        bytes[at] = bytes[at]! ^ (1 << random(8));
        break;
      case 2:
        bytes = bytes.slice(0, at).concat(bytes.slice(at + 1 + random(8)));
        break;
      case 3:
        bytes.splice(at, 0, ...bytesOf(random, 1 + random(9)));
        break;
      default:
        bytes.splice(at, 0, ...bytes.slice(at, at + 1 + random(20)));
    }
  }
  return Uint8Array.from(bytes);
}

/** Random bytes laid out as frame headers with small lengths, so that payloads actually get parsed. */
function randomFrames(random: Random): Uint8Array {
  const parts: number[] = [];
  const count = 1 + random(5);
  for (let i = 0; i < count; i++) {
    const length = random(3) === 0 ? random(1 << 24) : random(24);
    parts.push(length >>> 16, (length >>> 8) & 0xff, length & 0xff, random(12), random(256), 0, 0, 0, random(4));
    for (let j = 0; j < Math.min(length, 24); j++) parts.push(random(256));
  }
  return Uint8Array.from(parts);
}

const LIMITS: FrameParserOptions = { maxHeaderBlockSize: 48, maxContinuationFrames: 3 };

/** A FrameLog that also checks every view against the limits. */
class CheckingLog extends FrameLog {
  override onData(streamId: number, payload: Uint8Array, endStream: boolean, flow: number): void {
    if (payload.length > flow || flow > 16_384) throw new Error(`DATA view of ${payload.length} bytes for a frame of ${flow}`);
    super.onData(streamId, payload, endStream, flow);
  }
  override onHeaders(streamId: number, block: Uint8Array, endStream: boolean, priority: Parameters<FrameLog["onHeaders"]>[3]): void {
    if (block.length > 48) throw new Error(`field block of ${block.length} bytes got past the limit`);
    super.onHeaders(streamId, block, endStream, priority);
  }
}

/** Parses `input` fed in the given chunks; returns the log lines and the error message, if any. */
function run(input: Uint8Array, chunkSizes: Random | undefined): string[] {
  const log = new CheckingLog();
  const parser = new FrameParser(log, LIMITS);
  try {
    if (chunkSizes === undefined) {
      parser.feed(input);
    } else {
      for (let at = 0; at < input.length; ) {
        const size = 1 + chunkSizes(32);
        parser.feed(input.slice(at, at + size));
        at += size;
      }
    }
  } catch (e) {
    if (!(e instanceof Http2Error)) throw e;
    if (!Object.values(ErrorCode).includes(e.code as never)) throw new Error(`unknown code in ${e.message}`);
    log.lines.push(`error ${e.message}`);
  }
  return log.lines;
}

describe("frame parser fuzz", () => {
  it("survives 100,000 random and mutated inputs, the same however they are split", { timeout: 30_000 }, () => {
    const random = rng(0x5eed);
    const kinds = { valid: 0, mutated: 0, random: 0, errors: 0 };
    for (let i = 0; i < 100_000; i++) {
      const kind = i % 3;
      let input: Uint8Array;
      if (kind === 0) {
        input = validFrames(random);
        kinds.valid++;
      } else if (kind === 1) {
        input = mutate(random, validFrames(random));
        kinds.mutated++;
      } else {
        input = randomFrames(random);
        kinds.random++;
      }
      const whole = run(input, undefined);
      if (whole.at(-1)?.startsWith("error ")) kinds.errors++;
      // Splits are costlier; check them on every 5th input.
      if (i % 5 === 0) {
        const split = run(input, rng(i + 1));
        if (split.join("\n") !== whole.join("\n")) {
          expect({ input: Buffer.from(input).toString("hex"), split }).toEqual({ input: Buffer.from(input).toString("hex"), split: whole });
        }
      }
      if (kind === 0 && whole.some((line) => line.startsWith("error "))) {
        // Valid frames only fail on purpose-made limits: a self-dependency is impossible here (dependency = stream + 1).
        expect(whole.at(-1)).toMatch(/ENHANCE_YOUR_CALM|CONTINUATION frame .*inside|frame inside the field block/);
      }
    }
    // The generators reach both outcomes plenty of times.
    expect(kinds.errors).toBeGreaterThan(20_000);
    expect(kinds.valid + kinds.mutated + kinds.random - kinds.errors).toBeGreaterThan(30_000);
  });
});
