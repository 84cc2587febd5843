/** Transient UI state: toasts, the open dialog, the status line. */
import { create } from 'zustand';

export type ToastKind = 'info' | 'error' | 'success';
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  action?: { label: string; perform: () => void };
}

export type Dialog = { kind: 'export'; nodeId: string } | { kind: 'embedded-workflow'; fileName: string; workflow: unknown } | null;

export interface UiState {
  toasts: Toast[];
  dialog: Dialog;
  status: string;
  toast: (kind: ToastKind, text: string, action?: Toast['action']) => number;
  dismiss: (id: number) => void;
  openDialog: (d: Dialog) => void;
  setStatus: (text: string) => void;
}

let nextId = 1;
const TOAST_MS = 6000;

export const useUi = create<UiState>()((set, get) => ({
  toasts: [],
  dialog: null,
  status: 'Ready',
  toast: (kind, text, action) => {
    const id = nextId++;
    const t: Toast = action ? { id, kind, text, action } : { id, kind, text };
    set((s) => ({ toasts: [...s.toasts.slice(-4), t], status: text }));
    if (typeof window !== 'undefined') window.setTimeout(() => get().dismiss(id), action ? TOAST_MS * 2 : TOAST_MS);
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  openDialog: (dialog) => set({ dialog }),
  setStatus: (status) => set({ status }),
}));
