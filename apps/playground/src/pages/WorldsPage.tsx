import { useEffect, useId, useRef, useState } from 'react';
import { graphqlRequest } from '../api/graphql-client.js';
import {
  CREATE_WORLD,
  DELETE_WORLD,
  WORLDS,
  type CreateWorldData,
  type DeleteWorldData,
  type Job,
  type World,
  type WorldsData,
} from '../api/operations.js';
import { pollJob } from '../api/poll-job.js';
import { useAction, useQuery } from '../api/use-operation.js';
import { ImagePicker } from '../components/ImagePicker.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { ErrorAlert, Loading } from '../components/Status.js';
import { percent } from '../logic/format.js';
import type { PickedImage } from '../logic/picked-image.js';
import { useSettings } from '../state/settings.js';

const MAX_EXAMPLES = 60;

/** Page 6: the worlds on the gateway; make a new one from labelled images and use it on the other pages. */
export function WorldsPage() {
  const worlds = useQuery((signal) => graphqlRequest<WorldsData>(WORLDS, {}, { signal }), []);
  return (
    <div className="page">
      <h1>Worlds</h1>
      <p className="lead">
        A world is ClusterFlow&apos;s knowledge: a tree of clusters over the activations of labelled example
        images. The other pages use the world chosen here.
      </p>
      <section aria-labelledby="worlds-heading">
        <h2 id="worlds-heading">On the gateway</h2>
        {worlds.status === 'loading' && <Loading label="Loading worlds…" />}
        {worlds.status === 'error' && (
          <ErrorAlert error={worlds.error} title="Could not list the worlds" onRetry={worlds.reload} />
        )}
        {worlds.status === 'success' && <WorldList worlds={worlds.data.worlds} onChange={worlds.reload} />}
      </section>
      <CreateWorld onCreated={worlds.reload} />
    </div>
  );
}

function WorldList({ worlds, onChange }: { worlds: World[]; onChange: () => void }) {
  const { world: current, setWorld, apiKey } = useSettings();
  const remove = useAction((name: string) =>
    graphqlRequest<DeleteWorldData>(DELETE_WORLD, { world: name }, { apiKey }),
  );
  if (worlds.length === 0) return <p className="hint">No worlds yet: create one below.</p>;
  return (
    <>
      {remove.state.status === 'error' && <ErrorAlert error={remove.state.error} title="Could not delete" />}
      <ul className="world-list">
        {worlds.map((w) => {
          const chosen = w.id === current || w.name === current;
          return (
            <li
              key={w.id}
              className={chosen ? 'world chosen' : 'world'}
              data-testid="world"
              data-world={w.name}
            >
              <div>
                <h3>
                  {w.name} {chosen && <span className="badge">in use</span>}
                </h3>
                <p>
                  <span data-testid="world-status">{w.status.toLowerCase()}</span> · {w.exampleCount} images ·{' '}
                  {w.labels.map((l) => `${l.label} (${l.count})`).join(', ')}
                </p>
                {w.tree !== null ? (
                  <p className="hint">
                    tree: {w.tree.nodeCount} clusters, {w.tree.leafCount} leaves ({w.tree.pureLeafCount}{' '}
                    pure), depth {w.tree.depth}, {w.tree.dimensions} dimensions; boundary threshold{' '}
                    {w.tree.threshold.toFixed(1)} (accepts {percent(w.tree.acceptance, 0)} of held-out
                    examples), held-out guess accuracy {percent(w.tree.guessAccuracy, 0)}
                  </p>
                ) : (
                  w.treeNote !== null && <p className="hint">{w.treeNote}</p>
                )}
              </div>
              <div className="actions">
                <button
                  type="button"
                  onClick={() => setWorld(w.name)}
                  disabled={chosen || w.status !== 'READY'}
                >
                  Use {w.name}
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Delete the world “${w.name}” and its examples?`)) {
                      void remove.run(w.name).then((done) => {
                        if (done !== undefined) {
                          if (chosen) setWorld('');
                          onChange();
                        }
                      });
                    }
                  }}
                >
                  Delete {w.name}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

interface Draft {
  image: PickedImage;
  label: string;
}

function CreateWorld({ onCreated }: { onCreated: () => void }) {
  const { apiKey, setWorld } = useSettings();
  const nameId = useId();
  const [name, setName] = useState('');
  const [selection, setSelection] = useState<PickedImage[]>([]);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [job, setJob] = useState<Job | undefined>();
  const aborter = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => aborter.current?.abort(), []);
  const drafts: Draft[] = selection.map((image) => ({
    image,
    label: labels[image.key] ?? image.label ?? '',
  }));
  const missing = drafts.filter((d) => d.label.trim() === '').length;

  const create = useAction(async (worldName: string, examples: Draft[]) => {
    setJob(undefined);
    const { createWorld } = await graphqlRequest<CreateWorldData>(
      CREATE_WORLD,
      { name: worldName, examples: examples.map((d) => ({ image: d.image.input, label: d.label.trim() })) },
      { apiKey },
    );
    setJob(createWorld.job);
    aborter.current?.abort();
    aborter.current = new AbortController();
    const last = await pollJob(createWorld.job.id, setJob, { signal: aborter.current.signal });
    if (last.status === 'FAILED') {
      throw new Error(`Building “${worldName}” failed: ${last.errorMessage ?? last.message}`);
    }
    setWorld(createWorld.world.name);
    onCreated();
    return createWorld.world;
  });

  return (
    <section aria-labelledby="create-heading" className="create-world">
      <h2 id="create-heading">Create a world</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create.run(name.trim(), drafts);
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            required
          />
        </div>
        <ImagePicker
          selection={selection}
          onChange={setSelection}
          min={1}
          max={MAX_EXAMPLES}
          title="Labelled example images"
        />
        {drafts.length > 0 && (
          <table className="labels-table">
            <caption>Labels (samples come labelled; type one for each upload)</caption>
            <thead>
              <tr>
                <th scope="col">Image</th>
                <th scope="col">Label</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <tr key={d.image.key}>
                  <td>
                    <img src={d.image.src} alt={d.image.name} width={40} height={40} /> {d.image.name}
                  </td>
                  <td>
                    <input
                      aria-label={`Label for ${d.image.name}`}
                      value={d.label}
                      maxLength={100}
                      onChange={(e) => setLabels({ ...labels, [d.image.key]: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="controls">
          <button
            type="submit"
            className="primary"
            disabled={
              name.trim() === '' || drafts.length === 0 || missing > 0 || create.state.status === 'loading'
            }
          >
            Create world
          </button>
          {missing > 0 && <span className="hint">{missing} image(s) still need a label.</span>}
          {apiKey.trim() === '' && (
            <span className="hint">Creating a world needs the API key (top right).</span>
          )}
        </div>
      </form>
      <div aria-live="polite">
        {job !== undefined && (
          <div data-testid="job-progress">
            <ProgressBar value={job.progress} label={`Building (${job.status.toLowerCase()})`} />
            <p className="hint">
              {job.done} / {job.total} · {job.message}
            </p>
          </div>
        )}
        {create.state.status === 'error' && (
          <ErrorAlert error={create.state.error} title="Could not create the world" />
        )}
        {create.state.status === 'success' && (
          <p role="status" className="success" data-testid="world-created">
            World “{create.state.data.name}” is ready and now in use on the other pages.
          </p>
        )}
      </div>
    </section>
  );
}
