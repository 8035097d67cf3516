import { useState } from 'react';
import { graphqlRequest } from '../api/graphql-client.js';
import { ODD_ONE_OUT, type OddOneOutData, type ReasoningStrategy } from '../api/operations.js';
import { useAction } from '../api/use-operation.js';
import { ImagePicker } from '../components/ImagePicker.js';
import { ErrorAlert, Loading } from '../components/Status.js';
import { StrategySelect } from '../components/StrategySelect.js';
import { useWorldChoice, WorldSelect } from '../components/WorldSelect.js';
import { percent, relationName } from '../logic/format.js';
import type { PickedImage } from '../logic/picked-image.js';

export const MIN_IMAGES = 3;
export const MAX_IMAGES = 6;

/** Page 1: which of 3–6 images does not belong? */
export function OddOneOutPage() {
  const choice = useWorldChoice();
  const world = choice.current?.name ?? '';
  const [selection, setSelection] = useState<PickedImage[]>([]);
  const [strategy, setStrategy] = useState<ReasoningStrategy | ''>('');
  const [asked, setAsked] = useState<PickedImage[]>([]);
  const { state, run, reset } = useAction((images: PickedImage[]) =>
    graphqlRequest<OddOneOutData>(ODD_ONE_OUT, {
      images: images.map((p) => p.input),
      world: world === '' ? null : world,
      strategy: strategy === '' ? null : strategy,
    }),
  );
  const change = (next: PickedImage[]) => {
    setSelection(next);
    reset();
  };
  const ready = selection.length >= MIN_IMAGES && selection.length <= MAX_IMAGES;
  return (
    <div className="page">
      <h1>Odd one out</h1>
      <p className="lead">
        Pick {MIN_IMAGES}–{MAX_IMAGES} images. ClusterFlow labels each one (the CNN&apos;s top-5 classes, or a
        world&apos;s guesses), clusters them and names the image that does not belong.
      </p>
      <ImagePicker selection={selection} onChange={change} min={MIN_IMAGES} max={MAX_IMAGES} />
      <form
        className="controls"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked(selection);
          void run(selection);
        }}
      >
        <WorldSelect choice={choice} optional label="World knowledge" />
        <StrategySelect value={strategy} onChange={setStrategy} />
        <button type="submit" className="primary" disabled={!ready || state.status === 'loading'}>
          Find the odd one out
        </button>
        {!ready && <span className="hint">Choose at least {MIN_IMAGES} images.</span>}
      </form>
      <section className="result" aria-label="Answer" aria-live="polite">
        {state.status === 'loading' && <Loading label="Asking the gateway…" />}
        {state.status === 'error' && <ErrorAlert error={state.error} title="The gateway could not answer" />}
        {state.status === 'success' && (
          <div data-testid="odd-result">
            <ol className="answer-grid">
              {asked.map((image, i) => {
                const odd = i === state.data.oddOneOut.index;
                return (
                  <li key={image.key} className={odd ? 'answer odd' : 'answer'} data-odd={odd}>
                    <img src={image.src} alt={image.name} width={128} height={128} />
                    <span className="thumb-caption">{image.name}</span>
                    {odd && <strong className="badge">odd one out</strong>}
                  </li>
                );
              })}
            </ol>
            <dl className="facts">
              <dt>Odd one out</dt>
              <dd data-testid="odd-name">
                image {state.data.oddOneOut.index + 1}: {asked[state.data.oddOneOut.index]?.name ?? '?'}
              </dd>
              <dt>Confidence</dt>
              <dd data-testid="odd-confidence">{percent(state.data.oddOneOut.confidence)}</dd>
              <dt>Strategy</dt>
              <dd data-testid="odd-strategy">{state.data.oddOneOut.strategy.toLowerCase()}</dd>
              <dt>Relation</dt>
              <dd>{relationName(state.data.oddOneOut.relation.relation)}</dd>
              <dt>Explanation</dt>
              <dd data-testid="odd-explanation" className="explanation">
                {state.data.oddOneOut.explanation}
              </dd>
            </dl>
          </div>
        )}
      </section>
    </div>
  );
}
