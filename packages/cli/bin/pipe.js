#!/usr/bin/env node
// pipe ships TypeScript sources; tsx compiles them on the fly (cached), so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
