/** The app's user commands. Toolbar buttons, menus and shortcuts all perform these by name. */
import { api } from '../api/backend.ts';
import { downloadJson, pickJsonFile, safeFileName } from '../editor/file-io.ts';
import { currentWorkflow, openWorkflow, saveToBackend } from '../editor/session.ts';
import { isRunning, runToSelected, startRun, stopRun } from '../monitor/run-controller.ts';
import { useGraph } from '../stores/graph-store.ts';
import { useUi } from '../stores/ui-store.ts';
import { selectedAudio } from '../waveform/selected-audio.ts';
import { togglePlayback } from '../waveform/playback.ts';
import type { Action } from './registry.ts';
import { registerActions } from './registry.ts';

const g = () => useGraph.getState();
const toast = (text: string) => useUi.getState().setStatus(text);

export const editorActions: Action[] = [
  { name: 'undo', label: 'Undo', keys: ['Mod+Z'], enabled: () => g().past.length > 0, perform: () => g().undo() && toast('Undone') },
  { name: 'redo', label: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'], enabled: () => g().future.length > 0, perform: () => g().redo() && toast('Redone') },
  {
    name: 'delete',
    label: 'Delete',
    keys: ['Delete', 'Backspace'],
    enabled: () => g().nodes.some((n) => n.selected) || g().edges.some((e) => e.selected),
    perform: () => {
      const n = g().deleteSelected();
      if (n > 0) toast(`Deleted ${n} item${n === 1 ? '' : 's'}`);
    },
  },
  { name: 'copy', label: 'Copy', keys: ['Mod+C'], perform: () => toast(`Copied ${g().copySelected()} node(s)`) },
  { name: 'paste', label: 'Paste', keys: ['Mod+V'], perform: () => toast(`Pasted ${g().paste()} node(s)`) },
  { name: 'selectAll', label: 'Select all', keys: ['Mod+A'], perform: () => g().selectAll() },
  {
    name: 'save',
    label: 'Save',
    keys: ['Mod+S'],
    perform: async () => {
      const wf = currentWorkflow();
      const info = await saveToBackend();
      downloadJson(`${safeFileName(wf.name)}.grym.json`, wf);
      if (info) useUi.getState().toast('success', `Saved “${info.name}”`);
    },
  },
  {
    name: 'open',
    label: 'Open',
    keys: ['Mod+O'],
    perform: async () => {
      try {
        const raw = await pickJsonFile();
        if (raw !== null && openWorkflow(raw)) useUi.getState().toast('success', `Opened “${g().name}”`);
      } catch (err) {
        useUi.getState().toast('error', `Cannot open: ${(err as Error).message}`);
      }
    },
  },
  { name: 'run', label: 'Run', keys: ['Mod+Enter'], enabled: () => !isRunning() && g().nodes.length > 0, perform: () => startRun() },
  { name: 'runToSelected', label: 'Run to selected', keys: ['Mod+Shift+Enter'], enabled: () => !isRunning() && g().nodes.some((n) => n.selected), perform: () => runToSelected() },
  { name: 'stop', label: 'Stop', keys: ['Escape'], enabled: () => isRunning(), perform: () => stopRun() },
  {
    name: 'export',
    label: 'Export',
    keys: ['Mod+E'],
    enabled: () => selectedAudio()?.hash != null,
    perform: () => {
      const a = selectedAudio();
      if (a?.hash) useUi.getState().openDialog({ kind: 'export', nodeId: a.nodeId });
    },
  },
  { name: 'playPause', label: 'Play/Pause', keys: ['Space'], perform: () => togglePlayback() },
];

registerActions(editorActions);

/** Used by the recent-workflows menu. */
export async function openSaved(id: string): Promise<void> {
  try {
    const saved = await api().call('workflows.load', { id });
    if (openWorkflow(saved.workflow, saved.id)) useUi.getState().toast('success', `Opened “${saved.name}”`);
  } catch (err) {
    useUi.getState().toast('error', `Cannot open: ${(err as Error).message}`);
  }
}
