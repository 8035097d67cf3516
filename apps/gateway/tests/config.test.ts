import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LIMITS, gatewayRoot, loadConfig } from '../src/config/gateway-config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(4000);
    expect(c.databasePath).toBe(path.join(gatewayRoot, 'data', 'clusterflow.sqlite'));
    expect(c.staticDir).toBe(path.resolve(gatewayRoot, '..', 'playground', 'dist'));
    expect(c.apiKey).toBeUndefined();
    expect(c.corsOrigins).toBe('*');
    expect(c.production).toBe(false);
    expect(c.debugErrors).toBe(false);
    expect(c.keepAliveTimeoutMs).toBe(76_000);
    expect(c.model).toBe('darknet-tiny');
    expect(c.backend).toBe('auto');
    expect(c.demoWorld).toBe(true);
    // The CNN (decoding included) off the event loop by default (issue 19 item 2).
    expect(c.workers).toBe(1);
    expect(c.batchSize).toBe(16);
    expect(c.limits).toEqual(DEFAULT_LIMITS);
    // darknet-tiny's conv features keep fooling images out (docs/RESULTS.md); other models use class space.
    expect(c.worldTap).toBe('leaky_re_lu_14:gap');
    expect(loadConfig({ CLUSTERFLOW_MODEL: 'mobilenet-v1-0.75-224' }).worldTap).toBe('classSpace');
    expect(loadConfig({ CLUSTERFLOW_WORLD_TAP: 'leaky_re_lu_15:flatten' }).worldTap).toBe(
      'leaky_re_lu_15:flatten',
    );
  });

  it('reads every variable', () => {
    const c = loadConfig({
      CLUSTERFLOW_HOST: '0.0.0.0',
      CLUSTERFLOW_PORT: '8080',
      CLUSTERFLOW_DB: '/tmp/x.sqlite',
      CLUSTERFLOW_API_KEY: 'secret',
      CLUSTERFLOW_CORS_ORIGINS: 'http://a.example, http://b.example',
      NODE_ENV: 'production',
      CLUSTERFLOW_BACKEND: 'cpu',
      CLUSTERFLOW_DEMO_WORLD: 'off',
      CLUSTERFLOW_DEBUG_ERRORS: '1',
      CLUSTERFLOW_MAX_IMAGES: '8',
      CLUSTERFLOW_MAX_PIXELS: '1000000',
      CLUSTERFLOW_MAX_DEPTH: '5',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      databasePath: '/tmp/x.sqlite',
      apiKey: 'secret',
      corsOrigins: ['http://a.example', 'http://b.example'],
      production: true,
      backend: 'cpu',
      demoWorld: false,
      debugErrors: true,
    });
    expect(c.limits).toMatchObject({ maxImagesPerRequest: 8, maxPixels: 1_000_000, maxDepth: 5 });
  });

  it('names the variable and what is allowed when a value is wrong', () => {
    expect(() => loadConfig({ CLUSTERFLOW_MAX_QUEUE: '512' })).toThrow(
      /CLUSTERFLOW_MAX_QUEUE .* was replaced by CLUSTERFLOW_QUEUE_BUDGET_MS/,
    );
    expect(loadConfig({ CLUSTERFLOW_QUEUE_BUDGET_MS: '5000' }).limits.queueBudgetMs).toBe(5000);
    expect(() => loadConfig({ CLUSTERFLOW_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLUSTERFLOW_PORT: '70000' })).toThrow(
      /CLUSTERFLOW_PORT is "70000"; it must be an integer between 0 and 65535/,
    );
    expect(() => loadConfig({ CLUSTERFLOW_BACKEND: 'tpu' })).toThrow(
      /CLUSTERFLOW_BACKEND is "tpu"; allowed: auto, tensorflow-gpu/,
    );
    expect(() => loadConfig({ CLUSTERFLOW_DEMO_WORLD: 'maybe' })).toThrow(
      /CLUSTERFLOW_DEMO_WORLD is "maybe"; allowed: true\/false/,
    );
    expect(() => loadConfig({ CLUSTERFLOW_WORLD_TAP: 'conv 1:max' })).toThrow(
      /CLUSTERFLOW_WORLD_TAP is "conv 1:max"; allowed: auto, classSpace, softmax, penultimate, <layer>/,
    );
  });
});
