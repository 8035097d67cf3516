import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  ADD_COLLECTION_IMAGES,
  COLLECTION,
  COLLECTION_IMAGES,
  COLLECTIONS,
  CREATE_COLLECTION,
  CREATE_WORLD_FROM_COLLECTION,
  IMPROVE_COLLECTION_MAP,
  LABEL_COLLECTION_IMAGES,
  START_COLLECTION_MAP,
  UNDO_COLLECTION_LABEL,
  exportUrl,
  type AddCollectionImagesData,
  type CollectionData,
  type CollectionImagesData,
  type CollectionLabelCount,
  type CollectionsData,
  type CreateCollectionData,
  type CreateWorldFromCollectionData,
  type EmbeddingLoss,
  type FileError,
  type ImproveCollectionMapData,
  type LabelCollectionImagesData,
  type StartCollectionMapData,
  type UndoCollectionLabelData,
} from '../api/collection-operations.js';
import { graphqlRequest } from '../api/graphql-client.js';
import type { Job, ProjectionMethod } from '../api/operations.js';
import { pollJob } from '../api/poll-job.js';
import { useQuery } from '../api/use-operation.js';
import { CollectionGalleries } from '../components/CollectionGalleries.js';
import { DropZone } from '../components/DropZone.js';
import { LabelMapCanvas, MAP_HEIGHT, MAP_WIDTH, type SelectTool } from '../components/LabelMapCanvas.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { ErrorAlert, Loading } from '../components/Status.js';
import { chunk } from '../logic/chunk.js';
import { expandZip, isImageName, toBase64, type UploadFile } from '../logic/expand-files.js';
import { fitPoints } from '../logic/fit-points.js';
import { labelColors } from '../logic/label-colors.js';
import { syntheticMap, type LabelMapPoint } from '../logic/synthetic-map.js';
import { useSettings } from '../state/settings.js';

/** Files per addCollectionImages call (the gateway's limit is 100). */
const UPLOAD_CHUNK = 50;
const UNLABELLED = '#bbbbbb';
const CLUSTER_COLORS = [...labelColors(Array.from({ length: 12 }, (_, i) => `c${i + 10}`)).values()];

/** The synthetic map has no server state to reload. */
const noop = (): void => undefined;

