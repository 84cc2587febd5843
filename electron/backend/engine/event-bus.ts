/** A tiny typed event bus; `on` returns its unsubscribe function, and disposing twice is safe. */
export class EventBus<E> {
  private listeners: ((e: E) => void)[] = [];

  on(listener: (e: E) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  emit(e: E): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        // a listener's bug must never break a run
        console.error('grym: event listener threw', err);
      }
    }
  }

  clear(): void {
    this.listeners = [];
  }
}
