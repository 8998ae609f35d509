// The "last N" time-range picker of the service map and the service overview.
import { LOOKBACKS } from '../model/time-range.js';

export function RangeSelect({ value, onChange }: { value: string; onChange: (lookback: string) => void }) {
  return (
    <label>
      Range
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {LOOKBACKS.map((l) => (
          <option key={l.value} value={l.value}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
