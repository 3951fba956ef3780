import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/db/sqlite-dialect.ts';

describe('SQLite statement cache', () => {
  let sqlite: BetterSqlite3.Database;
  afterEach(() => {
    if (sqlite.open) sqlite.close();
  });

  const open = (capacity?: number) => {
    sqlite = new BetterSqlite3(':memory:');
    sqlite.exec(
      "create table t (id integer primary key, v text); insert into t (v) values ('a'), ('b'), ('c')",
    );
    return withStatementCache(sqlite, capacity);
  };

  it('hands out the same prepared statement for the same SQL text', () => {
    const db = open();
    const a = db.prepare('select v from t where id = ?');
    expect(db.prepare('select v from t where id = ?')).toBe(a);
    expect(db.prepare('select v from t where id > ?')).not.toBe(a);
    expect(a.all([2])).toEqual([{ v: 'b' }]);
  });

  it('forgets the least recently used statement beyond its capacity', () => {
    const db = open(2);
    const one = db.prepare('select 1');
    const two = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(one); // now "select 2" is the least recently used
    db.prepare('select 3');
    expect(db.prepare('select 1')).toBe(one);
    expect(db.prepare('select 2')).not.toBe(two);
  });

  it('never hands out a statement that is still being iterated', () => {
    const db = open();
    const sql = 'select v from t order by id';
    const iterator = db.prepare(sql).iterate([]);
    expect(iterator.next().value).toEqual({ v: 'a' });
    // The same query again while the first is mid-iteration: a fresh statement, and both complete.
    expect(db.prepare(sql).all([])).toHaveLength(3);
    expect([...iterator]).toEqual([{ v: 'b' }, { v: 'c' }]);
  });

  it('sees schema changes made after a statement was kept', () => {
    const db = open();
    expect(db.prepare('select * from t where id = ?').all([1])).toEqual([{ id: 1, v: 'a' }]);
    sqlite.exec("alter table t add column w text default 'x'");
    expect(db.prepare('select * from t where id = ?').all([1])).toEqual([{ id: 1, v: 'a', w: 'x' }]);
  });
});
