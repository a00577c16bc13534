import type { ScanStatus } from '../model';

/** A scope succeeded when every collector did, failed when none did, and is partial in between. */
export function scanStatus(collectors: number, failed: number): ScanStatus {
  if (failed === 0) return 'succeeded';
  if (failed >= collectors) return 'failed';
  return 'partial';
}
