import { graphqlRequest } from '../api/graphql-client.js';
import { WORLD_MEMBERSHIP, type WorldMembershipData } from '../api/operations.js';
import { useQuery } from '../api/use-operation.js';
import { percent } from '../logic/format.js';
import type { PickedImage } from '../logic/picked-image.js';
import { ErrorAlert, Loading } from './Status.js';

/** One image placed in a world: the CNN's answer beside ClusterFlow's. Queries the gateway itself. */
export function MembershipCard({
  image,
  world,
  kind,
}: {
  image: PickedImage;
  world: string;
  kind: 'real' | 'fooling';
}) {
  const result = useQuery(
    (signal) =>
      graphqlRequest<WorldMembershipData>(WORLD_MEMBERSHIP, { world, image: image.input }, { signal }),
    [world, image.key],
  );
  return (
    <li className="membership-card" data-testid="membership-card" data-kind={kind} aria-label={image.name}>
      <img src={image.src} alt={image.name} width={112} height={112} />
      <div className="membership-body">
        <p className="thumb-caption">{image.name}</p>
        {result.status === 'loading' && <Loading label="Placing it in the world…" />}
        {result.status === 'error' && (
          <ErrorAlert error={result.error} title="No answer" onRetry={result.reload} />
        )}
        {result.status === 'success' && <MembershipFacts data={result.data} />}
      </div>
    </li>
  );
}

function MembershipFacts({ data }: { data: WorldMembershipData }) {
  const m = data.worldMembership;
  return (
    <div className="side-by-side">
      <dl className="facts cnn">
        <dt>CNN says</dt>
        <dd data-testid="cnn-label">{m.cnnTop.name}</dd>
        <dt>CNN confidence</dt>
        <dd data-testid="cnn-confidence">{percent(m.cnnTop.probability)}</dd>
      </dl>
      <dl className="facts clusterflow">
        <dt>ClusterFlow</dt>
        <dd data-testid="in-world" data-in-world={m.inWorld} className={m.inWorld ? 'in' : 'out'}>
          {m.inWorld ? 'in the world' : 'outside the world'}
        </dd>
        <dt>Guessed labels</dt>
        <dd data-testid="guesses">
          {m.guesses.length === 0
            ? 'no guess'
            : m.guesses
                .slice(0, 3)
                .map((g) => `${g.label} ${percent(g.confidence, 0)}`)
                .join(', ')}
        </dd>
        <dt>ClusterFlow confidence</dt>
        <dd data-testid="cf-confidence">{m.confidence === null ? '— (no guess)' : percent(m.confidence)}</dd>
        <dt>Escape</dt>
        <dd className="detail">
          {m.escapeDistance.toFixed(1)} (threshold {m.threshold.toFixed(1)}) in {m.escapingDimensions}{' '}
          dimensions; p = {m.pValue.toFixed(2)}; guess from {m.source}
        </dd>
      </dl>
    </div>
  );
}
