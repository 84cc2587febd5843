#!/usr/bin/env node
// The `grym` CLI. The back end is TypeScript run through tsx, so no build step is needed for the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/backend/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
