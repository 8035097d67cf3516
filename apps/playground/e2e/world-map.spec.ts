import { expect, expectResult, gql, open, screenshot, test, waitForWorld } from './fixtures.js';

test.describe('World map', () => {
  let exampleCount = 0;
  let labelCounts = new Map<string, number>();
  test.beforeAll(async () => {
    await waitForWorld('demo');
    const { world } = await gql<{
      world: { embeddedCount: number; labels: { label: string; count: number }[] };
    }>('{ world(id: "demo") { embeddedCount labels { label count } } }');
    exampleCount = world.embeddedCount;
    labelCounts = new Map(world.labels.map((l) => [l.label, l.count]));
  });

  test('maps every image of the demo world and highlights a label', async ({ page }) => {
    await open(page, 'map');
    await page.getByLabel('World', { exact: true }).selectOption('demo');
    const points = page.getByTestId('map-point');
    await expectResult(page.getByTestId('world-map'), page.locator('.map-pane').getByRole('alert'));
    await expect(points).toHaveCount(exampleCount);
    await page.getByRole('button', { name: /^wine bottle \(\d+\)$/ }).click();
    await expect(page.locator('[data-testid="map-point"][data-highlighted="true"]')).toHaveCount(
      labelCounts.get('wine bottle') ?? -1,
    );
    expect(
      await page
        .locator('[data-testid="map-point"][data-highlighted="true"]')
        .evaluateAll((els) => els.every((el) => el.getAttribute('data-label') === 'wine bottle')),
    ).toBe(true);

    await screenshot(page, 'world-map');

    await page.getByLabel('UMAP').check();
    await expect(page.getByRole('img', { name: /demo \(UMAP\)/ })).toBeVisible();
    await expect(points).toHaveCount(exampleCount);
  });

  test('the cluster tree collapses and a selected cluster highlights exactly its members @clusters', async ({
    page,
  }) => {
    await open(page, 'map');
    await page.getByLabel('World', { exact: true }).selectOption('demo');
    await expect(page.getByTestId('map-point')).toHaveCount(exampleCount);
    const tree = page.getByRole('list', { name: 'Cluster tree' });
    await expectResult(tree, page.locator('.tree-pane').getByRole('alert'));
    const root = tree.getByTestId('cluster').first();
    await expect(root.getByRole('button', { name: /^world: \d+ images/ })).toBeVisible();

    // The first child cluster: selecting it highlights as many points as it says it has.
    const child = root.locator('ul > li[data-testid="cluster"]').first();
    const select = child.locator('.cluster-select').first();
    const size = Number(/(\d+) images?/.exec((await select.textContent()) ?? '')?.[1]);
    await select.click();
    await expect(select).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('[data-testid="map-point"][data-highlighted="true"]')).toHaveCount(size);
    await screenshot(page, 'world-map');

    const collapse = root.getByRole('button', { name: 'Collapse world' });
    await collapse.click();
    await expect(child).toBeHidden();
    await root.getByRole('button', { name: 'Expand world' }).press('Enter');
    await expect(child).toBeVisible();
  });
});
