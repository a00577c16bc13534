import { describe, expect, it } from 'vitest';
import type { Finding, Resource } from '../../functions/domain/model';
import type { ApiRequest } from '../../functions/handlers/api/operation';
import {
  approveRemediation,
  getRemediation,
  listRemediationActions,
  previewRemediation,
  requestRemediationRoute,
  updateRemediationSettings,
} from '../../functions/handlers/api/remediations';
import { dependencies, type RecordingRemediationStarter } from './api/fixtures';

const VOLUME = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1';
const FINDING_ID = `ebs-unattached-volume|${VOLUME}`;

function request(overrides: Partial<ApiRequest> = {}): ApiRequest {
  return {
    caller: { subject: 'u1', username: 'olivia', email: 'olivia@example.com', groups: ['operator'] },
    pathParameters: {},
    query: {},
    body: undefined,
    ...overrides,
  };
}

async function seeded() {
  const deps = dependencies();
  const volume: Resource = {
    id: VOLUME,
    accountId: '111111111111',
    region: 'us-east-1',
    type: 'ec2:volume',
    name: 'data',
    state: 'available',
    tags: { 'hostmaster:remediation': 'allow' },
    attributes: {
      volumeType: 'gp2',
      sizeGiB: 20,
      encrypted: false,
      availabilityZone: 'us-east-1a',
      createTime: '2026-01-01T00:00:00.000Z',
      attachments: [],
    },
    firstSeen: '2026-01-01T00:00:00.000Z',
    lastSeen: '2026-01-01T00:00:00.000Z',
    contentHash: 'h',
  };
  const finding: Finding = {
    id: FINDING_ID,
    ruleId: 'ebs-unattached-volume',
    resourceId: VOLUME,
    resourceType: 'ec2:volume',
    accountId: '111111111111',
    region: 'us-east-1',
    category: 'cost',
    severity: 'low',
    title: 'EBS volume is not attached to any instance',
    evidence: {},
    monthlySavingsUsd: 2,
    references: [],
    status: 'open',
    firstSeen: '2026-01-01T00:00:00.000Z',
    lastSeen: '2026-01-01T00:00:00.000Z',
  };
  await deps.resources.putMany([volume]);
  await deps.findings.putMany([finding]);
  return deps;
}

describe('remediation routes', () => {
  it('previews the exact calls and pre-flight for a finding', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const { body } = await previewRemediation(request({ query: { findingId: FINDING_ID } }), deps);

    // Assess
    expect(body).toMatchObject({
      action: { id: 'ebs-delete-unattached-volume', destructive: true, allowed: true },
      backupCalls: [expect.objectContaining({ action: 'CreateSnapshot' })],
      actCalls: [{ service: 'ec2', action: 'DeleteVolume', dryRunnable: true, input: { VolumeId: 'vol-1' } }],
      preflight: { passed: true },
    });
  });

  it('requests a fix (202), starts the workflow and stores the request with its items', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const { statusCode, body } = await requestRemediationRoute(
      request({ body: { findingIds: [FINDING_ID], reason: 'unused' } }),
      deps,
    );
    const id = (body as { id: string }).id;
    const detail = await getRemediation(request({ pathParameters: { id } }), deps);

    // Assess
    expect(statusCode).toBe(202);
    expect(body).toMatchObject({
      status: 'requested',
      requestedBy: 'olivia@example.com',
      approval: { required: true },
    });
    expect((deps.remediation.starter as RecordingRemediationStarter).started).toEqual([
      { remediationId: id, itemIds: ['0'] },
    ]);
    expect(detail.body).toMatchObject({ items: [{ findingId: FINDING_ID, status: 'pending' }] });
  });

  it('answers 400 naming the field, 404 for an unknown finding, 409 when nothing awaits approval', async () => {
    // Prepare
    const deps = await seeded();
    const { body } = await requestRemediationRoute(
      request({ body: { findingIds: [FINDING_ID], reason: 'unused' } }),
      deps,
    );

    // Act
    const noReason = await requestRemediationRoute(
      request({ body: { findingIds: [FINDING_ID] } }),
      deps,
    ).catch((e: Error) => e);
    const unknown = await previewRemediation(
      request({ query: { findingId: 'ebs-unattached-volume|nope' } }),
      deps,
    ).catch((e: Error) => e);
    const early = await approveRemediation(
      request({ pathParameters: { id: (body as { id: string }).id }, body: { reason: 'ok' } }),
      deps,
    ).catch((e: Error) => e);

    // Assess
    expect(noReason).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^reason: is required/),
    });
    expect(unknown).toMatchObject({ name: 'NotFoundError' });
    expect(early).toMatchObject({ name: 'ConflictError' });
  });

  it('lets an admin restrict the allowed actions; a disallowed one answers 403 and is listed as not allowed', async () => {
    // Prepare
    const deps = await seeded();
    const admin = { subject: 'a', username: 'adam', email: 'adam@example.com', groups: ['admin'] };

    // Act
    await updateRemediationSettings(
      request({ caller: admin, body: { allowedActions: ['ebs-gp2-to-gp3'] } }),
      deps,
    );
    const refused = await requestRemediationRoute(
      request({ body: { findingIds: [FINDING_ID], reason: 'x' } }),
      deps,
    ).catch((e: Error) => e);
    const { body } = await listRemediationActions(request(), deps);
    const invalid = await updateRemediationSettings(
      request({ caller: admin, body: { allowedActions: ['rm-rf'] } }),
      deps,
    ).catch((e: Error) => e);

    // Assess
    expect(refused).toMatchObject({
      name: 'ActionNotAllowedError',
      message: expect.stringMatching(/not allowed here/),
    });
    const { items } = body;
    expect(items.find((a) => a.id === 'ebs-delete-unattached-volume')?.allowed).toBe(false);
    expect(items.find((a) => a.id === 'ebs-gp2-to-gp3')?.allowed).toBe(true);
    expect(invalid).toMatchObject({ name: 'ValidationError' });
  });
});
