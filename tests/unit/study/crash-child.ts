/**
 * Child process of the crash test: runs the toy chain against a SQLite store file and, when CRASH_IN names a
 * stage, kills itself with SIGKILL in the middle of that stage (no exit handlers, no close: the harshest end).
 * Appends every computed stage to LOG_FILE.
 */
import { appendFileSync } from 'node:fs';
import { ArtifactCache } from '../../../server/src/store/single-flight.js';
import { SqliteArtifactStore } from '../../../server/src/store/sqlite.js';
import { StudyEngine } from '../../../server/src/study/engine.js';
import { toyChain } from './toy-stages.js';

const [storePath, logFile, crashIn] = [process.env.STORE!, process.env.LOG_FILE!, process.env.CRASH_IN ?? ''];
const store = new SqliteArtifactStore(storePath);
const log: string[] = [];
const stages = toyChain(log, {
  hook: (label) => {
    appendFileSync(logFile, `${label}\n`);
    if (label === crashIn) process.kill(process.pid, 'SIGKILL');
  },
});
const engine = new StudyEngine(new ArtifactCache(store));
const r = await engine.run([stages[3]!]);
await store.close();
process.stdout.write(JSON.stringify(r));
