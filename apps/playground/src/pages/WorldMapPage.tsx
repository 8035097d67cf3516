import { useMemo, useState } from 'react';
import { graphqlRequest } from '../api/graphql-client.js';
import {
  PROJECTION,
  WORLD_CLUSTERS,
  type ProjectionData,
  type ProjectionMethod,
  type WorldClustersData,
} from '../api/operations.js';
import { useQuery } from '../api/use-operation.js';
import { ClusterTree } from '../components/ClusterTree.js';
import { ScatterMap } from '../components/ScatterMap.js';
import { ErrorAlert, Loading } from '../components/Status.js';
import { useWorldChoice, WorldSelect } from '../components/WorldSelect.js';
import { nestClusters } from '../logic/cluster-tree.js';
import { labelColors } from '../logic/label-colors.js';

/** Page 4: a world's images on a 2-D map, with its cluster tree beside it. */
export function WorldMapPage() {
  const choice = useWorldChoice();
  const world = choice.current?.name ?? '';
  const [method, setMethod] = useState<ProjectionMethod>('PCA');
  const [selectedCluster, setSelectedCluster] = useState<number | undefined>();
  const [selectedLabel, setSelectedLabel] = useState<string | undefined>();
  const projection = useQuery(
    (signal) => graphqlRequest<ProjectionData>(PROJECTION, { world, method, seed: 42 }, { signal }),
    [world, method],
    world !== '',
  );
  const clusters = useQuery(
    (signal) => graphqlRequest<WorldClustersData>(WORLD_CLUSTERS, { id: world }, { signal }),
    [world],
    world !== '',
  );
  const tree = useMemo(() => {
    if (clusters.status !== 'success') return undefined;
    try {
      return { ok: true as const, roots: nestClusters(clusters.data.world.clusters) };
    } catch (error) {
      return { ok: false as const, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }, [clusters]);
  const points = projection.status === 'success' ? projection.data.projection.points : [];
  const colors = useMemo(() => labelColors(points.map((p) => p.label)), [points]);
  const highlight = useMemo(() => {
    if (selectedCluster !== undefined && clusters.status === 'success') {
      const node = clusters.data.world.clusters.find((c) => c.id === selectedCluster);
      return node === undefined ? undefined : new Set(node.exampleIds);
    }
    if (selectedLabel !== undefined)
      return new Set(points.filter((p) => p.label === selectedLabel).map((p) => p.exampleId));
    return undefined;
  }, [selectedCluster, selectedLabel, clusters, points]);

  return (
    <div className="page">
      <h1>World map</h1>
      <p className="lead">
        Every image of a world placed on a 2-D map of its class-space activations, framed in its label&apos;s
        colour. Select a cluster in the tree, or a label in the legend, to highlight its members.
      </p>
      <div className="controls">
        <WorldSelect choice={choice} />
        <fieldset className="segmented">
          <legend>Projection</legend>
          {(['PCA', 'UMAP'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="method"
                value={m}
                checked={method === m}
                onChange={() => setMethod(m)}
              />{' '}
              {m}
            </label>
          ))}
        </fieldset>
      </div>
      {world === '' && <p className="hint">Choose a world to map.</p>}
      {world !== '' && (
        <div className="map-layout">
          <section aria-label="Map" className="map-pane">
            {projection.status === 'loading' && <Loading label={`Projecting with ${method}…`} />}
            {projection.status === 'error' && (
              <ErrorAlert
                error={projection.error}
                title="Could not map the world"
                onRetry={projection.reload}
              />
            )}
            {projection.status === 'success' && (
              <>
                <ScatterMap
                  points={points}
                  colors={colors}
                  highlight={highlight}
                  title={`${world} (${method})`}
                />
                <ul className="legend" aria-label="Labels">
                  {[...colors].map(([label, color]) => (
                    <li key={label}>
                      <button
                        type="button"
                        aria-pressed={selectedLabel === label && selectedCluster === undefined}
                        onClick={() => {
                          setSelectedCluster(undefined);
                          setSelectedLabel(selectedLabel === label ? undefined : label);
                        }}
                      >
                        <span className="swatch" style={{ background: color }} aria-hidden="true" /> {label} (
                        {points.filter((p) => p.label === label).length})
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section aria-labelledby="tree-heading" className="tree-pane">
            <h2 id="tree-heading">Cluster tree</h2>
            {clusters.status === 'loading' && <Loading label="Loading the cluster tree…" />}
            {clusters.status === 'error' && (
              <ErrorAlert
                error={clusters.error}
                title="Could not load the cluster tree"
                onRetry={clusters.reload}
              />
            )}
            {tree !== undefined && !tree.ok && (
              <ErrorAlert error={tree.error} title="The cluster tree is malformed" />
            )}
            {tree !== undefined && tree.ok && (
              <ClusterTree
                roots={tree.roots}
                selected={selectedCluster}
                onSelect={(id) => {
                  setSelectedLabel(undefined);
                  setSelectedCluster(id);
                }}
              />
            )}
          </section>
        </div>
      )}
    </div>
  );
}
