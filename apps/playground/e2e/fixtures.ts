import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const rootDir = fileURLToPath(new URL('../../../', import.meta.url));
/** Screenshots for the README, one per page. */
export const SCREENSHOT_DIR = path.join(rootDir, 'docs', 'screenshots');
/** The gateway's bundled sample photos (the same files the samples query serves). */
export const SAMPLES_DIR = path.join(rootDir, 'apps', 'gateway', 'assets', 'samples');

export function gatewayUrl(): string {
  const url = process.env['CLUSTERFLOW_E2E_URL'];
  if (url === undefined)
    throw new Error(
      'CLUSTERFLOW_E2E_URL is unset: run the tests through playwright.config.ts (global setup).',
    );
  return url;
}

export function apiKey(): string {
  return process.env['CLUSTERFLOW_E2E_API_KEY'] ?? '';
}

/** Calls the gateway directly (test preparation only; the pages under test go through the UI). */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<T> {
  const response = await fetch(`${gatewayUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'x-api-key': key }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors !== undefined && body.errors.length > 0)
    throw new Error(body.errors.map((e) => e.message).join('; '));
  if (body.data === undefined) throw new Error(`No data (HTTP ${response.status}).`);
  return body.data;
}

/** Waits until the named world is READY (the demo world is built in the background on first start). */
export async function waitForWorld(name: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not listed';
  while (Date.now() < deadline) {
    const { worlds } = await gql<{ worlds: { name: string; status: string; treeNote: string | null }[] }>(
      '{ worlds { name status treeNote } }',
    );
    const world = worlds.find((w) => w.name === name);
    if (world?.status === 'READY') return;
    if (world?.status === 'FAILED')
      throw new Error(`World "${name}" failed to build: ${world.treeNote ?? 'no note'}`);
    last = world?.status ?? 'not listed';
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`World "${name}" was not READY after ${timeoutMs / 1000} s (last: ${last}).`);
}

/** Opens a page of the playground as served by the gateway. */
export async function open(page: Page, route: string, options: { apiKey?: boolean } = {}): Promise<void> {
  if (options.apiKey === true) {
    await page.addInitScript((key) => window.localStorage.setItem('clusterflow.apiKey', key), apiKey());
  }
  await page.goto(`${gatewayUrl()}/#/${route}`);
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
}

/** Clicks sample tiles by id (they are toggle buttons). */
export async function pickSamples(page: Page, ids: string[], within = page.locator('body')): Promise<void> {
  for (const id of ids) {
    const tile = within.locator(`button[data-sample-id="${id}"]`).first();
    await tile.click();
    await expect(tile).toHaveAttribute('aria-pressed', 'true');
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Parses "98.7 %" into 0.987. */
export function parsePercent(text: string | null): number {
  const match = /(-?\d+(?:\.\d+)?)\s*%/.exec(text ?? '');
  if (match === null) throw new Error(`"${text}" is not a percentage.`);
  return Number(match[1]) / 100;
}

/**
 * Waits until `result` shows, failing at once with the page's own error text when an alert appears instead
 * (so a missing backend fails in seconds with its message rather than after a long timeout).
 */
export async function expectResult(result: Locator, alerts: Locator, timeout = 30_000): Promise<void> {
  await expect(result.or(alerts).first()).toBeVisible({ timeout });
  if (!(await result.first().isVisible())) {
    throw new Error(
      `The page shows an error instead of a result: ${(await alerts.first().innerText()).replace(/\s+/g, ' ')}`,
    );
  }
}

export const test = base;
export { expect };
