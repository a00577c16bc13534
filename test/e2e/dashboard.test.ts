/**
 * The dashboard end to end: the local HostMaster (sandbox, dynalite, cognito-local, the scan handlers,
 * the API handler behind the local API Gateway) driven by headless Chromium through the pages a
 * person uses. Screenshots land in test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHostMaster, startLocal } from '../local/start-local';
import { CHROMIUM, hasChromium, launchChromium, SCREENSHOTS } from './browser';

if (!hasChromium)
  console.warn(`Skipping the dashboard e2e test: ${CHROMIUM} is absent (apt-get install chromium)`);

describe.skipIf(!hasChromium)('dashboard', () => {
  let local: LocalHostMaster;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-e2e-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    local = await startLocal({ port: 0, dataDir, scanIntervalMinutes: 60 });
    await local.scansIdle();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function user(group: 'admin' | 'viewer') {
    const found = local.users.find((u) => u.group === group);
    if (!found) throw new Error(`no demo ${group}`);
    return found;
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(local.url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Signs in (landing on the overview) and follows the navigation to the inventory, as a person would. */
  async function openInventory(page: Page, email: string, password: string): Promise<void> {
    await signIn(page, email, password);
    // The overview has an Inventory button too: follow the one in the main navigation.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Inventory', exact: true })
      .click();
  }

  function instancesOf(accountIndex: number) {
    const account = local.fleet.accounts[accountIndex]!;
    return { account, instances: account.resources.filter((r) => r.type === 'ec2:instance') };
  }

  it('lets the admin see the inventory, filter by account, open a resource and sign out', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const { account, instances } = instancesOf(2);
    const other = local.fleet.accounts.find((a) => a.id !== account.id)!;
    const instance = instances[0]!;

    // Act
    await openInventory(page, user('admin').email, user('admin').password);
    const table = page.getByRole('table');
    await table.getByRole('row').nth(2).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-inventory.png') });
    await page.getByLabel('Account').selectOption(account.id);
    // The fleet's id is the native one (i-…), inside the ARN rather than at its start.
    await page.getByLabel('Anywhere in the name').check();
    await page.getByLabel('Name', { exact: true }).fill(instance.id);
    const row = table.getByRole('row').filter({ hasText: instance.name || instance.id });
    await row.first().waitFor({ timeout: 20_000 });
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.waitForTimeout(500);
    const accountCells = await table
      .locator('tbody tr.row td:nth-child(3)')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title')));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-filtered.png') });
    await page.getByLabel('Name', { exact: true }).fill(instance.id);
    await row.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-resource.png') });
    const detail = await page.locator('main').textContent();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 10_000 });

    // Assess
    expect(accountCells.length).toBeGreaterThan(0);
    expect(new Set(accountCells)).toEqual(new Set([account.id]));
    expect(accountCells).not.toContain(other.id);
    expect(detail).toContain(instance.id);
    expect(detail).toContain(account.id);
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
    await page.close();
  }, 120_000);

  it('lets the viewer sign in and read the inventory', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    // Act
    await openInventory(page, user('viewer').email, user('viewer').password);
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(2).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-viewer.png') });
    const accountCells = await page
      .getByRole('table')
      .locator('tbody tr.row td:nth-child(3)')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title')));

    // Assess
    const fleetAccounts = new Set(local.fleet.accounts.map((a) => a.id));
    expect(accountCells.length).toBeGreaterThan(5);
    expect(accountCells.every((id) => id !== null && fleetAccounts.has(id))).toBe(true);
    await page.close();
  }, 60_000);

  it('shows the viewer the alerts without an error and without what only operators and admins may do', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));

    // Act
    await signIn(page, user('viewer').email, user('viewer').password);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 20_000 });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Alerts', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor({ timeout: 20_000 });
    await page.locator('.alerts-table, .page-alerts p.muted').first().waitFor({ timeout: 20_000 });
    await page.locator('.digest-text').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-viewer-alerts.png'), fullPage: true });
    const errors = await page.getByRole('alert').allTextContents();
    const actions = await page.getByRole('button', { name: /^(Acknowledge|Resolve)$/ }).count();
    const recipients = await page.getByRole('heading', { name: 'Recipients' }).count();

    // Assess
    expect(errors).toEqual([]);
    expect(actions).toBe(0);
    expect(recipients).toBe(0);
    expect(requested.filter((p) => p.endsWith('/subscriptions'))).toEqual([]);
    expect(requested.some((p) => p.endsWith('/api/alerts'))).toBe(true);
    await page.close();
  }, 60_000);

  it('shows an error for a wrong password and stays on the sign-in form', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    // Act
    await signIn(page, user('admin').email, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-wrong-password.png') });

    // Assess
    await expect(alert.textContent()).resolves.toMatch(/incorrect|password/i);
    await expect(page.getByRole('table').count()).resolves.toBe(0);
    await page.close();
  }, 60_000);
});
