/** One colour per port type, used by handles, edges and the legend. */
import type { PortType } from '../../../shared/ports.ts';

export const portColors: Record<PortType, string> = {
  any: '#9aa4b2',
  audio: '#38bdf8',
  analysis: '#f59e0b',
  notes: '#a78bfa',
  peaks: '#22d3ee',
  segments: '#f472b6',
  workflow: '#94a3b8',
  file: '#e2e8f0',
  json: '#84cc16',
  number: '#fb7185',
  string: '#fbbf24',
};

export const portColor = (t: string): string => portColors[t as PortType] ?? '#9aa4b2';
