import { describeReportFigures, describeReportFiguresAtAppend } from './report-figures-behaviour.ts';
import { useTestDatabase } from './support/test-database.ts';

const database = useTestDatabase();
const another = useTestDatabase();

describeReportFigures(
  'PostgreSQL server',
  async () => database.admin,
  async () => undefined, // useTestDatabase closes and drops it
);

describeReportFiguresAtAppend(
  'PostgreSQL server',
  async () => another.admin,
  async () => undefined,
);
