/** What the context inspector shows: a run scope's entries (optionally one node's) and the cache metrics. */
import type { ContextEntryDto, ContextResponse } from '../../../shared/contract.ts';
import type { ContextEntryInfo, ContextManager } from '../engine/context.ts';

function belongsToNode(key: string, nodeId: string): boolean {
  return key.startsWith(`node:${nodeId}:`) || key === nodeId || key.startsWith(`${nodeId}:`) || key.startsWith(`${nodeId}.`) || key.startsWith(`${nodeId}/`);
}

const toDto = (e: ContextEntryInfo): ContextEntryDto => ({
  key: e.key,
  value: e.value,
  size: e.size,
  createdAt: e.createdAt,
  expiresAt: e.expiresAt,
  hits: e.hits,
  lastAccess: e.lastAccess,
  ...(e.inherited ? { inherited: true } : {}),
});

export function contextSnapshot(context: ContextManager, runId: string, nodeId?: string, outputCache?: ContextResponse['outputCache']): ContextResponse {
  const scopeName = `run:${runId}`;
  const scopes = context.listScopes().map((s) => s.name);
  // Never create a run's scope from here: the engine creates it, with its parent, when the run starts.
  const entries = scopes.includes(scopeName) ? context.scope(scopeName).entries({ includeInherited: true }).map(toDto) : [];
  return {
    scope: scopeName,
    entries: nodeId ? entries.filter((e) => belongsToNode(e.key, nodeId)) : entries,
    metrics: { ...context.metrics() },
    ...(outputCache ? { outputCache } : {}),
    scopes,
  };
}
