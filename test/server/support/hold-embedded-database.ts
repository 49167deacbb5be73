// Opens the embedded database given as the only argument, writes a row, says so, and holds it open until killed.
import { openEmbeddedDatabase } from '../../../server/db/pglite-database.ts';

const db = await openEmbeddedDatabase(process.argv[2]!);
await db.exec("create table if not exists kept (note text); insert into kept values ('written before the crash')");
process.stdout.write('open\n');
setInterval(() => undefined, 60_000);
