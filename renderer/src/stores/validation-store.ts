/** The latest `workflow.validate` result, indexed by node so each node can show its own errors. */
import { create } from 'zustand';
import type { ValidationIssueDto, ValidationResultDto } from '../../../shared/contract.ts';

export interface ValidationState {
  ok: boolean;
  errors: ValidationIssueDto[];
  warnings: ValidationIssueDto[];
  /** Errors by the node they concern (warnings stay in `warnings`). */
  byNode: Record<string, ValidationIssueDto[]>;
  setResult: (r: ValidationResultDto) => void;
}

export const useValidation = create<ValidationState>()((set) => ({
  ok: true,
  errors: [],
  warnings: [],
  byNode: {},
  setResult: (r) => {
    const byNode: Record<string, ValidationIssueDto[]> = {};
    for (const issue of r.errors) {
      for (const id of new Set(issue.nodeIds)) (byNode[id] ??= []).push(issue);
    }
    set({ ok: r.ok, errors: r.errors, warnings: r.warnings, byNode });
  },
}));

const none: ValidationIssueDto[] = [];
export const selectNodeIssues = (id: string) => (s: ValidationState) => s.byNode[id] ?? none;
