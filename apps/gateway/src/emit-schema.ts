import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatewayRoot } from './config/gateway-config.js';
import { buildGatewaySchema, printGatewaySchema } from './schema/build-schema.js';

/** Writes `apps/gateway/schema.graphql` from the code-first schema (run after `npm run build`). */
const target = path.join(gatewayRoot, 'schema.graphql');
writeFileSync(target, printGatewaySchema(await buildGatewaySchema()));
console.log(`wrote ${target}`);
