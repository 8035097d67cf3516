import { useId, useMemo, useState } from 'react';
import { loadSamples } from '../api/samples.js';
import { useQuery } from '../api/use-operation.js';
import { pickFile, pickSample, toggleImage, type PickedImage } from '../logic/picked-image.js';
import { DropZone } from './DropZone.js';
import { ErrorAlert, Loading } from './Status.js';

/** Choose `min`–`max` images from the gateway's samples and/or uploads; the selection is controlled by the page. */
export function ImagePicker({
  selection,
  onChange,
  min,
  max,
  title = 'Choose images',
}: {
  selection: PickedImage[];
  onChange: (next: PickedImage[]) => void;
  min: number;
  max: number;
  title?: string;
}) {
  const samples = useQuery((_signal) => loadSamples(), []);
  const [collection, setCollection] = useState('all');
  const [uploadError, setUploadError] = useState<Error | undefined>();
  const filterId = useId();
  const collections = useMemo(
    () => (samples.status === 'success' ? [...new Set(samples.data.map((s) => s.collection))].sort() : []),
    [samples],
  );
  const shown =
    samples.status === 'success'
      ? samples.data.filter((s) => collection === 'all' || s.collection === collection)
      : [];
  const chosen = new Set(selection.map((p) => p.key));
  const full = selection.length >= max;

  const addFiles = async (files: File[]) => {
    setUploadError(undefined);
    try {
      const picked = await Promise.all(files.slice(0, Math.max(0, max - selection.length)).map(pickFile));
      onChange([...selection, ...picked]);
      if (files.length > picked.length)
        setUploadError(new Error(`Only ${max} images fit; the rest were left out.`));
    } catch (error) {
      setUploadError(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return (
    <section className="picker" aria-label={title}>
      <div className="picker-head">
        <h2>{title}</h2>
        <p className="hint" aria-live="polite">
          {selection.length} of {min}–{max} chosen
        </p>
      </div>
      <div className="selected" aria-label="Chosen images">
        {selection.length === 0 && (
          <p className="hint">Nothing chosen yet: pick samples below or upload photos.</p>
        )}
        <ol className="thumb-row">
          {selection.map((image, i) => (
            <li key={image.key} className="thumb" data-testid="chosen-image">
              <img src={image.src} alt={image.name} width={64} height={64} />
              <span className="thumb-caption">
                {i + 1}. {image.name}
              </span>
              <button
                type="button"
                className="remove"
                aria-label={`Remove ${image.name}`}
                onClick={() => onChange(selection.filter((p) => p.key !== image.key))}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
        {selection.length > 0 && (
          <button type="button" className="link" onClick={() => onChange([])}>
            Clear selection
          </button>
        )}
      </div>
      <DropZone onFiles={(files) => void addFiles(files)} disabled={full} />
      {uploadError !== undefined && <ErrorAlert error={uploadError} title="Upload" />}
      <div className="samples">
        <div className="samples-head">
          <h3>Samples</h3>
          <label htmlFor={filterId}>Collection</label>
          <select id={filterId} value={collection} onChange={(e) => setCollection(e.target.value)}>
            <option value="all">all</option>
            {collections.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        {samples.status === 'loading' && <Loading label="Loading sample images…" />}
        {samples.status === 'error' && (
          <ErrorAlert error={samples.error} title="Could not load the samples" onRetry={samples.reload} />
        )}
        <ul className="sample-grid">
          {shown.map((sample) => {
            const picked = pickSample(sample);
            const on = chosen.has(picked.key);
            return (
              <li key={sample.id}>
                <button
                  type="button"
                  className="sample"
                  aria-pressed={on}
                  disabled={!on && full}
                  data-sample-id={sample.id}
                  title={`${sample.label} (${sample.id})`}
                  onClick={() => onChange(toggleImage(selection, picked, max))}
                >
                  <img src={sample.thumbnail} alt={`${sample.label} (${sample.id})`} width={64} height={64} />
                  <span className="thumb-caption">{sample.label}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
