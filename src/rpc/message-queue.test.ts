import { describe, expect, it } from "vitest";
import { MessageQueue, type QueueSource } from "./message-queue.js";

function source(overrides: Partial<QueueSource<string>> = {}) {
  const events: string[] = [];
  const src: QueueSource<string> = {
    read: (bytes) => Buffer.from(bytes).toString(),
    pause: () => events.push("pause"),
    resume: () => events.push("resume"),
    cancel: () => events.push("cancel"),
    failed: (e) => events.push(`failed ${String(e)}`),
    ...overrides,
  };
  return { src, events };
}

const b = (s: string): Uint8Array => Buffer.from(s);

describe("MessageQueue", () => {
  it("delivers pushed messages in order, then ends", async () => {
    const { src } = source();
    const q = new MessageQueue(src);
    q.push(b("a"), false);
    q.push(b("b"), false);
    q.end();
    const out: string[] = [];
    for await (const m of q) out.push(m);
    expect(out).toEqual(["a", "b"]);
  });

  it("wakes a waiting consumer", async () => {
    const q = new MessageQueue(source().src);
    const next = q.next();
    q.push(b("x"), false);
    expect(await next).toEqual({ done: false, value: "x" });
  });

  it("keeps order while an asynchronous read is pending", async () => {
    let release!: () => void;
    const { src } = source({
      read: (bytes, compressed) =>
        compressed
          ? new Promise<string>((resolve) => (release = () => resolve(Buffer.from(bytes).toString().toUpperCase())))
          : Buffer.from(bytes).toString(),
    });
    const q = new MessageQueue(src);
    const first = q.next();
    q.push(b("slow"), true);
    q.push(b("fast"), false);
    q.end();
    release();
    expect(await first).toEqual({ done: false, value: "SLOW" });
    expect(await q.next()).toEqual({ done: false, value: "fast" });
    expect(await q.next()).toEqual({ done: true, value: undefined });
  });

  it("pauses the source past the high-water mark and resumes when drained", async () => {
    const { src, events } = source();
    const q = new MessageQueue(src, 4);
    for (let i = 0; i < 6; i++) q.push(b(String(i)), false);
    expect(events).toEqual(["pause"]);
    for (let i = 0; i < 4; i++) await q.next();
    expect(events).toEqual(["pause", "resume"]);
  });

  it("delivers buffered messages before a failure", async () => {
    const q = new MessageQueue(source().src);
    q.push(b("a"), false);
    q.fail(new Error("boom"));
    expect(await q.next()).toEqual({ done: false, value: "a" });
    await expect(q.next()).rejects.toThrow("boom");
  });

  it("a failing read fails the call and the iterator", async () => {
    const { src, events } = source({
      read: () => {
        throw new Error("bad bytes");
      },
    });
    const q = new MessageQueue(src);
    q.push(b("a"), false);
    await expect(q.next()).rejects.toThrow("bad bytes");
    expect(events).toEqual(["failed Error: bad bytes"]);
  });

  it("return() before the end cancels the source, once", async () => {
    const { src, events } = source();
    const q = new MessageQueue(src);
    q.push(b("a"), false);
    for await (const _ of q) break;
    await q.return();
    expect(events).toEqual(["cancel"]);
  });

  it("return() after the end does not cancel", async () => {
    const { src, events } = source();
    const q = new MessageQueue(src);
    q.end();
    for await (const _ of q) void _;
    await q.return();
    expect(events).toEqual([]);
  });

  it("refuses overlapping next() calls", async () => {
    const q = new MessageQueue(source().src);
    void q.next();
    await expect(q.next()).rejects.toThrow(/again/);
  });
});
