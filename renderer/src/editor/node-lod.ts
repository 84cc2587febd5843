/**
 * Level of detail for workflow nodes. Below `COMPACT_ZOOM` a node's port labels, type line and
 * progress text would be a few pixels tall, unreadable and costly to lay out and paint, so nodes
 * render a compact body instead (large title + status colour, handles kept so edges still attach).
 *
 * The selector lives at module scope and returns a boolean, so the 500 node components re-render
 * only when the zoom crosses the threshold, never on a plain pan or zoom step.
 */
import { useStore } from '@xyflow/react';
import type { ReactFlowState } from '@xyflow/react';

export const COMPACT_ZOOM = 0.45;

const selectCompact = (s: ReactFlowState): boolean => s.transform[2] < COMPACT_ZOOM;

/** True while the canvas is zoomed out far enough that nodes should render compactly. */
export function useCompactNodes(): boolean {
  return useStore(selectCompact);
}
