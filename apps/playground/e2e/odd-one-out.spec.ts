import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, expectResult, open, pickSamples, SAMPLES_DIR, screenshot, test } from './fixtures.js';

test.describe('Odd one out', () => {
  test('two daisies and a wine bottle: the bottle is the odd one out @reasoning', async ({ page }) => {
    await open(page, 'odd-one-out');
    await expect(page.getByRole('heading', { level: 1, name: 'Odd one out' })).toBeVisible();
    await pickSamples(page, ['imagenet4-daisy-01', 'imagenet4-wine-bottle-01', 'imagenet4-daisy-02']);
    await page.getByLabel('World knowledge').selectOption('');
    await page.getByRole('button', { name: 'Find the odd one out' }).click();

    const result = page.getByTestId('odd-result');
    await expectResult(result, page.getByRole('alert'));
    const odd = result.locator('li[data-odd="true"]');
    await expect(odd).toHaveCount(1);
    await expect(odd.getByRole('img')).toHaveAttribute('alt', /wine bottle/);
    await expect(page.getByTestId('odd-name')).toContainText('image 2');
    await expect(page.getByTestId('odd-confidence')).toHaveText(/^\d+(\.\d)? %$/);
    await expect(page.getByTestId('odd-strategy')).toHaveText(/labels|geometric|combined/);
    await expect(page.getByTestId('odd-explanation')).not.toBeEmpty();
    await screenshot(page, 'odd-one-out');
  });

  test('uploaded photos dropped on the page work the same way @reasoning', async ({ page }) => {
    await open(page, 'odd-one-out');
    const files = [
      'imagenet4/daisy/n11939491_daisy.jpg',
      'imagenet4/daisy/ILSVRC2012_val_00009188.JPEG',
      'imagenet4/wine_bottle/n04591713_wine_bottle.jpg',
    ].map((file) => ({
      name: path.basename(file),
      base64: readFileSync(path.join(SAMPLES_DIR, file)).toString('base64'),
    }));
    // A real drop event carrying real files, as a user dragging from the desktop produces.
    const transfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: 'image/jpeg' }));
      }
      return dt;
    }, files);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await expect(page.getByTestId('chosen-image')).toHaveCount(3);
    await page.getByLabel('World knowledge').selectOption('');
    await page.getByRole('button', { name: 'Find the odd one out' }).click();
    await expectResult(page.getByTestId('odd-result'), page.getByRole('alert'));
    const odd = page.getByTestId('odd-result').locator('li[data-odd="true"]');
    await expect(odd).toHaveCount(1);
    await expect(odd.getByRole('img')).toHaveAttribute('alt', 'n04591713_wine_bottle.jpg');
  });

  test('a file that is not an image shows the gateway error message', async ({ page }) => {
    await open(page, 'odd-one-out');
    await page.locator('input[type=file]').setInputFiles([
      { name: 'notes-1.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is plain text, not a JPEG') },
      { name: 'notes-2.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('neither is this one') },
      { name: 'notes-3.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('nor this') },
    ]);
    await page.getByLabel('World knowledge').selectOption('');
    await page.getByRole('button', { name: 'Find the odd one out' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The gateway could not answer');
    await expect(alert).toContainText('code: BAD_USER_INPUT');
    await expect(alert.locator('.error-message')).toContainText(/image|JPEG|PNG|WebP/i);
  });
});
