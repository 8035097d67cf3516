import { expect, expectResult, open, pickSamples, screenshot, test } from './fixtures.js';

async function play(page: import('@playwright/test').Page, ids: string[]) {
  await open(page, 'set-game');
  await pickSamples(page, ids);
  await page.getByLabel('World knowledge').selectOption('');
  await page.getByRole('button', { name: 'Classify the set' }).click();
  await expectResult(page.getByTestId('relation-result'), page.getByRole('alert'));
}

/** The captions of each group's images, as shown. */
async function groups(page: import('@playwright/test').Page): Promise<string[][]> {
  const out: string[][] = [];
  for (const group of await page.getByTestId('relation-group').all()) {
    out.push(await group.locator('.thumb-caption').allInnerTexts());
  }
  return out;
}

test.describe('Set game', () => {
  test('three daisies are a set @reasoning', async ({ page }) => {
    await play(page, ['imagenet4-daisy-01', 'imagenet4-daisy-02', 'imagenet4-daisy-03']);
    await expect(page.getByTestId('relation-kind')).toHaveText('Set');
    expect(await groups(page)).toHaveLength(1);
    expect((await groups(page))[0]).toHaveLength(3);
  });

  test('a tabby, a tiger shark and a wine bottle are an antiset @reasoning', async ({ page }) => {
    await play(page, ['imagenet4-tabby-01', 'imagenet4-tiger-shark-01', 'imagenet4-wine-bottle-01']);
    await expect(page.getByTestId('relation-kind')).toHaveText('Antiset');
    expect((await groups(page)).map((g) => g.length)).toEqual([1, 1, 1]);
  });

  test('two daisies and a wine bottle are same-same-different, grouped that way @reasoning', async ({
    page,
  }) => {
    await play(page, ['imagenet4-daisy-01', 'imagenet4-daisy-02', 'imagenet4-wine-bottle-01']);
    await expect(page.getByTestId('relation-kind')).toHaveText('Same-same-different');
    const shown = await groups(page);
    expect(shown).toHaveLength(2);
    expect(shown[0].every((caption) => caption.includes('daisy'))).toBe(true);
    expect(shown[0]).toHaveLength(2);
    expect(shown[1]).toEqual([expect.stringContaining('wine bottle')]);
    await expect(page.getByTestId('relation-confidence')).toHaveText(/^\d+(\.\d)? %$/);
    await screenshot(page, 'set-game');
  });
});
