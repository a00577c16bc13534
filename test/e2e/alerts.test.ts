/**
 * Alerting in the local HostMaster (`npm start`): a crash in the sandbox organization reaches the SMS
 * and email topics through the health-event handler, as the hub bus would deliver it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHostMaster, startLocal } from '../local/start-local';
import type { OutboxMessage } from '../sandbox/services/sns';

interface Outbox {
  topics: { topicArn: string; messages: OutboxMessage[] }[];
}

describe('alerts in the local HostMaster', () => {
  let local: LocalHostMaster;
  let dataDir: string;
  let sandboxEndpoint: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-e2e-alerts-'));
    local = await startLocal({
      port: 0,
      dataDir,
      scanIntervalMinutes: 60,
      useStateMachine: false,
      buildFrontend: false,
    });
    await local.scansIdle();
    sandboxEndpoint = process.env.AWS_ENDPOINT_URL ?? '';
  });
  afterAll(async () => {
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const outbox = async (): Promise<Outbox> =>
    (await fetch(`${sandboxEndpoint}/_sandbox/outbox`)).json() as Promise<Outbox>;
  /** Messages about the crash (the first health check has already paged about other problems). */
  const messagesOf = (box: Outbox, suffix: string) =>
    box.topics
      .filter((t) => t.topicArn.endsWith(suffix))
      .flatMap((t) => t.messages)
      .filter((m) => m.message.includes('stopped unexpectedly'));

  it('pages by SMS and email within 60 seconds of an instance crashing, naming it as the scan stored it', async () => {
    // Prepare
    const account = local.fleet.accounts.find((a) =>
      a.resources.some((r) => r.type === 'ec2:instance' && r.state === 'running'),
    )!;
    const instance = account.resources.find((r) => r.type === 'ec2:instance' && r.state === 'running')!;
    const started = Date.now();
    // Act
    const crash = await fetch(`${sandboxEndpoint}/_sandbox/instances/${instance.id}/crash`, {
      method: 'POST',
    });
    let box = await outbox();
    while (
      Date.now() - started < 60_000 &&
      (messagesOf(box, ':hostmaster-alerts-sms').length === 0 ||
        messagesOf(box, ':hostmaster-alerts-email').length === 0)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      box = await outbox();
    }
    const elapsedMs = Date.now() - started;
    // Assess
    expect(crash.status).toBe(200);
    expect(elapsedMs).toBeLessThan(60_000);
    console.info(`local runtime: crash to SMS and email in ${elapsedMs} ms`);
    const [sms] = messagesOf(box, ':hostmaster-alerts-sms');
    const [email] = messagesOf(box, ':hostmaster-alerts-email');
    expect(messagesOf(box, ':hostmaster-alerts-sms')).toHaveLength(1);
    expect(sms?.message).toContain(
      `HostMaster CRITICAL: Instance stopped unexpectedly (Server.InternalError) | ${instance.name.slice(0, 8)}`,
    );
    expect(sms?.message.length).toBeLessThanOrEqual(160);
    expect(email?.message).toContain(`Where:    account ${account.id}, region ${instance.region}`);
    expect(email?.message).toContain(
      `${local.url}/#/resources/arn:aws:ec2:${instance.region}:${account.id}:instance%2F${instance.id}`,
    );
  });
});
