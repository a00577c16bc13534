import { actorName } from '../../domain/identity/actor';
import { actorOf } from './caller';
import type { Operation } from './operation';

/** `POST /scans`: starts a scan of every account and region now; 202 with the scan id. */
export const startScan: Operation<'startScan'> = async ({ caller }, { scans }) => {
  const started = await scans.start({ requestedBy: actorName(actorOf(caller)) });
  return { statusCode: 202, body: started };
};
