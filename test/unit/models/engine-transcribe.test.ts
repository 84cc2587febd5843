/** basic-pitch through the real engine: audio.load → model.transcribe → midi.export, sharing the engine's slots. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/backend/engine/engine.ts';
import { disposeModelRuntimes, getModelRuntime } from '../../../electron/backend/inference/model-runtime.ts';
import type { Note } from '../../../shared/analysis.ts';
import { evalDir, nmpPath, tempDataDir } from './helpers/fixtures.ts';

let data: ReturnType<typeof tempDataDir>;
beforeAll(() => (data = tempDataDir()));
afterAll(async () => {
  await disposeModelRuntimes();
  data.cleanup();
});

describe('model.transcribe in a workflow run', () => {
  it('transcribes a melody to notes and MIDI, taking its inference slots from the engine', async () => {
    const engine = Engine.open({ dataDir: data.dir, faults: '', resources: { cpu: 2, gpu: 0 } });
    try {
      await getModelRuntime(data.dir).install('basic-pitch', { source: nmpPath });
      const midi = join(data.dir, 'exports', 'melody.mid');
      const wf = {
        version: 1,
        name: 'transcribe',
        nodes: [
          { id: 'load', type: 'audio.load', params: { path: join(evalDir, 'clips/05_melody_100bpm_Cs.flac') } },
          { id: 'bp', type: 'model.transcribe' },
          { id: 'mid', type: 'midi.export', params: { path: midi } },
        ],
        edges: [
          { from: 'load', fromPort: 'audio', to: 'bp', toPort: 'audio' },
          { from: 'bp', fromPort: 'notes', to: 'mid', toPort: 'notes' },
        ],
      };
      const grantsBefore = engine.resources.stats().grants;
      const s = await engine.start(wf).done;
      expect(s.status).toBe('succeeded');
      // audio.load and midi.export take one cpu slot each from the scheduler; model.transcribe asks for
      // none there, so any further grants were the session pool's, from the engine's own manager.
      expect(engine.resources.stats().grants - grantsBefore).toBeGreaterThanOrEqual(3);
      const notes = engine.artifacts.getJson<Note[]>(engine.getRun(s.runId)!.nodes.bp!.outputs!.notes!);
      expect(notes.length).toBeGreaterThan(5);
      expect(existsSync(midi)).toBe(true);
    } finally {
      engine.close();
    }
  }, 60_000);
});
