// Copies a live SQLite database with SQLite's online backup API, in a worker thread:
// better-sqlite3 is synchronous, and the copy would otherwise hold the server's event
// loop (about 250 ms per 100 MB on our machines). Plain JavaScript, so that it loads the
// same under tsx, vitest and node.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

// Every page in one step: the copy is then one read transaction, a single snapshot that
// never blocks writers (WAL). Copied a few pages at a time, SQLite starts over whenever
// another connection writes, which under steady traffic would never finish.
const ALL_PAGES = 0x7fffffff;

const { source, destination } = workerData;
const db = new Database(source, { fileMustExist: true, timeout: 10_000 });
try {
  await db.backup(destination, { progress: () => ALL_PAGES });
} finally {
  db.close();
}

const copy = new Database(destination, { fileMustExist: true });
try {
  // One self-contained file, with no -wal beside it to be forgotten when it is moved.
  copy.pragma("journal_mode = DELETE");
  const check = copy.pragma("quick_check", { simple: true });
  if (check !== "ok") throw new Error(`the copy fails SQLite's quick_check: ${check}`);
} finally {
  copy.close();
}
parentPort?.postMessage("done");
