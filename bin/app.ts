#!/usr/bin/env node
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigurationError } from '../lib/config';
import { addHostMasterStacks } from '../lib/hostmaster-app';

const app = new App();
try {
  addHostMasterStacks(app);
} catch (error) {
  // A wrong or missing context value is the user's to fix: say which, without a stack trace.
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
