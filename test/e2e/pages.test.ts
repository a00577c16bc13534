/**
 * The overview, cost, security and alerts pages end to end: the local HostMaster over the demo
 * organization (with planted problems), driven by headless Chromium as the demo admin. Asserts what
 * the demo fleet must produce (savings, posture scores, findings) and saves screenshots in test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../frontend/src/app/routes';
import { type LocalHostMaster, startLocal } from '../local/start-local';
import { CHROMIUM, hasChromium, launchChromium, SCREENSHOTS } from './browser';

if (!hasChromium)
  console.warn(`Skipping the pages e2e test: ${CHROMIUM} is absent (apt-get install chromium)`);

/** `$1,234.56` → 1234.56. */
function dollars(text: string | null): number {
  const match = /\$([\d,]+(?:\.\d+)?)/.exec(text ?? '');
  return match?.[1] ? Number(match[1].replaceAll(',', '')) : Number.NaN;
}

describe.skipIf(!hasChromium)('dashboard pages', () => {
  let local: LocalHostMaster;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-pages-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    local = await startLocal({ port: 0, dataDir, scanIntervalMinutes: 60 });
    await local.scansIdle();
    browser = await launchChromium();
    const admin = local.users.find((u) => u.group === 'admin');
    if (!admin) throw new Error('no demo admin');
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(local.url);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 20_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(hash: string, heading: string): Promise<void> {
    await page.goto(`${local.url}/${hash}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: 20_000 });
  }

  async function shoot(name: string, on: Page = page): Promise<void> {
    await on.screenshot({ path: path.join(SCREENSHOTS, `pages-${name}.png`), fullPage: true });
  }

  /** A phone held upright (390 × 844), signed in as the demo admin. */
  async function phone(): Promise<Page> {
    const admin = local.users.find((u) => u.group === 'admin')!;
    const small = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await small.goto(local.url);
    await small.getByLabel('Email').fill(admin.email);
    await small.getByLabel('Password').fill(admin.password);
    await small.getByRole('button', { name: 'Sign in' }).click();
    await small.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 20_000 });
    return small;
  }

  /** How far the document is wider than the screen, in pixels (0: no horizontal scrolling). */
  const overflowOf = (on: Page) =>
    on.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ) as Promise<number>;

  it('lands on the overview with every account, the month to date, savings and posture', async () => {
    // Act
    await open('#/', 'Overview');
    const accountsTable = page.locator('.health-table');
    await accountsTable.locator('tbody tr').first().waitFor({ timeout: 20_000 });
    const savingsTile = page.locator('.tile', { hasText: 'Potential savings' });
    await savingsTile.locator('.tile-value').waitFor({ timeout: 20_000 });
    await page.locator('.tile', { hasText: 'Security posture' }).locator('.score-text').first().waitFor();
    await shoot('overview');
    const rows = await accountsTable.locator('tbody tr').count();
    const savings = dollars(await savingsTile.locator('.tile-value').textContent());

    // Assess
    expect(rows).toBe(local.fleet.accounts.length);
    expect(savings).toBeGreaterThan(0);
    await expect(page.getByRole('link', { name: 'Inventory' }).first().isVisible()).resolves.toBe(true);
  }, 60_000);

  it('fills every overview tile with a value and every account health cell', async () => {
    // Act
    await open('#/', 'Overview');
    const tiles = page.locator('.overview-tiles .tile');
    // Every tile has settled once none of them is loading any more.
    await page.waitForFunction(
      "document.querySelectorAll('.overview-tiles .tile').length === 6 && !document.querySelector('.overview-tiles .loading')",
      undefined,
      { timeout: 20_000 },
    );
    await page.locator('.health-table tbody tr').first().waitFor({ timeout: 20_000 });
    const tileTexts = await tiles.allTextContents();
    const openAlerts = await tiles.filter({ hasText: 'Open alerts' }).locator('.tile-value').textContent();
    const errors = await page
      .locator('.overview-tiles [role="alert"], .page-overview .message-error')
      .count();
    const healthCells = await page
      .locator('.health-table tbody td')
      .evaluateAll((cells) => cells.map((c) => (c.textContent ?? '').trim()));

    // Assess
    expect(tileTexts).toHaveLength(6);
    // No remediation has run in this estate: the ledger says so rather than showing $0.00.
    expect(tileTexts.find((t) => t.startsWith('Realized savings'))).toContain(
      'No verified fix with a saving yet',
    );
    for (const text of tileTexts) {
      expect(text).not.toMatch(/Loading|—|Could not load|Not allowed/);
    }
    expect(openAlerts).toMatch(/^\d[\d,]*$/);
    expect(errors).toBe(0);
    expect(healthCells.length).toBeGreaterThan(0);
    for (const cell of healthCells) {
      expect(cell).not.toBe('');
      expect(cell).not.toContain('—');
    }
  }, 60_000);

  it('shows cost over time, breakdowns that add up, and savings with their evidence and what to do', async () => {
    // Act
    await open('#/cost', 'Cost');
    await page.locator('svg.daily-chart rect.bar').first().waitFor({ timeout: 20_000 });
    const serviceTable = page.locator('section', { has: page.getByRole('heading', { name: 'By service' }) });
    await serviceTable.locator('tfoot').waitFor({ timeout: 20_000 });
    const savings = page.locator('#savings');
    await savings.locator('.savings-table tbody tr').first().waitFor({ timeout: 20_000 });
    await savings.locator('.disclosure').first().click();
    await savings.locator('.detail-row').waitFor();
    await shoot('cost');
    const parts = await serviceTable
      .locator('tbody td:nth-child(3)')
      .evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
    const total = dollars(await serviceTable.locator('tfoot td.num').textContent());
    const savingsTotal = dollars(await savings.locator('.savings-total strong').textContent());
    const evidence = await savings.locator('.detail-row').textContent();
    const advice = await savings.locator('.detail-row .remediation').textContent();

    // Assess
    const partCents = parts.reduce((sum, text) => sum + Math.round(dollars(text) * 100), 0);
    expect(total).toBeGreaterThan(0);
    expect(partCents).toBe(Math.round(total * 100));
    expect(savingsTotal).toBeGreaterThan(0);
    expect(evidence).toMatch(/price|threshold|hourly|monthly/i);
    // Evidence reads in words with units, never a raw key such as "Monthly usd".
    expect(evidence).not.toMatch(/usd/i);
    expect(evidence).toMatch(/\$\d/);
    expect(await savings.locator('.savings-table > thead th').allTextContents()).toEqual([
      'Finding',
      'Resource',
      'Account',
      'Region',
      'Severity',
      'Monthly saving',
    ]);
    // Accounts read "name (id)", the names from the fleet's registered list.
    const names = new Map(local.fleet.accounts.map((a) => [a.id, a.name]));
    const accountCells = await savings
      .locator('.savings-table > tbody > tr:not(.detail-row) > td:nth-child(3)')
      .allTextContents();
    expect(accountCells.length).toBeGreaterThan(0);
    for (const cell of accountCells) {
      const id = /\((\d{12})\)$/.exec(cell.trim())?.[1];
      expect(cell.trim()).toBe(`${names.get(id ?? '')} (${id})`);
    }
    expect(advice).toMatch(/^What to do\S.{10,}/);
  }, 60_000);

  it('shows framework scores, findings by severity with what to do, and a printable report', async () => {
    // Act
    await open('#/security', 'Security');
    const findingRow = page.locator('.findings-table tbody tr').first();
    await findingRow.waitFor({ timeout: 20_000 });
    await page.locator('.framework').first().waitFor();
    await page.locator('.findings-table .disclosure').first().click();
    const advice = await page.locator('.findings-table .detail-row .remediation').textContent();
    await shoot('security');
    const scores = await page.locator('.score-tiles .score-text').allTextContents();
    const firstFinding = await findingRow.textContent();
    await open('#/security/report', 'Security posture report');
    await page.locator('.report-findings tbody tr').first().waitFor({ timeout: 20_000 });
    await page.emulateMedia({ media: 'print' });
    await shoot('security-report-print');
    // A string, evaluated in the page: this file is type-checked without the DOM library.
    const topBarWhenPrinted = await page.evaluate(
      "(() => { const bar = document.querySelector('.top-bar'); return bar ? getComputedStyle(bar).display : 'absent'; })()",
    );
    await page.emulateMedia({ media: 'screen' });

    // Assess
    expect(scores).toHaveLength(2);
    for (const score of scores) expect(score).toMatch(/^\d{1,3}%$/);
    expect(firstFinding).toMatch(/critical|high|medium|low|informational/);
    expect(advice).toMatch(/^What to do\S.{10,}/);
    expect(topBarWhenPrinted).toBe('none');
  }, 60_000);

  it('lists alerts with filters, recipients and the digest preview', async () => {
    // Act
    await open('#/alerts', 'Alerts');
    await page.getByRole('heading', { name: 'Recipients' }).waitFor();
    await page.locator('.digest-text').waitFor({ timeout: 20_000 });
    await page.getByLabel('Status').selectOption('');
    await page.waitForTimeout(500);
    await page.getByLabel('Channel').selectOption('sms');
    await page.getByLabel('Phone number (E.164)').fill('415 555 0100');
    const inlineError = await page.locator('.field-error').first().textContent();
    await shoot('alerts');

    // Assess
    expect(inlineError).toMatch(/spaces|\+/);
    // The preview is the digest as sent: every link absolute, into the dashboard that served it.
    const digestText = (await page.locator('.digest-text').textContent()) ?? '';
    const links = digestText.match(/\S*#\/\S*/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${local.url}/#/`), link).toBe(true);
    await expect(page.getByRole('button', { name: 'Add', exact: true }).isDisabled()).resolves.toBe(true);
  }, 60_000);

  it('fits every page on a 390 px phone screen without horizontal scrolling', async () => {
    // Prepare
    const small = await phone();
    await small.goto(`${local.url}/#/inventory`);
    const firstResource = small.locator('.resource-table tbody a').first();
    await firstResource.waitFor({ timeout: 20_000 });
    const resourceHash = (await firstResource.getAttribute('href'))!;
    // Keyed by route name: a page added to routes.ts fails to compile here until it is checked too.
    const pages: Record<Route['name'], { readonly hash: string; readonly heading?: string }> = {
      overview: { hash: '#/', heading: 'Overview' },
      inventory: { hash: '#/inventory', heading: 'Inventory' },
      resource: { hash: resourceHash },
      accounts: { hash: '#/accounts', heading: 'Accounts' },
      cost: { hash: '#/cost', heading: 'Cost' },
      security: { hash: '#/security', heading: 'Security' },
      'security-report': { hash: '#/security/report', heading: 'Security posture report' },
      alerts: { hash: '#/alerts', heading: 'Alerts' },
      settings: { hash: '#/settings', heading: 'Settings' },
      schedules: { hash: '#/schedules', heading: 'Schedules' },
      remediation: { hash: '#/remediation', heading: 'Remediation' },
      // A link that does not verify: the page says why (remediation.test.ts opens a real one).
      approve: {
        hash: '#/approve?id=rem-20261203-00000000&token=not.valid',
        heading: 'Approve a remediation',
      },
      'not-found': { hash: '#/no-such-page', heading: 'Page not found' },
    };
    const overflow: Record<string, number> = {};

    // Act
    for (const [name, { hash, heading }] of Object.entries(pages)) {
      await small.goto(`${local.url}/${hash}`);
      await small.getByRole('heading', { level: 1, ...(heading ? { name: heading } : {}) }).waitFor({
        timeout: 20_000,
      });
      await small
        .waitForFunction("!document.querySelector('.loading')", undefined, { timeout: 20_000 })
        .catch(() => undefined);
      await shoot(`phone-${name}`, small);
      overflow[name] = await overflowOf(small);
    }
    await small.close();

    // Assess
    expect(overflow).toEqual(Object.fromEntries(Object.keys(pages).map((name) => [name, 0])));
  }, 180_000);

  it('lets an admin on a phone reach every page through the menu and acknowledge an alert', async () => {
    // Prepare
    const small = await phone();
    const nav = small.getByRole('navigation', { name: 'Main' });
    const navHiddenAtFirst = await nav.isHidden();

    // Act
    await small.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'Alerts', exact: true }).click();
    await small.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor({ timeout: 20_000 });
    const navHiddenAfter = await nav.isHidden();
    const acknowledge = small.getByRole('button', { name: 'Acknowledge' }).first();
    await acknowledge.waitFor({ timeout: 20_000 });
    const before = await small.getByRole('button', { name: 'Acknowledge' }).count();
    const box = (await acknowledge.boundingBox())!;
    const firstResource = await small.locator('.alerts-table .cell-resource').first().textContent();
    await shoot('phone-alerts-before-acknowledge', small);
    await acknowledge.click();
    // The page reloads the open alerts: the acknowledged one leaves the list.
    await small.waitForFunction(
      `document.querySelectorAll('.alerts-table .row-actions').length < ${before}`,
      undefined,
      { timeout: 20_000 },
    );
    const after = await small.getByRole('button', { name: 'Acknowledge' }).count();
    await small.getByLabel('Status').selectOption('acknowledged');
    await small.locator('.alerts-table .cell-status', { hasText: 'acknowledged' }).first().waitFor({
      timeout: 20_000,
    });
    const acknowledgedResources = await small.locator('.alerts-table .cell-resource').allTextContents();
    const overflow = await overflowOf(small);
    await small.close();

    // Assess
    expect(navHiddenAtFirst).toBe(true);
    expect(navHiddenAfter).toBe(true);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.height).toBeGreaterThanOrEqual(36);
    expect(after).toBe(before - 1);
    expect(acknowledgedResources).toContain(firstResource);
    expect(overflow).toBe(0);
  }, 120_000);
});
