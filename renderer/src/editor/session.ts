/**
 * Keeps the editor in step with the outside world: autosave to localStorage, debounced validation by
 * the back end, and the saved-workflow identity used by Save and the recent list.
 */
import { create } from 'zustand';
import type { SavedWorkflowInfo } from '../../../shared/contract.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import { parseWorkflow } from '../../../shared/workflow/schema.ts';
import { api, errorText, hasApi } from '../api/backend.ts';
import { useGraph } from '../stores/graph-store.ts';
import { titleOfType } from '../stores/node-types-store.ts';
import { useUi } from '../stores/ui-store.ts';
import { useValidation } from '../stores/validation-store.ts';
import { graphToWorkflow, workflowToGraph } from './workflow-convert.ts';

export const AUTOSAVE_KEY = 'grym.autosave.v1';

interface SessionState {
  savedId: string | null;
  recent: SavedWorkflowInfo[];
  setSavedId: (id: string | null) => void;
  setRecent: (r: SavedWorkflowInfo[]) => void;
}
export const useSession = create<SessionState>()((set) => ({
  savedId: null,
  recent: [],
  setSavedId: (savedId) => set({ savedId }),
  setRecent: (recent) => set({ recent }),
}));

export function currentWorkflow(): Workflow {
  const g = useGraph.getState();
  return graphToWorkflow(g.name, g);
}

export function openWorkflow(raw: unknown, savedId: string | null = null): boolean {
  const parsed = parseWorkflow(raw);
  if (!parsed.ok) {
    useUi.getState().toast('error', `Cannot open: ${parsed.code}: ${parsed.issues[0]?.message ?? 'invalid workflow'}`);
    return false;
  }
  useGraph.getState().load(workflowToGraph(parsed.workflow, titleOfType), parsed.workflow.name);
  useSession.getState().setSavedId(savedId);
  return true;
}

export function restoreAutosave(): boolean {
  try {
    const text = localStorage.getItem(AUTOSAVE_KEY);
    if (!text) return false;
    const { workflow, savedId } = JSON.parse(text) as { workflow: unknown; savedId: string | null };
    const parsed = parseWorkflow(workflow);
    if (!parsed.ok) return false;
    useGraph.getState().load(workflowToGraph(parsed.workflow, titleOfType), parsed.workflow.name);
    useSession.getState().setSavedId(savedId ?? null);
    return true;
  } catch {
    return false;
  }
}

export async function refreshRecent(): Promise<void> {
  if (!hasApi()) return;
  try {
    useSession.getState().setRecent(await api().call('workflows.recent', { limit: 10 }));
  } catch {
    /* the recent list is a convenience */
  }
}

export async function saveToBackend(): Promise<SavedWorkflowInfo | null> {
  const wf = currentWorkflow();
  const { savedId } = useSession.getState();
  try {
    const info = await api().call('workflows.save', savedId ? { id: savedId, name: wf.name, workflow: wf } : { name: wf.name, workflow: wf });
    useSession.getState().setSavedId(info.id);
    void refreshRecent();
    return info;
  } catch (err) {
    useUi.getState().toast('error', `Save failed: ${errorText(err)}`);
    return null;
  }
}

/** Starts autosave and validation; returns a function that stops both. */
export function startSession(validateDelayMs = 250, autosaveDelayMs = 300): () => void {
  let validateTimer: ReturnType<typeof setTimeout> | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let validateSeq = 0;
  const validate = async () => {
    if (!hasApi()) return;
    const mine = ++validateSeq;
    try {
      const result = await api().call('workflow.validate', { workflow: currentWorkflow() });
      if (mine === validateSeq) useValidation.getState().setResult(result);
    } catch (err) {
      useUi.getState().setStatus(`Validation unavailable: ${errorText(err)}`);
    }
  };
  const autosave = () => {
    try {
      localStorage.setItem(AUTOSAVE_KEY, JSON.stringify({ workflow: currentWorkflow(), savedId: useSession.getState().savedId, at: Date.now() }));
    } catch {
      /* storage full or disabled: autosave is best effort */
    }
  };
  const unsub = useGraph.subscribe((s, prev) => {
    if (s.revision === prev.revision) return;
    clearTimeout(validateTimer);
    clearTimeout(saveTimer);
    validateTimer = setTimeout(() => void validate(), validateDelayMs);
    saveTimer = setTimeout(autosave, autosaveDelayMs);
  });
  void validate();
  return () => {
    unsub();
    clearTimeout(validateTimer);
    clearTimeout(saveTimer);
  };
}
