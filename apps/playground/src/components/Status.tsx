import { GraphQLRequestError } from '../api/graphql-client.js';

/** A polite "working" line screen readers announce. */
export function Loading({ label }: { label: string }) {
  return (
    <p className="status loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** An error as an alert: the GraphQL message verbatim, its code, and an optional retry button. */
export function ErrorAlert({
  error,
  title,
  onRetry,
}: {
  error: Error;
  title?: string;
  onRetry?: () => void;
}) {
  const code = error instanceof GraphQLRequestError ? error.code : undefined;
  return (
    <div className="status error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p className="error-message">{error.message}</p>
      {code !== undefined && <p className="error-code">code: {code}</p>}
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
