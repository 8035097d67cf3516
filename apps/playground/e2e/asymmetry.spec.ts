import { expect, expectResult, open, screenshot, test } from './fixtures.js';

const number = (text: string | null) => Number.parseFloat((text ?? '').replace(/[^\d.-]/g, ''));

test.describe('Asymmetry', () => {
  test('runs the cat/dog experiment and charts surprise and asymmetry @asymmetry', async ({ page }) => {
    test.setTimeout(240_000);
    await open(page, 'asymmetry');
    await page.getByRole('button', { name: 'Run the cat/dog experiment' }).click();
    await expectResult(page.getByTestId('asymmetry-result'), page.getByRole('alert'), 180_000);

    const chart = page.getByTestId('asymmetry-chart');
    await expect(chart).toBeVisible();
    await expect(chart.getByTestId('asymmetry-group')).toHaveCount(3);

    // What is shown must be one consistent experiment: asymmetry = surprise(dogs) − surprise(cats), each a share.
    const dogs = number(await page.getByTestId('surprise-b').textContent());
    const cats = number(await page.getByTestId('surprise-a').textContent());
    const points = number(await page.getByTestId('asymmetry-points').textContent());
    for (const share of [dogs, cats]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(100);
    }
    expect(Math.abs(points - (dogs - cats))).toBeLessThanOrEqual(0.11);
    await expect(page.getByTestId('asymmetry-counts')).toHaveText(
      /cat: \d+ train \+ \d+ test; dog: \d+ train \+ \d+ test/,
    );
    await screenshot(page, 'asymmetry');
  });

  test('an unknown category shows the gateway message', async ({ page }) => {
    await open(page, 'asymmetry');
    await page.getByLabel('Category B').fill('unicorn');
    await page.getByRole('button', { name: 'Run the cat/unicorn experiment' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The experiment could not run');
    await expect(alert.locator('.error-message')).not.toBeEmpty();
  });
});
