/** Start-up: connect the client, load node types, restore the autosaved graph, start the session. */
import '@xyflow/react/dist/style.css';
import './styles.css';
import './actions/editor-actions.ts';
import { installShortcuts } from './actions/registry.ts';
import { errorText, setApi } from './api/backend.ts';
import type { Api } from './api/backend.ts';
import { refreshRecent, restoreAutosave, startSession } from './editor/session.ts';
import { connectRunEvents, refreshRuns } from './monitor/run-controller.ts';
import { useAssets } from './stores/assets-store.ts';
import { useNodeTypes } from './stores/node-types-store.ts';
import { useUi } from './stores/ui-store.ts';
import { installTestHooks } from './test-hooks.ts';

export async function boot(client: Api): Promise<void> {
  setApi(client);
  connectRunEvents(client);
  installShortcuts(window);
  installTestHooks();
  try {
    useNodeTypes.getState().setTypes(await client.call('nodeTypes.list'));
  } catch (err) {
    useUi.getState().toast('error', `Cannot reach the back end: ${errorText(err)}`);
  }
  if (restoreAutosave()) useUi.getState().setStatus('Restored the autosaved workflow');
  startSession();
  void client.call('assets.list').then((a) => useAssets.getState().add(a), () => undefined);
  void refreshRecent();
  void refreshRuns();
  document.body.dataset.ready = 'true';
}
