import { randomBytes } from 'node:crypto';
import { actorName } from '../../domain/identity/actor';
import { newScanId } from '../../domain/scan/scan';
import { SCAN_TIMEOUT_MINUTES } from '../../shared/contract/state-machine';
import { actorOf } from './caller';
import type { Operation } from './operation';

/**
 * `POST /scans`: claims "the running scan" (a conditional write) and starts a scan of every account
 * and region now: 202 with the scan id, or 409 while another scan runs.
 */
export const startScan: Operation<'startScan'> = async ({ caller }, { scans, scanRecords }) => {
  const now = new Date();
  const scanId = newScanId(now, randomBytes(4).toString('hex'));
  await scanRecords.claim({
    scanId,
    at: now,
    until: new Date(now.getTime() + SCAN_TIMEOUT_MINUTES * 60_000),
  });
  try {
    const started = await scans.start({ scanId, requestedBy: actorName(actorOf(caller)) });
    return { statusCode: 202, body: started };
  } catch (error) {
    await scanRecords.release(scanId);
    throw error;
  }
};
