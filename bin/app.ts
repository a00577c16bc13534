#!/usr/bin/env node
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HostMasterStack } from '../lib/hub-stack';
import { HostMasterMemberStack } from '../lib/member-stack';

const app = new App();
new HostMasterStack(app, 'HostMaster');
new HostMasterMemberStack(app, 'HostMasterMember');
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
