import { useState } from 'react';
import { runAsymmetryExperiment, type ExperimentProgress } from '../api/asymmetry-experiment.js';
import { useAction } from '../api/use-operation.js';
import { AsymmetryChart } from '../components/AsymmetryChart.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { ErrorAlert } from '../components/Status.js';
import { percent } from '../logic/format.js';
import { useSettings } from '../state/settings.js';

/** Page 5: the cat/dog asymmetry experiment, as a chart. */
export function AsymmetryPage() {
  const { apiKey } = useSettings();
  const [progress, setProgress] = useState<ExperimentProgress | undefined>();
  const experiment = useAction(() => runAsymmetryExperiment({ apiKey }, setProgress));
  return (
    <div className="page">
      <h1>Asymmetry</h1>
      <p className="lead">
        Familiarise one world with cats and another with dogs, then show each world the other animal. How many
        dogs surprise the cat world, and how many cats surprise the dog world? (Paper §3.4: infants
        familiarised with cats are surprised by dogs, but not the other way round.) The first run builds the
        two worlds and needs the API key.
      </p>
      <div className="controls">
        <button
          type="button"
          className="primary"
          onClick={() => void experiment.run()}
          disabled={experiment.state.status === 'loading'}
        >
          Run the cat/dog experiment
        </button>
      </div>
      <section className="result" aria-label="Result" aria-live="polite">
        {experiment.state.status === 'loading' && progress !== undefined && (
          <div role="status">
            <ProgressBar value={progress.progress} label="Experiment" />
            <p className="hint">{progress.step}</p>
          </div>
        )}
        {experiment.state.status === 'error' && (
          <ErrorAlert error={experiment.state.error} title="The experiment could not run" />
        )}
        {experiment.state.status === 'success' && (
          <div data-testid="asymmetry-result">
            <AsymmetryChart result={experiment.state.data.result} a="cats" b="dogs" />
            <dl className="facts">
              <dt>surprise(dogs | cat world)</dt>
              <dd data-testid="surprise-dogs">{percent(experiment.state.data.result.surpriseBGivenA)}</dd>
              <dt>surprise(cats | dog world)</dt>
              <dd data-testid="surprise-cats">{percent(experiment.state.data.result.surpriseAGivenB)}</dd>
              <dt>asymmetry</dt>
              <dd data-testid="asymmetry-points">
                {experiment.state.data.result.asymmetryPoints.toFixed(1)} pp
              </dd>
            </dl>
            <table className="outcomes">
              <caption>Every test image</caption>
              <thead>
                <tr>
                  <th scope="col">Image</th>
                  <th scope="col">World</th>
                  <th scope="col">ClusterFlow</th>
                  <th scope="col">CNN</th>
                </tr>
              </thead>
              <tbody>
                {experiment.state.data.outcomes.map((o) => (
                  <tr key={`${o.world}:${o.sample.id}`}>
                    <td>
                      <img src={o.sample.thumbnail} alt={o.sample.id} width={40} height={40} /> {o.sample.id}
                    </td>
                    <td>{o.world}</td>
                    <td>{o.inWorld ? 'in the world' : 'surprised (outside)'}</td>
                    <td>
                      {o.cnnLabel} {percent(o.cnnConfidence)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
