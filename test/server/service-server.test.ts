import { openDatabase } from '../../server/db/open-database.ts';
import { describeService } from './service-behaviour.ts';
import { useTestDatabase } from './support/test-database.ts';

const testDatabase = useTestDatabase();

describeService('PostgreSQL server', () => openDatabase(testDatabase.url));
