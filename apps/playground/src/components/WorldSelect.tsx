import { useId } from 'react';
import { graphqlRequest } from '../api/graphql-client.js';
import { WORLDS, type World, type WorldsData } from '../api/operations.js';
import { useQuery, type AsyncState } from '../api/use-operation.js';
import { useSettings } from '../state/settings.js';
import { ErrorAlert } from './Status.js';

/** The worlds on the gateway and which READY one the shared setting points at (undefined: none usable). */
export interface WorldChoice {
  worlds: AsyncState<WorldsData> & { reload: () => void };
  ready: World[];
  current: World | undefined;
  choose: (name: string) => void;
}

/** Lists the worlds and resolves the shared choice against them, so a page never sends a world that isn't READY. */
export function useWorldChoice(): WorldChoice {
  const { world, setWorld } = useSettings();
  const worlds = useQuery((signal) => graphqlRequest<WorldsData>(WORLDS, {}, { signal }), []);
  const ready = worlds.status === 'success' ? worlds.data.worlds.filter((w) => w.status === 'READY') : [];
  const current = ready.find((w) => w.id === world || w.name === world);
  return { worlds, ready, current, choose: setWorld };
}

/** Picks the shared current world among the READY ones (optional: an empty choice means "no world"). */
export function WorldSelect({
  choice,
  optional = false,
  label = 'World',
}: {
  choice: WorldChoice;
  optional?: boolean;
  label?: string;
}) {
  const id = useId();
  const { worlds, ready, current, choose } = choice;
  return (
    <div className="field world-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={current?.name ?? ''}
        onChange={(e) => choose(e.target.value)}
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
      {worlds.status === 'success' && ready.length === 0 && (
        <span className="hint">no world is ready yet (see the Worlds page)</span>
      )}
      {worlds.status === 'error' && (
        <ErrorAlert error={worlds.error} title="Could not list the worlds" onRetry={worlds.reload} />
      )}
    </div>
  );
}
