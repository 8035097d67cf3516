import type { AuthChecker } from 'type-graphql';
import { UnauthenticatedError } from '../errors/gateway-errors.js';
import type { GatewayContext } from './context.js';

/** Guards `@Authorized()` fields (the mutations): reads stay open, writes need the API key. */
export const apiKeyAuthChecker: AuthChecker<GatewayContext> = ({ context }) => {
  if (!context.authenticated) {
    throw new UnauthenticatedError(
      'This mutation needs the API key: send it as the x-api-key header or as "Authorization: Bearer <key>".',
    );
  }
  return true;
};
