import { openDatabase } from '../../server/db/open-database.ts';
import { describeDashboard } from './dashboard-behaviour.ts';

describeDashboard(
  'PGlite',
  () => openDatabase(undefined),
  (db) => db.close(),
);
