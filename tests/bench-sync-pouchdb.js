// bench-sync-pouchdb.js — PouchDB's own replicator (in-memory adapter) on
// the same server and database as bench-sync, for comparison.
//   node bench-sync-pouchdb.js URL/ DB USER PASSWORD PUSH_DB
// Pulls DB into memory, then pushes it to PUSH_DB (a new database); prints
// one JSON line: {"pull_ms", "pull_docs", "push_ms", "push_docs"}.
// Finds pouchdb and pouchdb-adapter-memory through NODE_PATH.
'use strict';

const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));

async function main () {
  const [url, db, user, password, pushDb] = process.argv.slice(2);
  const auth = { username: user, password: password };
  const remote = new PouchDB(url + db, { auth });
  const local = new PouchDB('bench-local', { adapter: 'memory' });

  let t = process.hrtime.bigint();
  const pulled = await local.replicate.from(remote);
  const pullMs = Number(process.hrtime.bigint() - t) / 1e6;

  const target = new PouchDB(url + pushDb, { auth });
  await target.info();  // creates it
  t = process.hrtime.bigint();
  const pushed = await local.replicate.to(target);
  const pushMs = Number(process.hrtime.bigint() - t) / 1e6;

  console.log(JSON.stringify({
    pull_ms: pullMs, pull_docs: pulled.docs_written,
    push_ms: pushMs, push_docs: pushed.docs_written,
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
