import { openDatabase } from '../../server/db/open-database.ts';
import { describeService } from './service-behaviour.ts';

// PGlite in memory: the same SQL as a server, in this process.
describeService('PGlite', () => openDatabase(undefined));
