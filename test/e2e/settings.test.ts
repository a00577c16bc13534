/**
 * The admin settings page end to end: the local HostMaster, headless Chromium, the demo admin and
 * viewer. The page must show the configuration the local runtime really runs with (registered fleet
 * accounts, the management account, the scan schedule), and a viewer must neither see it nor read it.
 * Screenshots at 1440 and 390 px wide go to test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUser } from '../local/cognito';
import { type LocalHostMaster, startLocal } from '../local/start-local';
import { CHROMIUM, hasChromium, launchChromium, SCREENSHOTS } from './browser';

if (!hasChromium)
  console.warn(`Skipping the settings e2e test: ${CHROMIUM} is absent (apt-get install chromium)`);

describe.skipIf(!hasChromium)('settings page', () => {
  let local: LocalHostMaster;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-settings-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    local = await startLocal({ port: 0, dataDir, scanIntervalMinutes: 60 });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await local?.scansIdle();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 240_000);

  function user(group: string): DemoUser {
    const found = local.users.find((u) => u.group === group);
    if (!found) throw new Error(`no demo ${group}`);
    return found;
  }

  async function signIn(who: DemoUser, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(local.url);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 30_000 });
    return page;
  }

  it.each([1440, 390])(
    'shows an administrator the local configuration in force, %i px wide',
    async (width) => {
      // Prepare
      const page = await signIn(user('admin'), width);
      const { managementAccountId } = local.fleet.organization;

      // Act
      await page.goto(`${local.url}/#/settings`);
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor({ timeout: 20_000 });
      const accounts = page.locator('section', { has: page.getByRole('heading', { name: 'Accounts' }) });
      await accounts.locator('dd').first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `settings-${width}.png`), fullPage: true });
      const text = await page.locator('.settings-grid').innerText();
      // The page's own content must fit the width (the shared top bar's small-screen layout is not this page's).
      const overflow = await page
        .locator('.settings-grid')
        .evaluate(
          (grid, viewport) =>
            Math.max(
              grid.getBoundingClientRect().right - viewport,
              ...[...grid.querySelectorAll('.panel')].map((panel) => panel.scrollWidth - panel.clientWidth),
            ),
          width,
        );
      await page.close();

      // Assess
      expect(text).toContain('The registered list below');
      for (const account of local.fleet.accounts) expect(text).toContain(account.id);
      expect(text).toContain(managementAccountId);
      expect(text).toMatch(/Every 60 minutes\s*rate\(60 minutes\)/);
      expect(text).toContain('Every 8 hours');
      expect(text).toMatch(/Required tags\s*owner\s*environment/);
      expect(text).toContain('$1.00 a month');
      expect(text).toContain('None: member stacks are deployed by hand');
      expect(overflow).toBeLessThanOrEqual(0);
    },
    90_000,
  );

  it('hides the page from a viewer, whom the API refuses', async () => {
    // Prepare
    const page = await signIn(user('viewer'), 1440);

    // Act
    const navLinks = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    await page.goto(`${local.url}/#/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor({ timeout: 20_000 });
    const refusal = page.getByRole('alert');
    await refusal.waitFor({ timeout: 20_000 });
    const shown = await page.locator('main').innerText();
    const refusals = await refusal.count();
    await page.close();

    // Assess
    expect(navLinks).not.toContain('Settings');
    expect(refusals).toBe(1);
    expect(shown).toContain('Only administrators can see the settings.');
    expect(shown).not.toContain(local.fleet.organization.managementAccountId);
  }, 90_000);
});
