/** `npm run eval [-- <paper>]`: the one entry to every paper's evaluation (see papers.ts for the list). */
import { paperRunner, UnknownPaperError } from './papers.js';

try {
  const { paper, run } = paperRunner(process.argv.slice(2));
  console.log(`evaluating paper: ${paper}`);
  process.exitCode = await run();
} catch (error) {
  if (!(error instanceof UnknownPaperError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
