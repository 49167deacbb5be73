// Preloaded (node --import) into each command the reliability tests run: on exit, the process's
// peak resident memory (KB) goes to the file named by CCHC_PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.CCHC_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // The measurement is not the command's business: never fail it.
    }
  });
}
