/**
 * The ids of the most recently closed streams, so that frames arriving on
 * them can be told apart from frames on streams that never existed
 * (RFC 9113 §5.1: a peer may still send a few frames on a stream it does not
 * know is closed yet). Bounded: the oldest ids are forgotten first, and a
 * forgotten stream counts as never opened (§5.1 lets an endpoint limit how
 * long it keeps ignoring such frames).
 */
export class RecentIds {
  private readonly ids = new Set<number>();
  private readonly order: number[] = [];
  private head = 0;

  constructor(private readonly capacity = 1024) {}

  add(id: number): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.order.push(id);
    if (this.order.length - this.head > this.capacity) {
      this.ids.delete(this.order[this.head]!);
      this.head++;
      if (this.head > this.capacity) {
        this.order.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }
}
