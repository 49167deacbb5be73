import { openDatabase } from '../../server/db/open-database.ts';
import { describeTransparencyLog } from './transparency-behaviour.ts';

// PGlite in memory: the same SQL as the server, migrations included.
describeTransparencyLog('PGlite', () => openDatabase(undefined));
