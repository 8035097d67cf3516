import { useId, useState } from 'react';
import { graphqlRequest } from '../api/graphql-client.js';
import { ASYMMETRY, type AsymmetryData } from '../api/operations.js';
import { useAction } from '../api/use-operation.js';
import { AsymmetryChart } from '../components/AsymmetryChart.js';
import { ErrorAlert, Loading } from '../components/Status.js';

/** Page 5: the cat/dog asymmetry experiment (paper §3.4), run by the gateway, as a chart. */
export function AsymmetryPage() {
  const [a, setA] = useState('cat');
  const [b, setB] = useState('dog');
  const aId = useId();
  const bId = useId();
  const experiment = useAction((first: string, second: string) =>
    graphqlRequest<AsymmetryData>(ASYMMETRY, { a: first, b: second, collection: 'pets' }),
  );
  const result = experiment.state.status === 'success' ? experiment.state.data.asymmetry : undefined;
  return (
    <div className="page">
      <h1>Asymmetry</h1>
      <p className="lead">
        Infants familiarised with cats are surprised by dogs, but those familiarised with dogs are not
        surprised by cats (paper §3.4). ClusterFlow repeats it: a world is familiarised with one
        category&apos;s training photos, then shown the other category; surprise is the share that falls
        outside the world.
      </p>
      <form
        className="controls"
        onSubmit={(event) => {
          event.preventDefault();
          void experiment.run(a.trim(), b.trim());
        }}
      >
        <div className="field">
          <label htmlFor={aId}>Category A</label>
          <input id={aId} value={a} onChange={(e) => setA(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={bId}>Category B</label>
          <input id={bId} value={b} onChange={(e) => setB(e.target.value)} required />
        </div>
        <button type="submit" className="primary" disabled={experiment.state.status === 'loading'}>
          Run the {a.trim() || 'A'}/{b.trim() || 'B'} experiment
        </button>
      </form>
      <section className="result" aria-label="Result" aria-live="polite">
        {experiment.state.status === 'loading' && <Loading label="Familiarising two worlds and testing…" />}
        {experiment.state.status === 'error' && (
          <ErrorAlert error={experiment.state.error} title="The experiment could not run" />
        )}
        {result !== undefined && (
          <div data-testid="asymmetry-result">
            <AsymmetryChart result={result} />
            <dl className="facts">
              <dt>
                surprise({result.nameB} | {result.nameA} world)
              </dt>
              <dd data-testid="surprise-b">{result.novel.surpriseB.toFixed(1)} %</dd>
              <dt>
                surprise({result.nameA} | {result.nameB} world)
              </dt>
              <dd data-testid="surprise-a">{result.novel.surpriseA.toFixed(1)} %</dd>
              <dt>asymmetry (novel)</dt>
              <dd data-testid="asymmetry-points">{result.novel.asymmetry.toFixed(1)} pp</dd>
              <dt>one world over both: items in pure clusters</dt>
              <dd>
                {result.nameA} {result.together.pureA.toFixed(1)} %, {result.nameB}{' '}
                {result.together.pureB.toFixed(1)} % (asymmetry {result.together.asymmetry.toFixed(1)} pp)
              </dd>
              <dt>items</dt>
              <dd data-testid="asymmetry-counts">
                {result.nameA}: {result.counts.trainA} train + {result.counts.testA} test; {result.nameB}:{' '}
                {result.counts.trainB} train + {result.counts.testB} test
              </dd>
              <dt>boundary</dt>
              <dd>{result.boundary}</dd>
            </dl>
          </div>
        )}
      </section>
    </div>
  );
}
