import { expect, open, screenshot, test } from './fixtures.js';
import { ROUTES } from '../src/logic/routes.js';

test.describe('Keyboard and narrow screens', () => {
  test('every page is reachable from the keyboard and marks the current page', async ({ page }) => {
    await open(page, 'odd-one-out');
    for (const route of ROUTES) {
      const link = page
        .getByRole('navigation', { name: 'Pages' })
        .getByRole('link', { name: route.title, exact: true });
      await link.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: route.title })).toBeVisible();
      await expect(link).toHaveAttribute('aria-current', 'page');
    }
  });

  test('samples are chosen with Tab and Space, and the question is asked with Enter', async ({ page }) => {
    await open(page, 'odd-one-out');
    const first = page.locator('button[data-sample-id]').first();
    await expect(first).toBeVisible();
    await first.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(page.locator('button[data-sample-id][aria-pressed="true"]')).toHaveCount(3);
    await expect(page.getByTestId('chosen-image')).toHaveCount(3);
    const ask = page.getByRole('button', { name: 'Find the odd one out' });
    await ask.focus();
    await page.keyboard.press('Enter');
    // Whatever the backend answers, the page settles on a result or an alert, never on nothing.
    await expect(page.getByTestId('odd-result').or(page.getByRole('alert'))).toBeVisible();
  });

  test('pages fit a 390 px wide phone screen without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const route of ROUTES) {
      await open(page, route.path);
      await expect(page.getByRole('heading', { level: 1, name: route.title })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${route.path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
    }
    await open(page, 'odd-one-out');
    await expect(page.locator('button[data-sample-id]').first()).toBeVisible();
    await screenshot(page, 'odd-one-out-narrow');
  });
});
