import { useId, useState } from 'react';
import {
  COLLECTION_GALLERIES,
  LABEL_COLLECTION_CLUSTER,
  type CollectionCluster,
  type CollectionGalleriesData,
  type LabelCollectionClusterData,
} from '../api/collection-operations.js';
import { graphqlRequest } from '../api/graphql-client.js';
import { useQuery } from '../api/use-operation.js';
import { ErrorAlert, Loading } from './Status.js';

const PER_CLUSTER = 36;
const SEED = 0;

/** k-means galleries of a mapped collection: 36 thumbnails per cluster, outliers marked by a click. */
export function CollectionGalleries({
  collectionId,
  apiKey,
  onChanged,
}: {
  collectionId: string;
  apiKey: string;
  onChanged: () => void;
}) {
  const kId = useId();
  const [k, setK] = useState(20);
  const galleries = useQuery(
    (signal) =>
      graphqlRequest<CollectionGalleriesData>(
        COLLECTION_GALLERIES,
        { collectionId, k, perCluster: PER_CLUSTER, seed: SEED },
        { signal },
      ),
    [collectionId, k],
  );
  return (
    <div className="galleries" data-testid="galleries">
      <label htmlFor={kId}>Clusters (K)</label>
      <input
        id={kId}
        type="number"
        min={2}
        max={200}
        value={k}
        onChange={(e) => setK(Math.max(2, Math.min(200, Math.round(Number(e.target.value) || 20))))}
      />
      {galleries.status === 'loading' && <Loading label="Clustering…" />}
      {galleries.status === 'error' && <ErrorAlert error={galleries.error} onRetry={galleries.reload} />}
      {galleries.status === 'success' &&
        galleries.data.collectionGalleries.map((c) => (
          <Gallery
            key={`${k}-${c.index}`}
            cluster={c}
            k={k}
            collectionId={collectionId}
            apiKey={apiKey}
            onLabelled={() => {
              galleries.reload();
              onChanged();
            }}
          />
        ))}
    </div>
  );
}

function Gallery({
  cluster,
  k,
  collectionId,
  apiKey,
  onLabelled,
}: {
  cluster: CollectionCluster;
  k: number;
  collectionId: string;
  apiKey: string;
  onLabelled: () => void;
}) {
  const nameId = useId();
  const [name, setName] = useState('');
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<Error | undefined>();
  const [done, setDone] = useState('');
  const toggle = (id: string) =>
    setExcluded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const label = async () => {
    try {
      const { labelCollectionCluster: r } = await graphqlRequest<LabelCollectionClusterData>(
        LABEL_COLLECTION_CLUSTER,
        {
          collectionId,
          k,
          seed: SEED,
          cluster: cluster.index,
          label: name.trim(),
          excludeImageIds: [...excluded],
        },
        { apiKey },
      );
      setDone(`Labelled ${r.changed} images “${name.trim()}”.`);
      setError(undefined);
      onLabelled();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const counts = cluster.labelCounts.map((c) => `${c.label} ${c.count}`).join(', ');
  return (
    <section className="gallery" aria-label={`Cluster ${cluster.index + 1}`} data-testid="gallery">
      <h3>
        Cluster {cluster.index + 1} · {cluster.size} images{counts === '' ? '' : ` · ${counts}`}
      </h3>
      <ul className="thumbs">
        {cluster.images.map((im) => (
          <li key={im.id}>
            <button
              type="button"
              aria-pressed={excluded.has(im.id)}
              className={excluded.has(im.id) ? 'outlier' : undefined}
              title={`${im.name}${im.label === null ? '' : ` (${im.label})`} — click to mark as an outlier`}
              onClick={() => toggle(im.id)}
            >
              <img src={im.thumbnailUrl} alt={im.name} width={64} height={64} loading="lazy" />
            </button>
          </li>
        ))}
      </ul>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') void label();
        }}
      >
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={name.trim() === ''}>
          Label this cluster{excluded.size > 0 ? ` (without ${excluded.size} outliers)` : ''}
        </button>
      </form>
      <p role="status" aria-live="polite">
        {done}
      </p>
      {error !== undefined && <ErrorAlert error={error} />}
    </section>
  );
}
