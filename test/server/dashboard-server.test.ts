import { describeDashboard } from './dashboard-behaviour.ts';
import { useTestDatabase } from './support/test-database.ts';

const database = useTestDatabase();

describeDashboard(
  'PostgreSQL server',
  async () => database.admin,
  async () => undefined, // useTestDatabase closes and drops it
);
