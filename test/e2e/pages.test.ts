/**
 * The overview, cost, security and alerts pages end to end: the local HostMaster over the demo
 * organization (with planted problems), driven by headless Chromium as the demo admin. Asserts what
 * the demo fleet must produce (savings, posture scores, findings) and saves screenshots in test-results/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHostMaster, startLocal } from '../local/start-local';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.resolve('test-results');
const hasChromium = existsSync(CHROMIUM);
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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
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

  async function shoot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, `pages-${name}.png`), fullPage: true });
  }

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

  it('shows cost over time, breakdowns that add up, and savings with their evidence', async () => {
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
  }, 60_000);

  it('shows framework scores, findings by severity and a printable report', async () => {
    // Act
    await open('#/security', 'Security');
    const findingRow = page.locator('.findings-table tbody tr').first();
    await findingRow.waitFor({ timeout: 20_000 });
    await page.locator('.framework').first().waitFor();
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
});
