/**
 * The services the sandbox serves. The server dispatches on each request's SigV4 signing name
 * (and, for query services sharing one, on `apiVersion`; for JSON services on `targetPrefix`).
 *
 * Add your service here: write `services/<name>.ts` exporting a `SandboxService` (see `../service.ts`)
 * and append it to `SERVICES`.
 */
import type { SandboxService } from '../service';
import { autoScalingService } from './autoscaling';
import { cloudTrailService } from './cloudtrail';
import { cloudWatchService } from './cloudwatch';
import { costExplorerService } from './cost-explorer';
import { ec2Service } from './ec2';
import { elbService } from './elb';
import { elbv2Service } from './elbv2';
import { iamService } from './iam';
import { kmsService } from './kms';
import { organizationsService } from './organizations';
import { rdsService } from './rds';
import { s3Service } from './s3';
import { snsService } from './sns';
import { stsService } from './sts';

export const SERVICES: readonly SandboxService[] = [
  stsService,
  ec2Service,
  organizationsService,
  rdsService,
  elbService,
  elbv2Service,
  s3Service,
  iamService,
  cloudTrailService,
  costExplorerService,
  cloudWatchService,
  snsService,
  kmsService,
  autoScalingService,
];
