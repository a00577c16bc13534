import { z } from 'zod';
import { postureReport } from '../../domain/posture/report';
import { ValidationError } from '../../shared/errors';
import { Attachment } from '../../shared/http';
import type { Operation } from './operation';
import { parseInput } from './parse';
import { currentPosture, PostureQuerySchema } from './posture-get';
import { reportedFindings } from './reported-findings';

/**
 * Lambda answers API Gateway with at most 6 MB; headers and the proxy envelope need a little of it.
 * An organization-wide report of a large fleet can exceed it (100,000 resources with 24,000 open
 * findings make a 6.9 MB CSV), so the caller is told to export per account instead of getting a 502.
 */
export const MAX_EXPORT_BYTES = 5.5 * 1_048_576;

const ExportQuerySchema = PostureQuerySchema.extend({
  format: z.enum(['csv', 'json'], { error: 'must be csv or json' }).default('csv'),
});

/**
 * `GET /posture/export`: the posture report as a file, CSV (one row per unresolved finding) or JSON
 * (summary, scores of the organization and every account, and the same rows with full evidence).
 */
export const exportPosture: Operation<'exportPosture'> = async (request, dependencies) => {
  const { accountId, format } = parseInput(ExportQuerySchema, request.query);
  const now = new Date();
  const posture = await currentPosture(dependencies, accountId, now);
  const scores = [
    ...(accountId === undefined ? posture.organization : []),
    ...posture.accounts.flatMap((account) => account.frameworks),
  ];
  const report = postureReport(reportedFindings(posture.findings), scores, {
    ...(accountId === undefined ? {} : { accountId }),
    generatedAt: now.toISOString(),
  });
  const filename = `hostmaster-posture-${accountId ?? 'all'}-${now.toISOString().slice(0, 10)}.${format}`;
  const content = format === 'csv' ? report.csv : JSON.stringify(report.json);
  const bytes = Buffer.byteLength(content);
  if (bytes > MAX_EXPORT_BYTES) {
    throw new ValidationError([
      {
        parameter: 'accountId',
        message: `the report is ${(bytes / 1_048_576).toFixed(1)} MiB, over the API's response limit: export one account at a time`,
      },
    ]);
  }
  return {
    body: new Attachment(
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      filename,
      content,
    ),
  };
};
