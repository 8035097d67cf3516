import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { isExtractorError } from '@clusterflow/extractors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { GatewayContext } from '../schema/context.js';

/** Extractor failures that are the caller's fault even if one slipped past the validator. */
const INPUT_CODES = new Set(['NOT_AN_IMAGE', 'TRUNCATED_IMAGE', 'IMAGE_TOO_LARGE', 'UNSUPPORTED_FORMAT']);

/** Apollo Server with graphql-armor limits, error masking for production and error logging with request ids. */
export function createApollo(schema: GraphQLSchema, config: GatewayConfig): ApolloServer<GatewayContext> {
  const { limits } = config;
  const armor = new ApolloArmor({
    costLimit: { maxCost: limits.maxCost },
    // Introspection counts too: our schema has no cycles (≤ 4 deep), so only introspection can nest deeply.
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: false },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: 10 },
    // Armor's token plugin re-parses in parsingDidStart and turns every syntax error into an HTTP 500 under
    // Apollo 5; graphql-js enforces the same limit through parseOptions instead.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // Only armor's validation rules: its Apollo plugin exists for the token limit, which parseOptions replaces.
  const plugins: ApolloServerPlugin<GatewayContext>[] = [errorLogging()];
  if (config.production) plugins.push(ApolloServerPluginLandingPageDisabled());
  return new ApolloServer<GatewayContext>({
    schema,
    plugins,
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    allowBatchedHttpRequests: false,
    // Shutdown is ours (main.ts → Gateway.close): Apollo's own handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    // Apollo's own default shows stack traces unless NODE_ENV=production, i.e. under a plain `npm start`.
    includeStacktraceInErrorResponses: config.debugErrors,
    csrfPrevention: true,
    introspection: true,
    formatError: (formatted, error) => formatError(formatted, error, config.production),
  });
}

function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  production: boolean,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isExtractorError(original) && INPUT_CODES.has(original.code)) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', reason: original.code },
    };
  }
  const code = formatted.extensions?.['code'];
  // Query limits (armor's rules, graphql-js's token limit) mean the caller sent too much: BAD_USER_INPUT like
  // every other limit. (graphql-js spells its message "more that N tokens".)
  if (
    (code === 'GRAPHQL_VALIDATION_FAILED' && /limit of \d+ exceeded/i.test(formatted.message)) ||
    (code === 'GRAPHQL_PARSE_FAILED' && /contains more th[ae]t? \d+ tokens/i.test(formatted.message))
  ) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  // No schema hints for strangers (armor's suggestion blocker is an Apollo plugin we do not install).
  if (production && code === 'GRAPHQL_VALIDATION_FAILED' && / Did you mean /.test(formatted.message)) {
    return { ...formatted, message: formatted.message.replace(/ Did you mean .*\?$/s, '') };
  }
  if (original instanceof GraphQLError || code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (!production) return formatted;
  // Unexpected failures: keep internals out of the response; the log has them under the request id.
  return {
    message: "Internal server error; the server log has the details under this response's x-request-id.",
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function errorLogging(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const code = error.extensions?.['code'];
            if (original instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR') {
              contextValue.logger.info({ code, operationName, message: error.message }, 'request error');
            } else {
              contextValue.logger.error({ err: original, operationName }, 'internal error');
            }
          }
        },
      };
    },
  };
}
