import { expect, expectResult, open, parsePercent, screenshot, test, waitForWorld } from './fixtures.js';

test.describe('Asymmetry', () => {
  test.beforeAll(async () => {
    await waitForWorld('demo');
  });

  test('runs the cat/dog experiment and charts surprise and asymmetry consistent with every test image @reasoning', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await open(page, 'asymmetry', { apiKey: true });
    await page.getByRole('button', { name: 'Run the cat/dog experiment' }).click();
    await expectResult(page.getByTestId('asymmetry-result'), page.getByRole('alert'), 240_000);
    await expect(page.getByTestId('asymmetry-chart')).toBeVisible();

    // The surprises shown must be the share of rows marked "surprised" for each world.
    const rows = await page
      .locator('table.outcomes tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    expect(rows).toHaveLength(12);
    const share = (world: string) => {
      const mine = rows.filter((r) => r[1] === world);
      return mine.filter((r) => r[2].startsWith('surprised')).length / mine.length;
    };
    const dogs = parsePercent(await page.getByTestId('surprise-dogs').textContent());
    const cats = parsePercent(await page.getByTestId('surprise-cats').textContent());
    expect(dogs).toBeCloseTo(share('familiar-cats'), 3);
    expect(cats).toBeCloseTo(share('familiar-dogs'), 3);
    const points = Number.parseFloat((await page.getByTestId('asymmetry-points').textContent()) ?? '');
    expect(points).toBeCloseTo((dogs - cats) * 100, 0);
    await screenshot(page, 'asymmetry');
  });
});
