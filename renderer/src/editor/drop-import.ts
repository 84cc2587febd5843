/**
 * Dropping audio files on the canvas: each file is uploaded into the asset store (`assets.import`)
 * and becomes an `audio.load` node at the drop point. A WAV/FLAC carrying an embedded workflow
 * offers to open it.
 */
import type { XYPosition } from '@xyflow/react';
import { api, errorText } from '../api/backend.ts';
import { useAssets } from '../stores/assets-store.ts';
import { useGraph } from '../stores/graph-store.ts';
import { titleOfType, useNodeTypes } from '../stores/node-types-store.ts';
import { useUi } from '../stores/ui-store.ts';

export const AUDIO_LOAD_TYPE = 'audio.load';
const AUDIO_EXT = /\.(wav|wave|flac|mp3|ogg|oga|opus|aif|aiff|m4a)$/i;

export function isAudioFile(f: { name: string; type: string }): boolean {
  return f.type.startsWith('audio/') || AUDIO_EXT.test(f.name);
}

export async function importAudioFiles(files: readonly File[], at: XYPosition): Promise<string[]> {
  const ui = useUi.getState();
  const audio = files.filter(isAudioFile);
  if (audio.length === 0) {
    if (files.length > 0) ui.toast('error', `Not audio: ${files.map((f) => f.name).join(', ')}`);
    return [];
  }
  if (!useNodeTypes.getState().byType.has(AUDIO_LOAD_TYPE)) {
    ui.toast('error', `This back end has no ${AUDIO_LOAD_TYPE} node type.`);
    return [];
  }
  const created: string[] = [];
  for (const [i, file] of audio.entries()) {
    try {
      ui.setStatus(`Importing ${file.name}…`);
      const data = new Uint8Array(await file.arrayBuffer());
      const asset = await api().call('assets.import', file.type ? { name: file.name, data, mime: file.type } : { name: file.name, data });
      useAssets.getState().add([asset]);
      const pos = { x: at.x, y: at.y + i * 130 };
      created.push(useGraph.getState().addNode(AUDIO_LOAD_TYPE, file.name.replace(/\.[^.]+$/, '') || titleOfType(AUDIO_LOAD_TYPE), pos, { path: asset.path }));
      ui.toast('success', `Imported ${file.name}`);
      if (asset.embeddedWorkflow) ui.openDialog({ kind: 'embedded-workflow', fileName: file.name, workflow: asset.embeddedWorkflow });
    } catch (err) {
      ui.toast('error', `Import of ${file.name} failed: ${errorText(err)}`);
    }
  }
  return created;
}
