#!/usr/bin/env node
/** The `nhsmail-bulk` bin: the process boundary. Everything else is in app.ts. */
import { hideBin } from 'yargs/helpers';
import { run } from './app.js';

process.exitCode = await run(hideBin(process.argv), process, Boolean(process.env.DEBUG));
