import { describeReportFigures } from './report-figures-behaviour.ts';
import { useTestDatabase } from './support/test-database.ts';

const database = useTestDatabase();

describeReportFigures(
  'PostgreSQL server',
  async () => database.admin,
  async () => undefined, // useTestDatabase closes and drops it
);
