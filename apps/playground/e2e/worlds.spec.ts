import path from 'node:path';
import {
  apiKey,
  expect,
  expectResult,
  gql,
  open,
  pickSamples,
  SAMPLES_DIR,
  screenshot,
  test,
} from './fixtures.js';

test.describe('Worlds', () => {
  test('creates a world from uploaded labelled photos and samples, with progress, then uses it elsewhere', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const name = `flowers-e2e-${Date.now().toString(36)}`;
    await open(page, 'worlds');
    await page.getByLabel('Name', { exact: true }).fill(name);
    const create = page.locator('section.create-world');
    await create
      .locator('input[type=file]')
      .setInputFiles([
        path.join(SAMPLES_DIR, 'flowers/rose/11694025703_9a906fedc1_n.jpg'),
        path.join(SAMPLES_DIR, 'flowers/rose/12238827553_cf427bfd51_n.jpg'),
      ]);
    await page.getByLabel('Label for 11694025703_9a906fedc1_n.jpg').fill('rose');
    await page.getByLabel('Label for 12238827553_cf427bfd51_n.jpg').fill('rose');
    // 12 examples: the reasoning library calibrates a world's boundary with 5 folds of at least 2 examples.
    const samples = ['daisy-01', 'daisy-02', 'daisy-03', 'daisy-04', 'rose-03', 'rose-04'];
    samples.push('tulip-01', 'tulip-02', 'tulip-03', 'tulip-04');
    await pickSamples(
      page,
      samples.map((s) => `flowers-${s}`),
      create,
    );
    await expect(page.getByLabel('Label for daisy (flowers-daisy-01)')).toHaveValue('daisy');

    // Without the key the gateway refuses, and the page says why.
    await page.getByRole('button', { name: 'Create world' }).click();
    await expect(create.getByRole('alert')).toContainText('UNAUTHENTICATED');

    await page.getByLabel('API key').fill(apiKey());
    await page.getByRole('button', { name: 'Create world' }).click();
    await expect(page.getByTestId('job-progress')).toBeVisible();
    await expectResult(page.getByTestId('world-created'), create.getByRole('alert'), 180_000);
    await expect(page.getByRole('progressbar', { name: /Building/ })).toHaveAttribute('value', '100');

    const card = page.locator(`[data-testid="world"][data-world="${name}"]`);
    await expect(card).toContainText('in use');
    await expect(card.getByTestId('world-status')).toHaveText('ready');
    await expect(card).toContainText('12 images');
    await expect(card).toContainText('rose (4)');
    const { world } = await gql<{
      world: { exampleCount: number; labels: { label: string; count: number }[] };
    }>('query($id: ID!) { world(id: $id) { exampleCount labels { label count } } }', { id: name });
    expect(world.exampleCount).toBe(12);
    expect(world.labels).toEqual([
      { label: 'daisy', count: 4 },
      { label: 'rose', count: 4 },
      { label: 'tulip', count: 4 },
    ]);
    await screenshot(page, 'worlds');

    // The new world is the one the other pages now use.
    await page.getByRole('link', { name: 'Odd one out' }).click();
    await expect(page.getByLabel('World knowledge')).toHaveValue(name);

    // And it can be deleted again.
    await page.getByRole('link', { name: 'Worlds' }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await expect(page.locator(`[data-testid="world"][data-world="${name}"]`)).toHaveCount(0);
    const { worlds } = await gql<{ worlds: { name: string }[] }>('{ worlds { name } }');
    expect(worlds.map((w) => w.name)).not.toContain(name);
  });

  test('a duplicate name is refused with the gateway message', async ({ page }) => {
    await open(page, 'worlds', { apiKey: true });
    await page.getByLabel('Name', { exact: true }).fill('demo');
    await pickSamples(page, ['pets-cat-01'], page.locator('section.create-world'));
    await page.getByRole('button', { name: 'Create world' }).click();
    const alert = page.locator('section.create-world').getByRole('alert');
    await expect(alert).toContainText('BAD_USER_INPUT');
    await expect(alert.locator('.error-message')).toContainText('demo');
  });
});
