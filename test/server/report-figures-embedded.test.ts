import { openDatabase } from '../../server/db/open-database.ts';
import { describeReportFigures } from './report-figures-behaviour.ts';

describeReportFigures(
  'PGlite',
  () => openDatabase(undefined),
  (db) => db.close(),
);
