// A service name with its colour swatch.
import { serviceColor } from '../colors.js';

export function ServiceChip({ name, count }: { name: string; count?: number }) {
  return (
    <span class="chip">
      <span class="swatch" style={{ background: serviceColor(name) }} />
      {name}
      {count !== undefined && <span class="muted"> ({count})</span>}
    </span>
  );
}
