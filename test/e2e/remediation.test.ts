/**
 * An operator fixes an unattached volume from the dashboard: Fix… on the finding opens the preview,
 * the operator requests it, another person (the admin) approves it on the Remediation page, and the
 * synthesized state machine snapshots and deletes the volume through the member remediation role.
 * The sandbox then shows the snapshot and no volume. A second request is approved from the link in
 * its approval email (read from the sandbox's SNS outbox). Screenshots at 1440 and 390 px in test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeSnapshotsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHostMaster, startLocal } from '../local/start-local';
import { assumeMemberRole, rejectionOf, sandboxClientConfig } from '../sandbox/clients';
import { hasChromium, launchChromium, SCREENSHOTS } from './browser';

describe.skipIf(!hasChromium)('remediation from the dashboard', () => {
  let local: LocalHostMaster;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-remediation-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    local = await startLocal({ port: 0, dataDir, scanIntervalMinutes: 60 });
    await local.scansIdle();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(group: string, width = 1440): Promise<Page> {
    const user = local.users.find((u) => u.group === group);
    if (!user) throw new Error(`no demo ${group}`);
    const page = await browser.newPage({ viewport: { width, height: 1000 } });
    await page.goto(local.url);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 30_000 });
    return page;
  }

  it('snapshots and deletes the volume once another person approves, and the sandbox shows both', async () => {
    // Prepare: the operator finds an unattached volume among the savings.
    const operator = await signIn('operator');
    await operator.goto(`${local.url}/#/cost`);
    const row = operator.locator('tr', { hasText: 'EBS volume is not attached to any instance' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('button.disclosure').click();

    // Act: Fix… → preview → request.
    await operator.getByRole('link', { name: 'Fix…' }).first().click();
    const preview = operator.getByRole('region', { name: 'Fix preview' });
    await preview.getByText('DeleteVolume').first().waitFor({ timeout: 30_000 });
    const volumeId = /Snapshot (vol-[0-9a-f]+)/.exec(
      (await preview.locator('strong').first().textContent()) ?? '',
    )?.[1];
    await operator.screenshot({
      path: path.join(SCREENSHOTS, 'remediation-preview-1440.png'),
      fullPage: true,
    });
    await preview.getByLabel('Reason').fill('unattached for months; snapshot kept');
    await preview.getByRole('button', { name: 'Request fix' }).click();
    await preview.getByText(/waiting for approval by another operator/).waitFor({ timeout: 30_000 });

    // Act: the admin approves it on the Remediation page.
    const admin = await signIn('admin');
    await admin.goto(`${local.url}/#/remediation`);
    const awaiting = admin.getByRole('region', { name: 'Awaiting approval' });
    await awaiting.locator('button.disclosure').first().click({ timeout: 30_000 });
    await awaiting.getByLabel('Reason').fill('checked with the owner');
    await awaiting.getByRole('button', { name: 'Approve' }).click();
    await local.remediations.idle();
    await admin.getByRole('button', { name: 'Refresh' }).click();
    const history = admin.getByRole('region', { name: 'History' });
    await history.getByText('succeeded').first().waitFor({ timeout: 30_000 });
    // The request stays open from the approval, now in the history.
    const disclosure = history.locator('button.disclosure').first();
    if ((await disclosure.getAttribute('aria-expanded')) !== 'true') await disclosure.click();
    await history.getByText(/passes on the re-collected resource/).waitFor({ timeout: 30_000 });
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'remediation-history-1440.png'), fullPage: true });
    const narrow = await signIn('admin', 390);
    await narrow.goto(`${local.url}/#/remediation`);
    await narrow
      .getByRole('region', { name: 'History' })
      .locator('button.disclosure')
      .first()
      .click({ timeout: 30_000 });
    await narrow.getByText(/passes on the re-collected resource/).waitFor({ timeout: 30_000 });
    await narrow.screenshot({ path: path.join(SCREENSHOTS, 'remediation-history-390.png'), fullPage: true });
    const snapshotId = /backup (snap-[0-9a-f]+)/.exec(
      (await history.locator('.remediation-item h4').first().textContent()) ?? '',
    )?.[1];

    // Assess: in the sandbox, the volume is gone and its snapshot exists, tagged with the request.
    expect(volumeId).toMatch(/^vol-/);
    expect(snapshotId).toMatch(/^snap-/);
    const account = local.fleet.accounts.find((a) => a.resources.some((r) => r.id === volumeId))!;
    const region = account.resources.find((r) => r.id === volumeId)!.region;
    const endpoint = process.env.AWS_ENDPOINT_URL!;
    const credentials = await assumeMemberRole(endpoint, local.fleet, account.id, account.externalId);
    const ec2 = new EC2Client(sandboxClientConfig(endpoint, region, credentials));
    const missing = await rejectionOf(ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId!] })));
    const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId!] }));
    expect(missing).toMatchObject({ name: 'InvalidVolume.NotFound' });
    expect(Snapshots?.[0]).toMatchObject({ VolumeId: volumeId, State: 'completed' });
    expect(Snapshots?.[0]?.Tags).toEqual(
      expect.arrayContaining([{ Key: 'hostmaster:remediation', Value: 'allow' }]),
    );
  }, 300_000);

  it('shows the fix on the overview as a holding change worth its estimate, and a later scan confirms it', async () => {
    // Prepare: the saving the request estimated, as the Remediation page shows it.
    const admin = await signIn('admin');
    await admin.goto(`${local.url}/#/remediation`);
    const fixed = admin
      .getByRole('region', { name: 'History' })
      .locator('tr', { hasText: 'ebs-delete-unattached-volume' })
      .first();
    const expected = (await fixed.locator('td.num').textContent({ timeout: 30_000 }))?.trim();
    const ledger = admin.getByRole('region', { name: 'Realized savings' });
    const confirmed = () => ledger.locator('tbody tr').first().locator('td[data-label="Confirmed"] time');
    const firstConfirmation = await confirmed().getAttribute('datetime', { timeout: 30_000 });

    // Act: a scan re-collects the account (the volume stays gone) and the analysis checks the ledger.
    const scansBefore = local.scans.length;
    await admin.goto(`${local.url}/#/accounts`);
    await admin.getByRole('button', { name: 'Scan now' }).click();
    await expect
      .poll(() => local.scans.length, { timeout: 180_000, interval: 500 })
      .toBeGreaterThan(scansBefore);
    await local.scansIdle();
    await admin.goto(`${local.url}/#/`);
    const tile = admin.locator('.tile', { hasText: 'Realized savings' });
    await tile.locator('.tile-value').waitFor({ timeout: 30_000 });
    await admin.screenshot({
      path: path.join(SCREENSHOTS, 'overview-realized-savings-1440.png'),
      fullPage: true,
    });
    const narrow = await signIn('admin', 390);
    await narrow
      .locator('.tile', { hasText: 'Realized savings' })
      .locator('.tile-value')
      .waitFor({ timeout: 30_000 });
    await narrow.screenshot({
      path: path.join(SCREENSHOTS, 'overview-realized-savings-390.png'),
      fullPage: true,
    });
    await narrow.goto(`${local.url}/#/remediation`);
    await narrow
      .getByRole('region', { name: 'Realized savings' })
      .locator('tbody tr')
      .first()
      .waitFor({ timeout: 30_000 });
    await narrow.screenshot({ path: path.join(SCREENSHOTS, 'remediation-ledger-390.png'), fullPage: true });

    // Assess: the tile reads as a person reads it — seconds of a deleted volume realize $0.00 so far,
    // the one change is still holding, and its monthly estimate is the request's.
    expect(expected).toMatch(/^\$\d+\.\d\d$/);
    expect(await tile.locator('.tile-value').textContent()).toBe('$0.00');
    expect(await tile.textContent()).toContain(`1 of 1 change holding, ${expected} a month`);
    await admin.goto(`${local.url}/#/remediation`);
    await ledger.getByText('holding').first().waitFor({ timeout: 30_000 });
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'remediation-ledger-1440.png'), fullPage: true });
    const row = ledger.locator('tbody tr').first();
    expect(await row.locator('td[data-label="Status"]').textContent()).toBe('holding');
    expect(Date.parse((await confirmed().getAttribute('datetime')) ?? '')).toBeGreaterThan(
      Date.parse(firstConfirmation ?? ''),
    );
  }, 300_000);

  /** The approve link of the approval email about `id`, from the sandbox's SNS outbox. */
  async function emailedLink(id: string): Promise<string> {
    const endpoint = process.env.AWS_ENDPOINT_URL!;
    for (let i = 0; i < 200; i++) {
      const box = (await (await fetch(`${endpoint}/_sandbox/outbox`)).json()) as {
        topics: { messages: { subject?: string; message: string }[] }[];
      };
      const message = box.topics
        .flatMap((topic) => topic.messages)
        .find((m) => m.subject?.includes('approval needed') && m.message.includes(id));
      const link = message?.message.match(/\S+\/#\/approve\?\S+/)?.[0];
      if (link) return link;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no approval email about ${id}`);
  }

  it('approves from the emailed link: the page shows the request, the click decides, a second use is refused', async () => {
    // Prepare: the operator requests a fix of another unattached volume.
    const operator = await signIn('operator');
    await operator.goto(`${local.url}/#/cost`);
    const row = operator.locator('tr', { hasText: 'EBS volume is not attached to any instance' }).last();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('button.disclosure').click();
    await operator.getByRole('link', { name: 'Fix…' }).last().click();
    const preview = operator.getByRole('region', { name: 'Fix preview' });
    await preview.getByText('DeleteVolume').first().waitFor({ timeout: 30_000 });
    await preview.getByLabel('Reason').fill('unattached since the migration');
    await preview.getByRole('button', { name: 'Request fix' }).click();
    const requested = await preview.getByText(/waiting for approval by another operator/).textContent({
      timeout: 30_000,
    });
    const id = /Requested (rem-[0-9a-z-]+)/.exec(requested ?? '')?.[1] ?? '';

    // Act: the admin opens the link from the email, signs in, and lands on the request.
    const link = await emailedLink(id);
    const admin = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await admin.goto(link);
    const user = local.users.find((u) => u.group === 'admin')!;
    await admin.getByLabel('Email').fill(user.email);
    await admin.getByLabel('Password').fill(user.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin
      .getByRole('heading', { name: 'Approve a remediation', level: 1 })
      .waitFor({ timeout: 30_000 });
    const calls = admin.getByRole('region', { name: 'What will be called' });
    await calls.getByText('DeleteVolume').first().waitFor({ timeout: 30_000 });
    const facts = (await admin.getByRole('region', { name: 'Request' }).textContent()) ?? '';
    const statusBeforeClick = await admin
      .getByRole('region', { name: 'Request' })
      .locator('.badge')
      .first()
      .textContent();
    await admin.screenshot({
      path: path.join(SCREENSHOTS, 'remediation-approve-link-1440.png'),
      fullPage: true,
    });
    const phone = await signIn('admin', 390);
    await phone.goto(link);
    await phone
      .getByRole('region', { name: 'What will be called' })
      .getByText('DeleteVolume')
      .first()
      .waitFor({
        timeout: 30_000,
      });
    await phone.screenshot({
      path: path.join(SCREENSHOTS, 'remediation-approve-link-390.png'),
      fullPage: true,
    });
    const phoneOverflow = await phone.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    await admin.getByLabel('Reason').fill('checked with the owner');
    await admin.getByRole('button', { name: 'Approve' }).click();
    const done = await admin
      .getByRole('status')
      .filter({ hasText: 'Approved' })
      .textContent({ timeout: 30_000 });
    await local.remediations.idle();
    // The same link again (a second click, a forwarded mail): refused, and it says why.
    await admin.reload();
    const refusal = await admin.getByRole('alert').textContent({ timeout: 30_000 });
    await admin.screenshot({
      path: path.join(SCREENSHOTS, 'remediation-approve-link-used-1440.png'),
      fullPage: true,
    });

    // Assess
    expect(id).toMatch(/^rem-/);
    expect(link.startsWith(`${local.url}/#/approve?id=${id}&token=`)).toBe(true);
    expect(facts).toContain(local.users.find((u) => u.group === 'operator')!.email);
    expect(facts).toContain('unattached since the migration');
    expect(statusBeforeClick).toBe('awaiting-approval');
    expect(phoneOverflow).toBe(0);
    expect(done).toMatch(new RegExp(`Approved: ${id} runs now`));
    expect(local.remediations.results.find((r) => r.remediationId === id)).toMatchObject({
      remediationId: id,
    });
    expect(local.remediations.results.find((r) => r.remediationId === id)?.error).toBeUndefined();
    expect(refusal).toMatch(/already used/);
  }, 300_000);
});
