import { useId } from 'react';
import type { ReasoningStrategy } from '../api/operations.js';

const STRATEGIES: { value: ReasoningStrategy | ''; label: string }[] = [
  { value: '', label: 'default (the gateway chooses)' },
  { value: 'LABELS', label: 'labels: cluster the labels and read the tree' },
  { value: 'GEOMETRIC', label: 'geometric: distances in class space' },
  { value: 'COMBINED', label: 'combined: labels and distances' },
];

export function StrategySelect({
  value,
  onChange,
}: {
  value: ReasoningStrategy | '';
  onChange: (next: ReasoningStrategy | '') => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Strategy</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as ReasoningStrategy | '')}>
        {STRATEGIES.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  );
}
