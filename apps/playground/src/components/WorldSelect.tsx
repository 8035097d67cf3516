import { useId } from 'react';
import { graphqlRequest } from '../api/graphql-client.js';
import { WORLDS, type WorldsData } from '../api/operations.js';
import { useQuery } from '../api/use-operation.js';
import { useSettings } from '../state/settings.js';
import { ErrorAlert } from './Status.js';

/** Picks the shared current world among the READY ones (optional: an empty choice means "no world"). */
export function WorldSelect({ optional = false, label = 'World' }: { optional?: boolean; label?: string }) {
  const { world, setWorld } = useSettings();
  const id = useId();
  const worlds = useQuery((signal) => graphqlRequest<WorldsData>(WORLDS, {}, { signal }), []);
  const ready = worlds.status === 'success' ? worlds.data.worlds.filter((w) => w.status === 'READY') : [];
  const current = ready.find((w) => w.id === world || w.name === world);
  return (
    <div className="field world-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={current?.name ?? ''}
        onChange={(e) => setWorld(e.target.value)}
        disabled={worlds.status !== 'success'}
      >
        {(optional || current === undefined) && (
          <option value="">{optional ? 'none (CNN labels only)' : 'choose a world…'}</option>
        )}
        {ready.map((w) => (
          <option key={w.id} value={w.name}>
            {w.name} ({w.exampleCount} images, {w.labels.length} labels)
          </option>
        ))}
      </select>
      {worlds.status === 'loading' && <span className="hint">loading worlds…</span>}
      {worlds.status === 'error' && (
        <ErrorAlert error={worlds.error} title="Could not list the worlds" onRetry={worlds.reload} />
      )}
    </div>
  );
}
