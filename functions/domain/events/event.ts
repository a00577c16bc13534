/**
 * EventBridge events as the hub bus delivers them (member accounts forward EC2 state changes, AWS
 * Health and RDS events). Only the envelope is validated here; each detail type has its own parser.
 */
import { z } from 'zod';

export const EventBridgeEventSchema = z.object({
  version: z.string().optional(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime({ offset: true }),
  region: z.string(),
  resources: z.array(z.string()).default([]),
  detail: z.record(z.string(), z.unknown()),
});
export type EventBridgeEvent = z.infer<typeof EventBridgeEventSchema>;

/** What HostMaster knows about the resource an event is about, looked up before classifying. */
export interface KnownResource {
  readonly name: string;
  readonly type: string;
  readonly tags: Readonly<Record<string, string>>;
}
