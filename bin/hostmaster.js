#!/usr/bin/env node
// The `hostmaster` command: runs the TypeScript CLI through tsx's ESM loader (tsx is installed).
import { register } from 'tsx/esm/api';

// The SDK warns on every run that Node 20 support ends in 2027; the CLI's output is for reading,
// and the engines field already says what Node it needs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./cli.ts');
