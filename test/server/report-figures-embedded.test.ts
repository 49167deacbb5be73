import { openDatabase } from '../../server/db/open-database.ts';
import { describeReportFigures, describeReportFiguresAtAppend } from './report-figures-behaviour.ts';

describeReportFigures(
  'PGlite',
  () => openDatabase(undefined),
  (db) => db.close(),
);

describeReportFiguresAtAppend(
  'PGlite',
  () => openDatabase(undefined),
  (db) => db.close(),
);
