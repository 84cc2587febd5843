/** One benchmark figure. Speed is reported as a ratio against a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** A baseline measured in the same run, and value/baseline. */
  baseline?: { name: string; value: number; unit: string };
  ratio?: number;
  /** The goal, as text ("≤ 5 µs/node"), and whether it was met. */
  goal?: string;
  met?: boolean;
  notes?: string;
}

export type BenchModule = { bench: () => Promise<BenchResult[]> };
