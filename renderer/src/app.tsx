/** The workstation layout: toolbar; palette | canvas | inspector; waveform and run monitor below. */
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './editor/canvas.tsx';
import { Palette } from './editor/palette.tsx';
import { InspectorPanel } from './inspector/inspector-panel.tsx';
import { ModelsPanel } from './models/models-panel.tsx';
import { MonitorPanel } from './monitor/monitor-panel.tsx';
import { Dialogs, StatusBar, Toasts } from './ui/dialogs.tsx';
import { ErrorBoundary } from './ui/error-boundary.tsx';
import { Toolbar } from './ui/toolbar.tsx';
import { WaveformPanel } from './waveform/waveform-panel.tsx';

export function App() {
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <main className="workspace">
          <ErrorBoundary name="Palette">
            <Palette />
          </ErrorBoundary>
          <ErrorBoundary name="Editor">
            <Canvas />
          </ErrorBoundary>
          <ErrorBoundary name="Inspector">
            <InspectorPanel />
          </ErrorBoundary>
        </main>
        <div className="dock">
          <ErrorBoundary name="Waveform">
            <WaveformPanel />
          </ErrorBoundary>
          <ErrorBoundary name="Monitor">
            <MonitorPanel />
          </ErrorBoundary>
        </div>
        <StatusBar />
        <ErrorBoundary name="Dialog">
            <Dialogs />
          </ErrorBoundary>
        <Toasts />
        <ErrorBoundary name="Models"><ModelsPanel /></ErrorBoundary>
      </div>
    </ReactFlowProvider>
  );
}
