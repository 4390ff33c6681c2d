// Entry point of the kdrill command (bin/kdrill.js starts this file).
import { main } from './app.ts';

process.exitCode = await main(process.argv.slice(2));
