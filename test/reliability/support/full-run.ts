/**
 * `npm run test:reliability` sets CCHC_HOSTILE_CORPUS=full: every case of the hostile corpus and the
 * full count of crash trials. `npm test` runs a cross-section of the corpus and fewer trials, to stay
 * well inside its time.
 */
export const FULL_RUN = process.env.CCHC_HOSTILE_CORPUS === 'full';
