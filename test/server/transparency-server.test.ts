import { openDatabase } from '../../server/db/open-database.ts';
import { useTestDatabase } from './support/test-database.ts';
import { describeTransparencyLog } from './transparency-behaviour.ts';

const testDatabase = useTestDatabase();

describeTransparencyLog('PostgreSQL server', () => openDatabase(testDatabase.url));