/** `#/label-by-map?synthetic=10000` → 10000 (renderer test without a gateway); otherwise undefined. */
function syntheticCount(): number | undefined {
  const query = window.location.hash.split('?')[1] ?? '';
  const n = Number(new URLSearchParams(query).get('synthetic'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, 100_000) : undefined;
}

/** Page 7: upload a collection, map it, lasso regions of the map and label them; galleries, export, worlds. */
export function LabelByMapPage() {
  const synthetic = useMemo(syntheticCount, []);
  const syntheticPoints = useMemo(
    () => (synthetic === undefined ? [] : syntheticMap(synthetic)),
    [synthetic],
  );
  const { apiKey } = useSettings();
  const [collectionId, setCollectionId] = useState<string>(
    () => localStorage.getItem('clusterflow.collection') ?? '',
  );
  const [status, setStatus] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const collections = useQuery(
    (signal) => graphqlRequest<CollectionsData>(COLLECTIONS, {}, { signal }),
    [],
    synthetic === undefined,
  );
  const collection = useQuery(
    (signal) => graphqlRequest<CollectionData>(COLLECTION, { id: collectionId }, { signal }),
    [collectionId],
    synthetic === undefined && collectionId !== '',
  );
  const choose = (id: string) => {
    setCollectionId(id);
    localStorage.setItem('clusterflow.collection', id);
  };
  const fail = (e: unknown) => setError(e instanceof Error ? e : new Error(String(e)));

  if (synthetic !== undefined) {
    return (
      <div className="page">
        <h1>Label by map</h1>
        <p className="lead">Synthetic renderer test: {synthetic} seeded points, no gateway.</p>
        <MapLabeller collectionId="" points={syntheticPoints} apiKey="" onChanged={noop} />
      </div>
    );
  }

  const current = collection.status === 'success' ? collection.data.collection : undefined;
  return (
    <div className="page">
      <h1>Label by map</h1>
      <p className="lead">
        Upload a folder of photos, let the CNN place them on a 2-D map, then draw around groups of similar
        images and give them a label. Galleries per cluster label whole clusters at once.
      </p>
      <p className="status" role="status" aria-live="polite" data-testid="label-status">
        {status}
      </p>
      {error !== undefined && <ErrorAlert error={error} onRetry={() => setError(undefined)} />}
      <CollectionPicker
        collections={collections.status === 'success' ? collections.data.collections : []}
        value={collectionId}
        onChoose={choose}
        onCreate={async (name) => {
          try {
            const data = await graphqlRequest<CreateCollectionData>(CREATE_COLLECTION, { name }, { apiKey });
            collections.reload();
            choose(data.createCollection.id);
            setStatus(`Collection “${name}” created.`);
          } catch (e) {
            fail(e);
          }
        }}
      />
      {collection.status === 'loading' && <Loading label="Loading the collection…" />}
      {collection.status === 'error' && <ErrorAlert error={collection.error} onRetry={collection.reload} />}
      {current !== undefined && (
        <>
          <p data-testid="collection-summary">
            {current.imageCount} images, {current.labelledCount} labelled.
          </p>
          <Uploader collectionId={current.id} apiKey={apiKey} onDone={collection.reload} />
          <MapJobs
            collectionId={current.id}
            apiKey={apiKey}
            hasMap={current.map !== null}
            running={current.lastJob?.status === 'RUNNING' || current.lastJob?.status === 'QUEUED'}
            onDone={collection.reload}
            onStatus={setStatus}
            onError={fail}
          />
          {current.map !== null && (
            <SilhouetteLine before={current.map.silhouetteBefore} after={current.map.silhouette} />
          )}
          {current.map !== null && (
            <Tabs
              map={
                <MapLabeller
                  collectionId={current.id}
                  points={current.map.points}
                  apiKey={apiKey}
                  labelCounts={current.labelCounts}
                  onChanged={collection.reload}
                />
              }
              galleries={
                <CollectionGalleries
                  collectionId={current.id}
                  apiKey={apiKey}
                  onChanged={collection.reload}
                />
              }
            />
          )}
          <ExportAndWorld collectionId={current.id} apiKey={apiKey} onStatus={setStatus} onError={fail} />
        </>
      )}
    </div>
  );
}

function CollectionPicker({
  collections,
  value,
  onChoose,
  onCreate,
}: {
  collections: { id: string; name: string; imageCount: number }[];
  value: string;
  onChoose: (id: string) => void;
  onCreate: (name: string) => Promise<void>;
}) {
  const selectId = useId();
  const nameId = useId();
  const [name, setName] = useState('');
  return (
    <div className="controls">
      <div>
        <label htmlFor={selectId}>Collection</label>
        <select id={selectId} value={value} onChange={(e) => onChoose(e.target.value)}>
          <option value="">— choose —</option>
          {collections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.imageCount})
            </option>
          ))}
        </select>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') void onCreate(name.trim()).then(() => setName(''));
        }}
      >
        <label htmlFor={nameId}>New collection</label>
        <input id={nameId} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={name.trim() === ''}>
          Create
        </button>
      </form>
    </div>
  );
}

