/**
 * Scheduling end to end: the local HostMaster over the demo organization; an operator (here the demo
 * admin) opens an off-hours suggestion on the Cost page, previews it as a schedule and applies it in
 * one click, then finds the schedule, its week and the instance on the Schedules page and on the
 * instance's own page. Screenshots at 1440 and 390 px land in test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHostMaster, startLocal } from '../local/start-local';
import { hasChromium, launchChromium, SCREENSHOTS } from './browser';

describe.skipIf(!hasChromium)('applying a suggested schedule from the dashboard', () => {
  let local: LocalHostMaster;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-schedules-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    local = await startLocal({ port: 0, dataDir, scanIntervalMinutes: 60 });
    await local.scansIdle();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(page: Page): Promise<void> {
    const admin = local.users.find((u) => u.group === 'admin');
    if (!admin) throw new Error('no demo admin');
    await page.goto(local.url);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 20_000 });
  }

  it('previews the off-hours suggestion, applies it in one click and shows it on the Schedules page', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page);
    await page.getByRole('link', { name: 'Cost', exact: true }).click();
    const suggestion = page.getByRole('button', { name: /could run on a schedule/ }).first();
    await suggestion.waitFor({ timeout: 30_000 });

    // Act: open the finding, read the preview, apply
    await suggestion.click();
    const preview = page.locator('.suggestion-panel');
    await preview.getByText(/runs 60 h a week, stopped 469\.29 h a month/).waitFor({ timeout: 20_000 });
    await preview.screenshot({ path: path.join(SCREENSHOTS, 'schedules-suggestion-preview.png') });
    const instanceName =
      (await page.locator('tr.expanded .resource-link a').first().textContent())?.trim() ?? '';
    await preview.getByRole('button', { name: 'Apply this schedule' }).click();
    await preview.getByRole('status').waitFor({ timeout: 20_000 });

    // Assess: the confirmation, then the Schedules page and the instance's page
    expect(await preview.getByRole('status').textContent()).toMatch(
      new RegExp(`Applied: business-hours-utc created and assigned to ${instanceName}`),
    );
    await preview.getByRole('link', { name: 'See it on the Schedules page' }).click();
    await page.getByRole('heading', { name: 'business-hours-utc', level: 2 }).waitFor({ timeout: 20_000 });
    const card = page.locator('section.schedule-card');
    expect(await card.getByRole('link', { name: instanceName }).count()).toBe(1);
    expect(await card.getByText('assignment').count()).toBe(1);
    expect(await card.getByRole('img', { name: /: 08:00–20:00$/ }).count()).toBe(5);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'schedules-page-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'schedules-page-390.png'), fullPage: true });

    await page.setViewportSize({ width: 1440, height: 1000 });
    await card.getByRole('link', { name: instanceName }).click();
    const scheduleCard = page.locator('section[aria-labelledby="schedule-heading"]');
    await scheduleCard.getByRole('link', { name: 'business-hours-utc' }).waitFor({ timeout: 20_000 });
    expect(await scheduleCard.textContent()).toMatch(/by assignment/);
    expect(await scheduleCard.getByText(/^(start|stop) /).count()).toBe(2);
    await scheduleCard.screenshot({ path: path.join(SCREENSHOTS, 'schedules-resource-card.png') });
    await page.close();
  }, 180_000);
});
