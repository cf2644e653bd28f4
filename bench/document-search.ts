// `npm run bench:search` (`-- --drafts N --others M --sections S`): what the list of my documents costs
// when one owner has many drafts. Seeds Postgres (DATABASE_URL, migrated) with N drafts of one owner and
// M of other owners, S sections of about 1,500 characters each, then times the list's queries (the
// store's own, src/db/document-list.ts) 30 times each and prints the median and the slowest. The rows
// are deleted at the end.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { connectDatabase } from '../src/db/client.js';
import { migrateWithLock } from '../src/db/migrate.js';
import { DocumentList } from '../src/db/document-list.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const DRAFTS = option('drafts', 1000);
const OTHERS = option('others', 1000);
const SECTIONS = option('sections', 8);
const RUNS = 30;
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const handle = connectDatabase(DATABASE_URL, { max: 2, name: 'bench-search' });
const { db } = handle;
await migrateWithLock(handle);
const tag = `bench-search-${randomBytes(4).toString('hex')}`;
const owner = `${tag}:owner`;
const rare = `zyxrare${randomBytes(3).toString('hex')}`;

// Sections of made-up words (w0 … w4999: a few common, most rare, as words in prose are); one draft
// also holds `rare`, and every tenth is named "Harbour …".
const seeded = performance.now();
await db.execute(sql`
  insert into generations (id, template, mode, status, prompt, owner, quota_key, name, created_at, updated_at)
  select gen_random_uuid(), 'nda', 'stream', 'completed', 'bench',
    case when i <= ${DRAFTS} then ${owner} else ${tag} || ':other' || (i % 50) end, ${tag},
    case when i % 10 = 0 then 'Harbour draft ' || i else 'Draft ' || i end,
    now() - make_interval(secs => i), now() - make_interval(secs => i)
  from generate_series(1, ${DRAFTS + OTHERS}) i`);
await db.execute(sql`
  insert into sections (generation_id, index, title, content, mode)
  select g.id, s, 'Section ' || s,
    (select string_agg('w' || floor(power(random(), 3) * 5000)::int, ' ')
       from generate_series(1, 250) w where w > s - 1000 and g.id is not null),
    'stream'
  from generations g, generate_series(1, ${SECTIONS}) s
  where g.quota_key = ${tag}`);
await db.execute(sql`
  update sections set content = content || ' ' || ${rare}
  where index = 3 and generation_id = (select id from generations where owner = ${owner} order by created_at limit 1 offset ${Math.floor(DRAFTS / 2)})`);
await db.execute(sql`analyze generations; analyze sections`);
const seedMs = performance.now() - seeded;

const list = new DocumentList(db);
const time = async (what: string, run: () => Promise<{ documents: unknown[] }>) => {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    found = (await run()).documents.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { what, found, p50: times[Math.floor(RUNS / 2)]!, max: times.at(-1)! };
};
const first = await list.page({ owner, limit: 20 });
const rows = [
  await time('first page, no search', () => list.page({ owner, limit: 20 })),
  await time('10 pages by cursor (all 10)', async () => {
    let page = first;
    for (let n = 1; n < 10 && page.next; n++) page = await list.page({ owner, limit: 20, after: page.next });
    return page;
  }),
  await time('name word ("harbour")', () => list.page({ owner, q: 'harbour', limit: 20 })),
  await time('part of a name ("arbou")', () => list.page({ owner, q: 'arbou', limit: 20 })),
  await time('rare word of one text', () => list.page({ owner, q: rare, limit: 20 })),
  await time('common word ("w1")', () => list.page({ owner, q: 'w1', limit: 20 })),
  await time('word in no draft', () => list.page({ owner, q: 'nowhere', limit: 20 })),
];
if (args.includes('--explain')) {
  // The plan of the slowest kind of search (a word most texts hold), as Postgres runs it.
  const { sql: text, params } = list.pageQuery({ owner, q: 'w1', limit: 20 }).toSQL();
  const plan = await handle.sql.unsafe(`explain (analyze, buffers) ${text}`, params as never[]);
  console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
}
await db.execute(sql`delete from generations where quota_key = ${tag}`);
await handle.close();

console.log(
  `${DRAFTS} drafts of one owner, ${OTHERS} of others, ${SECTIONS} sections each (seeded in ${(seedMs / 1000).toFixed(1)} s); ${RUNS} runs each\n`,
);
console.log('| query | found | p50 ms | max ms |\n| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.what} | ${r.found} | ${r.p50.toFixed(1)} | ${r.max.toFixed(1)} |`);
