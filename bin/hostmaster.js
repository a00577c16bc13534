#!/usr/bin/env node
// The `hostmaster` command: runs the TypeScript CLI through tsx's ESM loader (tsx is installed).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
