import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import {
  expect,
  expectResult,
  open,
  parsePercent,
  pickSamples,
  screenshot,
  test,
  waitForWorld,
} from './fixtures.js';

const FOOLING_TABBY = fileURLToPath(new URL('./fixtures/fooling-tabby-s1.png', import.meta.url));

const column = (page: Page, heading: string) =>
  page.locator('section.column', { has: page.getByRole('heading', { name: heading, exact: true }) });

/** The fooling card shows "outside the world" while the CNN's confidence shown is at least 99 %. */
async function expectFooled(page: Page, timeout: number) {
  const fooling = page.locator('[data-testid="membership-card"][data-kind="fooling"]');
  await expectResult(fooling, column(page, 'Fooling images').getByRole('alert'), timeout);
  await expect(fooling).toHaveCount(1);
  await expectResult(fooling.getByTestId('in-world'), fooling.getByRole('alert'));
  await expect(fooling.getByTestId('in-world')).toHaveText('outside the world');
  await expect(fooling.getByTestId('in-world')).toHaveAttribute('data-in-world', 'false');
  await expect(fooling.getByTestId('guesses')).toHaveText('no guess');
  expect(parsePercent(await fooling.getByTestId('cnn-confidence').textContent())).toBeGreaterThanOrEqual(
    0.99,
  );
  return fooling;
}

test.describe('World membership', () => {
  test.beforeAll(async () => {
    await waitForWorld('demo');
  });

  test('a real cat photo is in the demo world; a fooling "tabby" is outside it though the CNN is ≥ 99 % sure @reasoning', async ({
    page,
  }) => {
    await open(page, 'membership');
    await page.getByLabel('World', { exact: true }).selectOption('demo');

    await pickSamples(page, ['pets-cat-01'], column(page, 'Real photos'));
    const real = page.locator('[data-testid="membership-card"][data-kind="real"]');
    await expect(real).toHaveCount(1);
    await expectResult(real.getByTestId('in-world'), real.getByRole('alert'));
    await expect(real.getByTestId('in-world')).toHaveText('in the world');
    await expect(real.getByTestId('guesses')).toContainText('cat');
    await expect(real.getByTestId('cnn-label')).not.toBeEmpty();

    await column(page, 'Fooling images').locator('input[type=file]').setInputFiles(FOOLING_TABBY);
    const fooling = await expectFooled(page, 30_000);
    await expect(fooling.getByTestId('cnn-label')).toHaveText('tabby');
    await screenshot(page, 'membership');
    expect(path.basename(FOOLING_TABBY)).toBe('fooling-tabby-s1.png');
  });

  test('the button synthesises a new fooling image that ClusterFlow places outside the world @reasoning @fooling', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await open(page, 'membership', { apiKey: true });
    await page.getByLabel('World', { exact: true }).selectOption('demo');
    await page.getByLabel('Class to fake').fill('tabby');
    await page.getByRole('button', { name: 'Synthesise a fooling image' }).click();
    await expectFooled(page, 240_000);
    await expect(page.getByRole('status').filter({ hasText: 'Made one' })).toBeVisible();
  });

  test('synthesising without the API key shows the gateway refusal @fooling', async ({ page }) => {
    await open(page, 'membership');
    await page.getByLabel('World', { exact: true }).selectOption('demo');
    await page.getByRole('button', { name: 'Synthesise a fooling image' }).click();
    const alert = column(page, 'Fooling images').getByRole('alert');
    await expect(alert).toContainText('Could not synthesise a fooling image');
    await expect(alert).toContainText('UNAUTHENTICATED');
  });
});
