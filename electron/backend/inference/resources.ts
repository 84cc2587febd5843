/**
 * What the session pool needs from the engine's ResourceManager (`engine/resources.ts`): acquire
 * named amounts (`cpu`, `gpu`, `memoryMb`) and get a lease back. Structural, so the engine's manager
 * plugs in directly; `UnlimitedResources` stands in where no manager is wired (the CLI, tests).
 */
export interface ResourceLease {
  release(): void;
}

export interface ResourceAcquirer {
  acquire(needs: Record<string, number>, opts?: { priority?: number; signal?: AbortSignal; owner?: string }): Promise<ResourceLease>;
}

export class UnlimitedResources implements ResourceAcquirer {
  async acquire(_needs: Record<string, number>, opts: { signal?: AbortSignal } = {}): Promise<ResourceLease> {
    opts.signal?.throwIfAborted();
    return { release() {} };
  }
}
