/**
 * Runs tasks one after another per key, in the order they were queued (first in, first out), and
 * tasks of different keys side by side. The events service queues registrations per event before
 * they take a database connection: a rush on one popular event waits here, in arrival order, instead
 * of filling the connection pool with transactions that would only wait for the event's row lock.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with queued or running tasks. */
  get busyKeys(): number {
    return this.tails.size;
  }
}
