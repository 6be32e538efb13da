import { describe, expect, it } from "vitest";
import { CallScheduler, SLICE_MS } from "./call-scheduler.js";

/** Keeps the CPU busy for `ms` (the event loop is blocked, as by a CPU-bound handler). */
function burn(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("CallScheduler", () => {
  it("starts calls from a setImmediate, in arrival order, not during schedule()", async () => {
    const scheduler = new CallScheduler();
    const started: number[] = [];
    for (let i = 0; i < 5; i++) expect(scheduler.schedule({ start: () => started.push(i) }, undefined)).toBe(true);
    expect(started).toEqual([]);
    expect(scheduler.size).toBe(5);
    await immediate();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(scheduler.size).toBe(0);
  });

  it("lets I/O and timers run between slices when handlers keep the CPU busy", async () => {
    const scheduler = new CallScheduler();
    const events: string[] = [];
    for (let i = 0; i < 3; i++) {
      scheduler.schedule(
        {
          start() {
            events.push(`call ${i}`);
            // Due before this call's slice is over.
            if (i === 0) setTimeout(() => events.push("timer"), 0);
            burn(SLICE_MS + 1);
          },
        },
        undefined,
      );
    }
    while (scheduler.size > 0) await immediate();
    // One call per slice, and the timer ran before the next one.
    expect(events).toEqual(["call 0", "timer", "call 1", "call 2"]);
  });

  it("a call that throws from start() does not stop the queue", async () => {
    const scheduler = new CallScheduler();
    const started: number[] = [];
    scheduler.schedule({ start: () => started.push(0) }, undefined);
    scheduler.schedule(
      {
        start() {
          throw new Error("boom");
        },
      },
      undefined,
    );
    scheduler.schedule({ start: () => started.push(2) }, undefined);
    await immediate();
    expect(started).toEqual([0, 2]);
  });

  it("while congested, refuses a call that could not finish before its deadline; never one without a deadline", async () => {
    const scheduler = new CallScheduler();
    const slow = { start: () => burn(5) };
    for (let i = 0; i < 20; i++) scheduler.schedule(slow, undefined);
    // Not congested yet: a tight deadline is queued (the start check will deal with it).
    expect(scheduler.schedule({ start() {} }, Date.now() + 1)).toBe(true);
    await immediate(); // one slice: one call, left over work
    await immediate(); // the next slice measures the cost per call
    expect(scheduler.backlogMs).toBeGreaterThan(20);
    expect(scheduler.schedule({ start() {} }, Date.now() + 10)).toBe(false);
    expect(scheduler.schedule({ start() {} }, Date.now() + 60_000)).toBe(true);
    expect(scheduler.schedule({ start() {} }, undefined)).toBe(true);
    while (scheduler.size > 0) await immediate();
    // Drained: no longer congested, nothing is refused.
    expect(scheduler.backlogMs).toBe(0);
    expect(scheduler.schedule({ start() {} }, Date.now() + 1)).toBe(true);
    await immediate();
  });
});