/** Reads picked/dropped files (zips unpacked), sends them in chunks, shows progress and per-file errors. */
function Uploader({
  collectionId,
  apiKey,
  onDone,
}: {
  collectionId: string;
  apiKey: string;
  onDone: () => void;
}) {
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [failed, setFailed] = useState<FileError[]>([]);
  const [summary, setSummary] = useState('');
  const upload = async (picked: File[]) => {
    const files: UploadFile[] = [];
    const errors: FileError[] = [];
    for (const file of picked) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (/\.zip$/i.test(file.name)) {
        try {
          const { files: inner, skipped } = expandZip(file.name, bytes);
          files.push(...inner);
          for (const s of skipped)
            errors.push({ name: s, code: 'NOT_AN_IMAGE', message: 'not a JPEG, PNG or WebP' });
        } catch (e) {
          errors.push({ name: file.name, code: 'BAD_ZIP', message: String(e) });
        }
      } else if (isImageName(file.name) || file.type.startsWith('image/')) {
        files.push({ name: file.name, bytes });
      } else {
        errors.push({ name: file.name, code: 'NOT_AN_IMAGE', message: 'not a JPEG, PNG, WebP or .zip' });
      }
    }
    let added = 0;
    let duplicates = 0;
    setProgress({ done: 0, total: files.length });
    let done = 0;
    for (const part of chunk(files, UPLOAD_CHUNK)) {
      try {
        const images = part.map((f) => ({ name: f.name, base64: toBase64(f.bytes) }));
        const { addCollectionImages: r } = await graphqlRequest<AddCollectionImagesData>(
          ADD_COLLECTION_IMAGES,
          { collectionId, images },
          { apiKey },
        );
        added += r.added;
        duplicates += r.duplicates;
        errors.push(...r.failed);
      } catch (e) {
        // A refused chunk is reported per file; the next chunks still go.
        const message = e instanceof Error ? e.message : String(e);
        for (const f of part) errors.push({ name: f.name, code: 'UPLOAD_FAILED', message });
      }
      done += part.length;
      setProgress({ done, total: files.length });
    }
    setFailed(errors);
    setSummary(`${added} added, ${duplicates} duplicates, ${errors.length} failed.`);
    onDone();
  };
  return (
    <section aria-labelledby="upload-h">
      <h2 id="upload-h">Images</h2>
      <DropZone
        onFiles={(f) => void upload(f)}
        label="Add images or a .zip"
        accept="image/jpeg,image/png,image/webp,.zip,application/zip"
        disabled={progress !== undefined && progress.done < progress.total}
      />
      {progress !== undefined && (
        <ProgressBar value={progress.total === 0 ? 1 : progress.done / progress.total} label="Upload" />
      )}
      {summary !== '' && <p data-testid="upload-summary">{summary}</p>}
      {failed.length > 0 && (
        <ul className="file-errors" aria-label="Files that failed">
          {failed.map((f, i) => (
            <li key={i}>
              <strong>{f.name}</strong>: {f.message} ({f.code})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Make the map" and "Improve the map": start the job, poll it with a progress bar, reload when done. */
function MapJobs({
  collectionId,
  apiKey,
  hasMap,
  running,
  onDone,
  onStatus,
  onError,
}: {
  collectionId: string;
  apiKey: string;
  hasMap: boolean;
  running: boolean;
  onDone: () => void;
  onStatus: (s: string) => void;
  onError: (e: unknown) => void;
}) {
  const methodId = useId();
  const lossId = useId();
  const [method, setMethod] = useState<ProjectionMethod>('UMAP');
  const [loss, setLoss] = useState<EmbeddingLoss>('SILHOUETTE');
  const [job, setJob] = useState<Job | undefined>();
  const busy = job !== undefined && job.status !== 'SUCCEEDED' && job.status !== 'FAILED';
  const follow = async (start: Promise<Job>, what: string) => {
    try {
      const first = await start;
      setJob(first);
      const last = await pollJob(first.id, setJob);
      if (last.status === 'FAILED')
        onError(new Error(`${what} failed: ${last.errorMessage ?? last.message}`));
      else onStatus(`${what} done.`);
      onDone();
    } catch (e) {
      onError(e);
    }
  };
  return (
    <section aria-labelledby="map-h">
      <h2 id="map-h">Map</h2>
      <div className="controls">
        <label htmlFor={methodId}>Method</label>
        <select id={methodId} value={method} onChange={(e) => setMethod(e.target.value as ProjectionMethod)}>
          <option value="UMAP">UMAP</option>
          <option value="PCA">PCA</option>
        </select>
        <button
          type="button"
          disabled={busy || running}
          onClick={() =>
            void follow(
              graphqlRequest<StartCollectionMapData>(
                START_COLLECTION_MAP,
                { collectionId, method, seed: 0 },
                { apiKey },
              ).then((d) => d.startCollectionMap),
              'The map',
            )
          }
        >
          Make the map
        </button>
        {hasMap && (
          <>
            <label htmlFor={lossId}>Loss</label>
            <select id={lossId} value={loss} onChange={(e) => setLoss(e.target.value as EmbeddingLoss)}>
              <option value="SILHOUETTE">Silhouette</option>
              <option value="COSINE_COREL">Cosine correlation</option>
            </select>
            <button
              type="button"
              disabled={busy || running}
              onClick={() =>
                void follow(
                  graphqlRequest<ImproveCollectionMapData>(
                    IMPROVE_COLLECTION_MAP,
                    { collectionId, loss, seed: 0 },
                    { apiKey },
                  ).then((d) => d.improveCollectionMap),
                  'Improving the map',
                )
              }
            >
              Improve the map
            </button>
          </>
        )}
      </div>
      {job !== undefined && busy && <ProgressBar value={job.progress} label={job.message || 'Map job'} />}
    </section>
  );
}

function SilhouetteLine({ before, after }: { before: number | null; after: number | null }) {
  const f = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
  return (
    <p data-testid="silhouette">
      Silhouette of the labelled points: {before !== null && <>before {f(before)} → </>}
      {before !== null ? 'after ' : ''}
      {f(after)}
    </p>
  );
}

function Tabs({ map, galleries }: { map: React.JSX.Element; galleries: React.JSX.Element }) {
  const [tab, setTab] = useState<'map' | 'galleries'>('map');
  return (
    <section>
      <div role="tablist" aria-label="View">
        {(['map', 'galleries'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'map' ? 'Map' : 'Galleries'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'map' ? map : galleries}
      </div>
    </section>
  );
}

/** The canvas map with the selection tools, the label field, undo and the label counts. */
function MapLabeller({
  collectionId,
  points,
  apiKey,
  labelCounts,
  onChanged,
}: {
  collectionId: string;
  points: LabelMapPoint[];
  apiKey: string;
  labelCounts?: CollectionLabelCount[];
  onChanged: () => void;
}) {
  const labelId = useId();
  const listId = useId();
  const [colorBy, setColorBy] = useState<'label' | 'cluster'>('label');
  const [tool, setTool] = useState<SelectTool>('lasso');
  const [selected, setSelected] = useState(() => new Uint8Array(points.length));
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => setSelected(new Uint8Array(points.length)), [points]);
  const xy = useMemo(() => fitPoints(points, MAP_WIDTH, MAP_HEIGHT, 12), [points]);
  const labels = useMemo(
    () => [...new Set(points.map((p) => p.label).filter((l): l is string => l !== null))].sort(),
    [points],
  );
  const { colorIndex, palette } = useMemo(() => {
    const index = new Uint16Array(points.length);
    if (colorBy === 'label') {
      const colors = labelColors(labels);
      const pal = [UNLABELLED, ...colors.values()];
      const slot = new Map([...colors.keys()].map((l, i) => [l, i + 1]));
      points.forEach((p, i) => (index[i] = p.label === null ? 0 : (slot.get(p.label) ?? 0)));
      return { colorIndex: index, palette: pal };
    }
    const pal = [UNLABELLED, ...CLUSTER_COLORS];
    points.forEach((p, i) => (index[i] = p.cluster === null ? 0 : 1 + (p.cluster % CLUSTER_COLORS.length)));
    return { colorIndex: index, palette: pal };
  }, [points, labels, colorBy]);
  // Thumbnail URLs come from collectionImages (MapPoint has only the id); fetched once per collection.
  const images = useQuery(
    async (signal) => {
      const urls = new Map<string, { url: string; name: string }>();
      for (let offset = 0; ; offset += 1000) {
        const { collectionImages } = await graphqlRequest<CollectionImagesData>(
          COLLECTION_IMAGES,
          { collectionId, offset, limit: 1000 },
          { signal },
        );
        for (const im of collectionImages) urls.set(im.id, { url: im.thumbnailUrl, name: im.name });
        if (collectionImages.length < 1000) return urls;
      }
    },
    [collectionId],
    collectionId !== '',
  );
  const info = images.status === 'success' ? images.data : undefined;
  const count = selected.reduce((a, b) => a + b, 0);

  const onSelect = useCallback(
    (indices: number[], additive: boolean) =>
      setSelected((prev) => {
        const next = additive ? prev.slice() : new Uint8Array(prev.length);
        for (const i of indices) next[i] = 1;
        return next;
      }),
    [],
  );
  const assign = async () => {
    const ids = points.filter((_, i) => selected[i] === 1).map((p) => p.imageId);
    if (ids.length === 0 || label.trim() === '') return;
    try {
      const { labelCollectionImages: r } = await graphqlRequest<LabelCollectionImagesData>(
        LABEL_COLLECTION_IMAGES,
        { collectionId, imageIds: ids, label: label.trim() },
        { apiKey },
      );
      setMessage(`Labelled ${r.changed} images “${label.trim()}”.`);
      setError(undefined);
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const undo = useCallback(async () => {
    if (collectionId === '') return;
    try {
      const { undoCollectionLabel: r } = await graphqlRequest<UndoCollectionLabelData>(
        UNDO_COLLECTION_LABEL,
        { collectionId },
        { apiKey },
      );
      setMessage(`Undone: ${r.changed} images changed back.`);
      setError(undefined);
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  }, [collectionId, apiKey, onChanged]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement)
        return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void undo();
      } else if (e.key === 'l' || e.key === 'L') setTool('lasso');
      else if (e.key === 'b' || e.key === 'B') setTool('box');
      else if (e.key === 'p' || e.key === 'P') setTool('pan');
      else if (e.key === 'c' || e.key === 'C') setColorBy((c) => (c === 'label' ? 'cluster' : 'label'));
      else if (e.key === 'Escape') setSelected(new Uint8Array(points.length));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, points.length]);

  return (
    <div className="label-by-map">
      <div className="controls">
        <fieldset className="segmented">
          <legend>Tool</legend>
          {(['lasso', 'box', 'pan'] as const).map((t) => (
            <label key={t}>
              <input type="radio" name="tool" checked={tool === t} onChange={() => setTool(t)} /> {t}
            </label>
          ))}
        </fieldset>
        <fieldset className="segmented">
          <legend>Colour by</legend>
          {(['label', 'cluster'] as const).map((c) => (
            <label key={c}>
              <input type="radio" name="color-by" checked={colorBy === c} onChange={() => setColorBy(c)} />{' '}
              {c}
            </label>
          ))}
        </fieldset>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void assign();
          }}
        >
          <label htmlFor={labelId}>Label</label>
          <input
            id={labelId}
            list={listId}
            value={label}
            maxLength={64}
            onChange={(e) => setLabel(e.target.value)}
          />
          <datalist id={listId}>
            {labels.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
          <button type="submit" disabled={count === 0 || label.trim() === '' || collectionId === ''}>
            Label {count} selected
          </button>
        </form>
        <button type="button" onClick={() => void undo()} disabled={collectionId === ''}>
          Undo
        </button>
      </div>
      <p role="status" aria-live="polite" data-testid="selection-status">
        {count} of {points.length} selected. {message}
      </p>
      {error !== undefined && <ErrorAlert error={error} />}
      <div className="map-row">
        <LabelMapCanvas
          xy={xy}
          colorIndex={colorIndex}
          palette={palette}
          selected={selected}
          tool={tool}
          thumbnailUrl={(i) => info?.get(points[i].imageId)?.url}
          describe={(i) =>
            `${info?.get(points[i].imageId)?.name ?? points[i].imageId}: ${points[i].label ?? 'no label'}`
          }
          onSelect={onSelect}
          label={`Map of ${points.length} images, ${count} selected`}
        />
        <aside>
          <h3>Label counts</h3>
          <ul data-testid="label-counts">
            {(labelCounts ?? countLabels(points)).map((c) => (
              <li key={c.label} data-label={c.label} data-count={c.count}>
                {c.label}: {c.count}
              </li>
            ))}
          </ul>
          <h3>Keyboard</h3>
          <dl className="shortcuts">
            <dt>L / B / P</dt>
            <dd>lasso, box, pan tool</dd>
            <dt>Shift + drag</dt>
            <dd>add to the selection</dd>
            <dt>Space + drag, middle button</dt>
            <dd>pan</dd>
            <dt>Wheel</dt>
            <dd>zoom (thumbnails from 4×); double-click resets</dd>
            <dt>C</dt>
            <dd>colour by label / cluster</dd>
            <dt>Ctrl/Cmd + Z</dt>
            <dd>undo the last label change</dd>
            <dt>Esc</dt>
            <dd>clear the selection</dd>
          </dl>
        </aside>
      </div>
    </div>
  );
}

function countLabels(points: LabelMapPoint[]): CollectionLabelCount[] {
  const counts = new Map<string, number>();
  for (const p of points) if (p.label !== null) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([label, count]) => ({ label, count }));
}

/** Export downloads (the gateway's HTTP route) and "Make a world" from the labelled images. */
function ExportAndWorld({
  collectionId,
  apiKey,
  onStatus,
  onError,
}: {
  collectionId: string;
  apiKey: string;
  onStatus: (s: string) => void;
  onError: (e: unknown) => void;
}) {
  const nameId = useId();
  const [name, setName] = useState('');
  const [job, setJob] = useState<Job | undefined>();
  const [world, setWorld] = useState<string | undefined>();
  const makeWorld = async () => {
    try {
      const { createWorldFromCollection: first } = await graphqlRequest<CreateWorldFromCollectionData>(
        CREATE_WORLD_FROM_COLLECTION,
        { collectionId, name },
        { apiKey },
      );
      setJob(first);
      const last = await pollJob(first.id, setJob);
      if (last.status === 'FAILED') throw new Error(`The world failed: ${last.errorMessage ?? last.message}`);
      setWorld(last.worldId ?? name);
      onStatus(`World “${name}” is ready.`);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <section aria-labelledby="export-h">
      <h2 id="export-h">Export and worlds</h2>
      <div className="controls">
        {(['CSV', 'JSON', 'COCO'] as const).map((f) => (
          <a
            key={f}
            className="button"
            href={exportUrl(collectionId, f)}
            download
            data-testid={`export-${f}`}
          >
            Export {f}
          </a>
        ))}
      </div>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') void makeWorld();
        }}
      >
        <label htmlFor={nameId}>World name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={name.trim() === ''}>
          Make a world
        </button>
      </form>
      {job !== undefined && job.status !== 'SUCCEEDED' && job.status !== 'FAILED' && (
        <ProgressBar value={job.progress} label="Building the world" />
      )}
      {world !== undefined && (
        <p data-testid="world-ready">
          World <strong>{world}</strong> is ready: use it on the <a href="#/odd-one-out">Odd one out</a> page.
        </p>
      )}
    </section>
  );
}
