/** Renderer entry: one client (Electron IPC or the serve WebSocket), then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { connect } from './api/client.ts';
import { boot } from './boot.ts';

const client = connect();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void boot(client);
