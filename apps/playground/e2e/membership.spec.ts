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

test.describe('World membership', () => {
  test.beforeAll(async () => {
    await waitForWorld('demo');
  });

  test('a real photo is in the demo world; a fooling image is outside it while the CNN is ≥ 99 % sure @reasoning @fooling', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await open(page, 'membership', { apiKey: true });
    await page.getByLabel('World', { exact: true }).selectOption('demo');

    const realColumn = page.locator('section', {
      has: page.getByRole('heading', { name: 'Real photos', exact: true }),
    });
    await pickSamples(page, ['pets-cat-01'], realColumn);
    const real = page.locator('[data-testid="membership-card"][data-kind="real"]');
    await expect(real).toHaveCount(1);
    await expectResult(real.getByTestId('in-world'), real.getByRole('alert'));
    await expect(real.getByTestId('in-world')).toHaveText('in the world');
    await expect(real.getByTestId('cnn-label')).not.toBeEmpty();
    await expect(real.getByTestId('guesses')).toContainText('cat');

    await page.getByLabel('Class to fake').fill('tabby');
    await page.getByRole('button', { name: 'Synthesise a fooling image' }).click();
    const fooling = page.locator('[data-testid="membership-card"][data-kind="fooling"]');
    const foolingColumn = page.locator('section', {
      has: page.getByRole('heading', { name: 'Fooling images' }),
    });
    await expectResult(fooling, foolingColumn.getByRole('alert'), 240_000);
    await expect(fooling).toHaveCount(1);
    await expectResult(fooling.getByTestId('in-world'), fooling.getByRole('alert'));
    await expect(fooling.getByTestId('in-world')).toHaveText('outside the world');
    await expect(fooling.getByTestId('in-world')).toHaveAttribute('data-in-world', 'false');
    expect(parsePercent(await fooling.getByTestId('cnn-confidence').textContent())).toBeGreaterThanOrEqual(
      0.99,
    );
    await expect(fooling.getByTestId('guesses')).toHaveText('no guess');
    await screenshot(page, 'membership');
  });

  test('synthesising without the API key shows the gateway refusal @fooling', async ({ page }) => {
    await open(page, 'membership');
    await page.getByLabel('World', { exact: true }).selectOption('demo');
    await page.getByRole('button', { name: 'Synthesise a fooling image' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Could not synthesise a fooling image');
    await expect(alert).toContainText('UNAUTHENTICATED');
  });
});
