import { useId, useState } from 'react';
import { synthesizeFooling, type FoolingResult } from '../api/fooling.js';
import type { Job } from '../api/operations.js';
import { useAction } from '../api/use-operation.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { DropZone } from '../components/DropZone.js';
import { ImagePicker } from '../components/ImagePicker.js';
import { MembershipCard } from '../components/MembershipCard.js';
import { ErrorAlert, Loading } from '../components/Status.js';
import { useWorldChoice, WorldSelect } from '../components/WorldSelect.js';
import { pickFile, type PickedImage } from '../logic/picked-image.js';
import { useSettings } from '../state/settings.js';

/** Page 3: real photos and fooling images side by side, the CNN's confidence next to ClusterFlow's. */
export function MembershipPage() {
  const { apiKey } = useSettings();
  const choice = useWorldChoice();
  const world = choice.current?.name ?? '';
  const [real, setReal] = useState<PickedImage[]>([]);
  const [fooling, setFooling] = useState<PickedImage[]>([]);
  const [target, setTarget] = useState('tabby');
  const [seed, setSeed] = useState(1);
  const [job, setJob] = useState<Job | undefined>();
  const [uploadError, setUploadError] = useState<Error | undefined>();
  const targetId = useId();
  const seedId = useId();
  const synth = useAction(async (className: string, s: number): Promise<FoolingResult> => {
    const made = await synthesizeFooling(className, s, apiKey, setJob);
    setFooling((list) => [...list, made.image]);
    setSeed(s + 1);
    return made;
  });
  return (
    <div className="page">
      <h1>World membership</h1>
      <p className="lead">
        Does an image belong to the world? The CNN answers every image with a label, often very confidently,
        even for synthetic &ldquo;fooling&rdquo; images. ClusterFlow checks whether the activations fall
        inside the world&apos;s clusters and only then guesses labels.
      </p>
      <div className="controls">
        <WorldSelect choice={choice} />
      </div>
      {world === '' ? (
        <p className="hint">Choose a world to test images against.</p>
      ) : (
        <div className="columns">
          <section aria-labelledby="real-heading" className="column">
            <h2 id="real-heading">Real photos</h2>
            <ImagePicker selection={real} onChange={setReal} min={1} max={6} title="Real photos to test" />
            <ul className="membership-list" aria-label="Real photo results">
              {real.map((image) => (
                <MembershipCard key={image.key} image={image} world={world} kind="real" />
              ))}
            </ul>
          </section>
          <section aria-labelledby="fooling-heading" className="column">
            <h2 id="fooling-heading">Fooling images</h2>
            <p className="hint">
              The gateway ascends the CNN&apos;s score for a class from seeded noise until the CNN is ≥ 99 %
              sure. This takes from a few seconds to a minute and needs the API key.
            </p>
            <form
              className="controls"
              onSubmit={(event) => {
                event.preventDefault();
                void synth.run(target.trim(), seed);
              }}
            >
              <div className="field">
                <label htmlFor={targetId}>Class to fake</label>
                <input id={targetId} value={target} onChange={(e) => setTarget(e.target.value)} required />
              </div>
              <div className="field">
                <label htmlFor={seedId}>Seed</label>
                <input
                  id={seedId}
                  type="number"
                  min={0}
                  step={1}
                  value={seed}
                  onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
                />
              </div>
              <button type="submit" className="primary" disabled={synth.state.status === 'loading'}>
                Synthesise a fooling image
              </button>
            </form>
            {synth.state.status === 'loading' && (
              <div role="status">
                <Loading label="Synthesising a fooling image…" />
                {job !== undefined && (
                  <>
                    <ProgressBar value={job.progress} label={`Synthesis (${job.status.toLowerCase()})`} />
                    <p className="hint">{job.message}</p>
                  </>
                )}
              </div>
            )}
            {synth.state.status === 'error' && (
              <ErrorAlert error={synth.state.error} title="Could not synthesise a fooling image" />
            )}
            {synth.state.status === 'success' && (
              <p className="hint" role="status">
                Made one: {synth.state.data.message}
              </p>
            )}
            <DropZone
              label="Upload fooling images"
              onFiles={(files) => {
                setUploadError(undefined);
                Promise.all(files.map(pickFile)).then(
                  (picked) => setFooling((list) => [...list, ...picked]),
                  (error: unknown) =>
                    setUploadError(error instanceof Error ? error : new Error(String(error))),
                );
              }}
            />
            {uploadError !== undefined && <ErrorAlert error={uploadError} title="Upload" />}
            {fooling.length > 0 && (
              <button type="button" className="link" onClick={() => setFooling([])}>
                Clear fooling images
              </button>
            )}
            <ul className="membership-list" aria-label="Fooling image results">
              {fooling.map((image) => (
                <MembershipCard key={image.key} image={image} world={world} kind="fooling" />
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}
