import { useState } from 'react';
import { graphqlRequest } from '../api/graphql-client.js';
import { RELATION, type ReasoningStrategy, type RelationData, type RelationKind } from '../api/operations.js';
import { useAction } from '../api/use-operation.js';
import { ImagePicker } from '../components/ImagePicker.js';
import { ErrorAlert, Loading } from '../components/Status.js';
import { StrategySelect } from '../components/StrategySelect.js';
import { useWorldChoice, WorldSelect } from '../components/WorldSelect.js';
import { percent } from '../logic/format.js';
import type { PickedImage } from '../logic/picked-image.js';
import { MAX_IMAGES, MIN_IMAGES } from './OddOneOutPage.js';

const TITLES: Record<RelationKind, { title: string; meaning: string }> = {
  SET: { title: 'Set', meaning: 'all the images are the same kind' },
  SAME_SAME_DIFFERENT: { title: 'Same-same-different', meaning: 'all but one are the same kind' },
  ANTISET: { title: 'Antiset', meaning: 'every image is a different kind' },
};

/** Page 2: is the selection a set, an antiset or same-same-different? */
export function SetGamePage() {
  const choice = useWorldChoice();
  const world = choice.current?.name ?? '';
  const [selection, setSelection] = useState<PickedImage[]>([]);
  const [strategy, setStrategy] = useState<ReasoningStrategy | ''>('');
  const [asked, setAsked] = useState<PickedImage[]>([]);
  const { state, run, reset } = useAction((images: PickedImage[]) =>
    graphqlRequest<RelationData>(RELATION, {
      images: images.map((p) => p.input),
      world: world === '' ? null : world,
      strategy: strategy === '' ? null : strategy,
    }),
  );
  const ready = selection.length >= MIN_IMAGES && selection.length <= MAX_IMAGES;
  return (
    <div className="page">
      <h1>Set game</h1>
      <p className="lead">
        Are the images all the same kind (<em>set</em>), all different (<em>antiset</em>), or all the same but
        one (<em>same-same-different</em>)?
      </p>
      <ImagePicker
        selection={selection}
        onChange={(next) => {
          setSelection(next);
          reset();
        }}
        min={MIN_IMAGES}
        max={MAX_IMAGES}
      />
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
          Classify the set
        </button>
        {!ready && <span className="hint">Choose at least {MIN_IMAGES} images.</span>}
      </form>
      <section className="result" aria-label="Answer" aria-live="polite">
        {state.status === 'loading' && <Loading label="Asking the gateway…" />}
        {state.status === 'error' && <ErrorAlert error={state.error} title="The gateway could not answer" />}
        {state.status === 'success' && (
          <div data-testid="relation-result">
            <p className="verdict">
              <strong data-testid="relation-kind">{TITLES[state.data.relation.relation].title}</strong>:{' '}
              {TITLES[state.data.relation.relation].meaning} (confidence{' '}
              <span data-testid="relation-confidence">{percent(state.data.relation.confidence)}</span>,
              strategy {state.data.relation.strategy.toLowerCase()})
            </p>
            <h2>Groups</h2>
            <ol className="groups">
              {state.data.relation.groups.map((group, g) => (
                <li key={g} className="group" data-testid="relation-group">
                  <span className="group-name">
                    Group {g + 1} ({group.length} {group.length === 1 ? 'image' : 'images'})
                  </span>
                  <ul className="thumb-row">
                    {group.map((index) => (
                      <li key={index} className="thumb">
                        <img
                          src={asked[index]?.src}
                          alt={asked[index]?.name ?? `image ${index + 1}`}
                          width={96}
                          height={96}
                        />
                        <span className="thumb-caption">{asked[index]?.name ?? `image ${index + 1}`}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
            <p className="explanation" data-testid="relation-explanation">
              {state.data.relation.explanation}
            </p>
          </div>
        )}
      </section>
    </div>
  );
}
