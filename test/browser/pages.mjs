// pages.mjs: what every page shares, in a real browser: the navigation on one
// line at 1280 px for every role and behind GOV.UK's Menu button at 375 px;
// dates written one way on every page ("7 December 2026" in a <time> whose
// datetime is the same day); the audits, My actions, cycles and people lists
// sorted by any column through their headings (aria-sort on the sorted one);
// names suggested from the register on the forms that take one; an audit's mean
// percent complete; and the
// settings pages for committee packs, e-mail and templates (a wrong pack refused
// with the line and what is wrong there, a pack saved, viewed and removed after
// asking; an e-mail setting refused then saved; a template previewed, saved and
// put back, and the digest's preview writing its dates as the pages do). New pages
// are checked with axe-core and the layout checks at 1280 and 375 px; screenshots in
// build/screenshots/.
//
// Not for: who may reach each route (test/e2e/web_matrix.sh), nor what is
// journalled (test/e2e/web_settings.sh).
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/pages.mjs

import fs from 'node:fs';
import path from 'node:path';
import {
  SHOTS, DOC_SHOTS, at, step, check, banner, shot, newPage, signIn, run, bothWidths,
} from './lib.mjs';

const PW = 'staple-battery-horse-9\n';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

function setUp() {
  at(['init', '--org', 'Test Council']);
  at(['audit', 'add', '--title', 'Payroll', '--date', '2024-01-15', '--directorate', 'Resources',
      '--assurance', 'limited']);
  at(['audit', 'add', '--title', 'Fleet', '--date', '2023-11-02', '--directorate', 'Places']);
  at(['audit', 'add', '--title', 'Adoption', '--date', '2024-07-09', '--directorate', 'Children']);
  at(['rec', 'add', '--audit', '1', '--ref', '1', '--target', '2024-06-30', '--text',
      'Reconcile the payroll monthly', '--owner', 'Payroll manager', '--risk', 'H']);
  at(['rec', 'add', '--audit', '2', '--ref', '2', '--target', '2024-03-31', '--text',
      'Service the vans on schedule', '--owner', 'Fleet manager', '--theme', 'Vehicles']);
  at(['rec', 'add', '--audit', '1', '--ref', '3', '--target', '2025-01-31', '--text',
      'Sign the reconciliations', '--owner', 'Payroll manager']);
  at(['rec', 'update', '1', '--text', 'Three months reconciled', '--on', '2024-05-01',
      '--percent', '60']);
  at(['rec', 'update', '3', '--text', 'Form drafted', '--on', '2024-05-01', '--percent', '25']);
  at(['cycle', 'add', 'Audit Committee March 2024', '--as-at', '2024-03-12']);
  at(['cycle', 'add', 'Audit Committee January 2024', '--as-at', '2024-01-20']);
  at(['cycle', 'add', 'Audit Committee June 2024', '--as-at', '2024-06-18']);
  at(['user', 'add', 'admin', '--role', 'admin', '--name', 'Adam Admin'], PW);
  at(['user', 'add', 'auditor', '--role', 'auditor', '--name', 'Ann Auditor'], PW);
  at(['user', 'add', 'director', '--role', 'director', '--name', 'Dora Director',
      '--directorate', 'Resources'], PW);
  at(['user', 'add', 'owner', '--role', 'owner', '--name', 'Olive Owner', '--owner-as',
      'Payroll manager'], PW);
  at(['user', 'add', 'committee', '--role', 'committee', '--name', 'Colin Committee'], PW);
}

const LANDING = { admin: '/my', auditor: '/my', director: '/my', owner: '/my',
  committee: '/dashboard' };
const NAMES = { admin: 'Adam Admin', auditor: 'Ann Auditor', director: 'Dora Director',
  owner: 'Olive Owner', committee: 'Colin Committee' };

// axe, the layout checks and a screenshot at 1280 and 375 px.
// Each navigation item's text on one line, and every item on the first item's line.
async function navLines(page) {
  return page.locator('#navigation > li').evaluateAll((lis) => lis.map((li) => {
    const r = document.createRange();
    r.selectNodeContents(li);
    const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0)
      .map((x) => Math.round(x.top)));
    return { text: li.innerText.trim(), lines: tops.size, top: Math.round(li.getBoundingClientRect().top) };
  }));
}

// Every <time> on the page: its text is "D Month YYYY" of its datetime; and no date
// written another way in the page's text (inputs aside).
async function datesOneWay(page, where) {
  const times = await page.locator('time').evaluateAll((ts) => ts.map((t) => [t.getAttribute('datetime'), t.textContent]));
  for (const [iso, text] of times) {
    const [y, m, d] = iso.split('-').map(Number);
    check(text === `${d} ${MONTHS[m - 1]} ${y}`, `${where}: <time datetime="${iso}"> says "${text}"`);
  }
  // The page's text without the hints, whose examples show what to type in a date field.
  const t = await page.evaluate(() => {
    let x = document.body.innerText;
    for (const h of document.querySelectorAll('.govuk-hint')) x = x.split(h.innerText).join('');
    return x;
  });
  const short = t.match(/\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b/);
  check(!short, `${where}: a date with a short month: "${short && short[0]}"`);
  const slash = t.match(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/);
  check(!slash, `${where}: a date written with slashes: "${slash && slash[0]}"`);
  const iso = t.match(/\b\d{4}-\d{2}-\d{2}\b/);
  check(!iso, `${where}: an ISO date in the text: "${iso && iso[0]}"`);
  return times.length;
}

// The texts of column col (0-based) of the first table's body rows, without what is
// there for screen readers only.
async function column(page, col, sel = 'table') {
  return page.locator(`${sel} >> nth=0`).locator(`tbody > tr > :nth-child(${col + 1})`)
    .evaluateAll((cs) => cs.map((c) => {
      const k = c.cloneNode(true);
      k.querySelectorAll('.govuk-visually-hidden').forEach((e) => e.remove());
      return k.textContent.trim();
    }));
}

async function sortBy(page, name) {
  await Promise.all([page.waitForURL(/sort=/),
                     page.locator('th a.at-sort', { hasText: name }).first().click()]);
  return page.locator('th[aria-sort]').first().evaluate((th) =>
    [th.dataset.label, th.getAttribute('aria-sort')]);
}

async function story(base) {
  const pages = {};
  for (const role of Object.keys(LANDING)) {
    pages[role] = await newPage(base);
    await step(`${role} signs in`, () => signIn(pages[role], role, NAMES[role], LANDING[role]));
  }
  const aud = pages.auditor;
  const adm = pages.admin;

  // 1. The navigation.
  for (const role of Object.keys(LANDING)) {
    await step(`${role}: every navigation item on one line at 1280 px`, async () => {
      const p = pages[role];
      await p.setViewportSize({ width: 1280, height: 800 });
      await p.goto(LANDING[role]);
      const items = await navLines(p);
      check(items.length >= 1, 'no navigation');
      const bad = items.filter((x) => x.lines !== 1 || x.top !== items[0].top);
      check(!bad.length, `off the first line or wrapped: ${bad.map((x) => `${x.text} (${x.lines} lines, top ${x.top} px)`).join(', ')}`);
    }, [`${role} signs in`]);
  }
  await step('admin: nine items at 1280 px, behind a Menu button at 375 px', async () => {
    await adm.goto('/my');
    check((await navLines(adm)).length === 9, 'the administrator does not have nine items');
    await adm.setViewportSize({ width: 375, height: 800 });
    await adm.goto('/my');
    const menu = adm.getByRole('button', { name: 'Menu' });
    check(await menu.isVisible(), 'no Menu button at 375 px');
    check(!(await adm.locator('#navigation').isVisible()), 'the list shows before Menu is pressed');
    await menu.click();
    check(await adm.getByRole('link', { name: 'Settings' }).isVisible(), 'Settings not shown after Menu');
    const items = await navLines(adm);
    check(items.every((x) => x.lines === 1), 'an item wraps at 375 px');
    await shot(adm, 'pages-nav-menu-375');
    await adm.setViewportSize({ width: 1280, height: 800 });
  }, ['admin signs in']);

  // 2. Dates.
  for (const url of ['/my', '/recs', '/recs/1', '/audits', '/audits/1', '/cycles', '/dashboard',
    '/reports/outstanding', '/admin/people']) {
    await step(`dates one way on ${url}`, async () => {
      await adm.goto(url);
      const n = await datesOneWay(adm, url);
      if (url !== '/admin/people' && url !== '/my') check(n > 0, `${url}: no <time> at all`);
    }, ['admin signs in']);
  }
  await step('the audit page writes its final report date in full, with its datetime', async () => {
    await aud.goto('/audits/2');
    check(await aud.locator('time[datetime="2023-11-02"]').first().innerText() === '2 November 2023',
          'no <time datetime="2023-11-02">2 November 2023</time>');
  }, ['auditor signs in']);

  await step('the audit page gives the mean percent complete of its open recommendations', async () => {
    await aud.goto('/audits/1');
    // (60 + 25) / 2 = 42.5, rounded half up.
    const row = aud.locator('.govuk-summary-list__row', { hasText: 'Percent complete' });
    check((await row.locator('dd').innerText()).trim() ===
          '43% on average, from 2 of 2 open recommendations', await row.innerText());
    const cells = await aud.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[7].innerText.trim()));
    check(JSON.stringify(cells) === '["60%","25%"]', `the Complete column: ${cells}`);
    await bothWidths(aud, 'audit percent complete', 'pages');
  }, ['auditor signs in']);

  // 3. Sorting.
  await step('audits sort by final report date, both ways, kept in the address', async () => {
    await aud.goto('/audits');
    check(JSON.stringify(await column(aud, 1)) === '["Payroll","Fleet","Adoption"]', 'not in the register\'s order first');
    let [name, dir] = await sortBy(aud, 'Final report');
    check(name === 'Final report' && dir === 'ascending', `aria-sort: ${name} ${dir}`);
    check(JSON.stringify(await column(aud, 1)) === '["Fleet","Payroll","Adoption"]', `earliest first: ${await column(aud, 1)}`);
    [name, dir] = await sortBy(aud, 'Final report');
    check(dir === 'descending', `then ${dir}`);
    check(JSON.stringify(await column(aud, 1)) === '["Adoption","Payroll","Fleet"]', `latest first: ${await column(aud, 1)}`);
    check(aud.url().includes('sort=date&order=desc'), `the address: ${aud.url()}`);
    await aud.goto('/audits/3');
    await aud.goBack();
    check(JSON.stringify(await column(aud, 1)) === '["Adoption","Payroll","Fleet"]', 'Back loses the order');
    await bothWidths(aud, 'audits sorted', 'pages');
  }, ['auditor signs in']);
  await step('cycles sort by name and by date', async () => {
    await aud.goto('/cycles');
    check(JSON.stringify(await column(aud, 0)) === JSON.stringify(['Audit Committee June 2024',
      'Audit Committee March 2024', 'Audit Committee January 2024']), 'not latest first');
    const [, dir] = await sortBy(aud, 'Cycle');
    check(dir === 'ascending', dir);
    check(JSON.stringify(await column(aud, 0)) === JSON.stringify(['Audit Committee January 2024',
      'Audit Committee June 2024', 'Audit Committee March 2024']), `A to Z: ${await column(aud, 0)}`);
    await sortBy(aud, 'Committee date');
    check((await column(aud, 1))[0] === '20 January 2024', `earliest first: ${await column(aud, 1)}`);
    await bothWidths(aud, 'cycles sorted', 'pages');
  }, ['auditor signs in']);
  await step('My actions: the overdue table sorts by due date', async () => {
    const o = pages.owner;
    await o.goto('/my');
    await sortBy(o, 'Due');
    const due = await o.locator('table', { hasText: 'Months overdue' }).first()
      .locator('tbody > tr > :nth-child(4)').allInnerTexts();
    check(JSON.stringify(due) === '["30 June 2024","31 January 2025"]', `due: ${due}`);
    const [, dir] = await sortBy(o, 'Due');
    check(dir === 'descending', dir);
    await bothWidths(o, 'my actions sorted', 'pages');
  }, ['owner signs in']);
  await step('escalations: a rung\'s table sorts by months overdue, both ways', async () => {
    const c = pages.committee;
    await c.goto('/reports/escalations');
    const [name, dir] = await sortBy(c, 'Months overdue');
    check(name === 'Months overdue' && dir === 'ascending', `aria-sort: ${name} ${dir}`);
    // Due 31/1/2025, 30/6/2024 and 31/3/2024: fewest months first.
    check(JSON.stringify(await column(c, 0)) === '["3","1","2"]', `ids: ${await column(c, 0)}`);
    await sortBy(c, 'Months overdue');
    check(JSON.stringify(await column(c, 0)) === '["2","1","3"]', `ids: ${await column(c, 0)}`);
    check(c.url().includes('sort=0-5&order=desc'), `the address: ${c.url()}`);
    await bothWidths(c, 'escalations sorted', 'pages');
  }, ['committee signs in']);
  await step('reports: the form asks for both bases, and the outstanding report shows them', async () => {
    await aud.goto('/reports');
    await aud.getByLabel('Report', { exact: true }).selectOption('outstanding');
    await aud.getByLabel('Overdue shown against').selectOption('both');
    await bothWidths(aud, 'reports form with both bases', 'pages');
    await Promise.all([aud.waitForURL(/\/reports\/outstanding\?.*bases=both/),
                       aud.getByRole('button', { name: 'Show the report' }).click()]);
    // Recommendation 2 (Fleet, due 31/03/2024) was never revised: overdue against its
    // current target too, by as many months as since its original one.
    const block = aud.locator('dl.govuk-summary-list', { hasText: 'Fleet' }).first();
    const value = async (label) => (await block.locator('.govuk-summary-list__row', { hasText: label })
      .locator('dd').first().innerText()).trim();
    const since = await value('Months since original target');
    check(/^[0-9]+$/.test(since), `months since original target: ${since}`);
    check(await value('Overdue against current target') === 'Yes', 'not overdue against current');
    check(await value('Months since current target') === since, 'the two bases differ unrevised');
    await bothWidths(aud, 'outstanding with both bases', 'pages');
  }, ['auditor signs in']);
  await step('people sort by name, Z first', async () => {
    await adm.goto('/admin/people');
    await Promise.all([adm.waitForURL(/sort=name/),
                       adm.locator('#everyone + div th a.at-sort, th a.at-sort', { hasText: 'Name' }).first().click()]);
    await Promise.all([adm.waitForURL(/order=desc/),
                       adm.locator('th a.at-sort', { hasText: 'Name' }).first().click()]);
    const names = await adm.locator('#everyone + .at-table-wrap table tbody > tr > th').allInnerTexts();
    const sorted = [...names].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' }));
    check(names.length >= 2 && JSON.stringify(names) === JSON.stringify(sorted), `names: ${names}`);
  }, ['admin signs in']);

  // 4. Names suggested.
  const options = (p, id) => p.locator(`datalist#${id} option`).evaluateAll((os) => os.map((o) => o.value));
  await step('adding a recommendation suggests the people and directorates the register knows', async () => {
    await aud.goto('/audits/1/recs/new');
    check(await aud.getByLabel('Owner (optional)').getAttribute('list') === 'people', 'owner has no suggestions');
    const people = await options(aud, 'people');
    check(people.includes('Payroll manager') && people.includes('Fleet manager'), `people: ${people}`);
    const dirs = await options(aud, 'directorates');
    // The directorates the recommendations name (the audit with none adds none).
    check(JSON.stringify(dirs) === '["Places","Resources"]', `directorates: ${dirs}`);
    await bothWidths(aud, 'add a recommendation', 'pages');
  }, ['auditor signs in']);
  // The list's owner filter fetches its names (/recs/owners) when first used: none are
  // sent with the page, and the field still takes any text without them.
  const fetched = async (p) => {
    check((await options(p, 'people')).length === 0, '/recs sends its people with the page');
    const [res] = await Promise.all([
      p.waitForResponse((r) => new URL(r.url()).pathname === '/recs/owners'),
      p.getByLabel('Owner or director').focus()]);
    check(res.status() === 200, `/recs/owners answered ${res.status()}`);
    await p.waitForFunction(() => document.querySelectorAll('datalist#people option').length > 0);
    return options(p, 'people');
  };
  await step('the list\'s owner filter, the invitation and the people page suggest names', async () => {
    await aud.goto('/recs');
    check(await aud.getByLabel('Owner or director').getAttribute('list') === 'people', '/recs owner filter');
    check((await fetched(aud)).includes('Fleet manager'), '/recs people');
    check(JSON.stringify(await options(aud, 'themes')) === '["Vehicles"]', '/recs themes');
    const d = pages.director;
    await d.goto('/recs');
    const dp = await fetched(d);
    check(dp.includes('Payroll manager') && !dp.includes('Fleet manager'),
          `a director is offered names beyond their directorate: ${dp}`);
    await aud.goto('/recs/1');
    for (const id of ['accepted_by', 'risk_by', 'agreed_by']) {
      check(await aud.locator(`#${id}`).getAttribute('list') === 'people', `/recs/1 ${id}`);
    }
    check((await options(aud, 'people')).includes('Payroll manager'), '/recs/1 people');
    await adm.goto('/admin/invite');
    check(await adm.getByLabel('Owner as').getAttribute('list') === 'people', 'invite: owner as');
    check(await adm.getByLabel('Directorate').getAttribute('list') === 'directorates', 'invite: directorate');
    await adm.goto('/admin/people');
    check(await adm.getByLabel('Name', { exact: true }).getAttribute('list') === 'people', 'people: name');
  }, ['auditor signs in', 'director signs in', 'admin signs in']);
  await step('the list with its owner names fetched', async () => {
    await aud.goto('/recs');
    await fetched(aud);
  }, ['auditor signs in']);
  await bothWidths(aud, 'list with the owner names fetched', 'pages');

  // 5. Settings: packs, e-mail, templates.
  await step('packs: built-in listed, the default marked, linked from the policy', async () => {
    await aud.goto('/admin/policy');
    await Promise.all([aud.waitForURL('**/admin/packs'),
                       aud.getByRole('link', { name: 'committee packs' }).click()]);
    const rows = await aud.locator('table tbody tr').allInnerTexts();
    check(rows.some((x) => /manchester\s+Built in\s+Default/.test(x)), `rows: ${rows}`);
    check(rows.some((x) => /cambridgeshire\s+Built in/.test(x)), `rows: ${rows}`);
    await bothWidths(aud, 'packs', 'pages');
  }, ['auditor signs in']);
  await step('a wrong pack is refused with its line and what is wrong', async () => {
    await aud.goto('/admin/packs');
    await aud.getByLabel('Name', { exact: true }).fill('ours');
    await aud.getByLabel('Definition').fill('pack title="Ours"\nsummary title="Summary"\n'
      + 'outstanding band="sometime" title="Bad"\n');
    await aud.getByRole('button', { name: 'Save the pack' }).click();
    const s = await aud.locator('.govuk-error-summary').innerText();
    check(/line 3: band 'sometime' is not one of the policy's bands/.test(s), `summary: ${s}`);
    check((await aud.getByLabel('Definition').inputValue()).includes('sometime'), 'what was typed is lost');
    await bothWidths(aud, 'pack refused', 'pages');
  }, ['auditor signs in']);
  await step('a pack is saved, shown and then removed after asking', async () => {
    await aud.getByLabel('Definition').fill('pack title="Ours"\nsummary title="Where we are"\n');
    await Promise.all([aud.waitForURL('**/admin/packs/ours'),
                       aud.getByRole('button', { name: 'Save the pack' }).click()]);
    await banner(aud, 'Pack ours saved');
    check((await aud.getByLabel('Definition').inputValue()).includes('Where we are'), 'not shown');
    await bothWidths(aud, 'one pack', 'pages');
    await aud.getByRole('button', { name: 'Remove the pack ours' }).click();
    await aud.getByRole('heading', { name: 'Remove the pack ours?' }).waitFor();
    await Promise.all([aud.waitForURL('**/admin/packs'),
                       aud.getByRole('button', { name: 'Yes, remove it' }).click()]);
    await banner(aud, 'Pack ours removed');
    check(!(await aud.locator('table').innerText()).includes('ours'), 'still listed');
  }, ['auditor signs in']);
  await step('e-mail: a wrong address refused, a right one saved', async () => {
    await aud.goto('/admin/email');
    await aud.getByLabel('Sender\'s address').fill('not an address');
    await aud.getByRole('button', { name: 'Save Sender\'s address' }).click();
    const s = await aud.locator('.govuk-error-summary').innerText();
    check(s.includes('Sender\'s address:'), `summary: ${s}`);
    await bothWidths(aud, 'e-mail refused', 'pages');
    await aud.getByLabel('Sender\'s address').fill('audit@council.example');
    await Promise.all([aud.waitForURL('**/admin/email'),
                       aud.getByRole('button', { name: 'Save Sender\'s address' }).click()]);
    await banner(aud, 'Sender\'s address: now audit@council.example');
    check(await aud.getByLabel('Sender\'s address').inputValue() === 'audit@council.example', 'not shown');
    await bothWidths(aud, 'e-mail', 'pages');
  }, ['auditor signs in']);
  await step('a template previewed, saved and put back', async () => {
    await aud.goto('/admin/templates');
    await bothWidths(aud, 'templates', 'pages');
    await aud.getByRole('link', { name: 'subject', exact: true }).click();
    await aud.getByLabel('Text').fill('{{count}} for {{name}} from the audit team');
    await aud.getByRole('button', { name: 'Preview' }).click();
    const subj = await aud.locator('#preview-subject').innerText();
    check(subj === '1 for Example person from the audit team', `preview subject: "${subj}"`);
    await bothWidths(aud, 'template preview', 'pages');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(DOC_SHOTS, { recursive: true });
      fs.copyFileSync(path.join(SHOTS, 'pages-template-preview-1280.png'),
                      path.join(DOC_SHOTS, 'settings-template.png'));
    }
    await Promise.all([aud.waitForURL('**/admin/templates/subject'),
                       aud.getByRole('button', { name: 'Save the template' }).click()]);
    await banner(aud, 'Template subject saved');
    await aud.getByRole('button', { name: 'Put the default back' }).click();
    await banner(aud, 'Template subject back to the default');
    check((await aud.getByLabel('Text').inputValue()).startsWith('Audit recommendations:'), 'not the default');
  }, ['auditor signs in']);
  await step('an e-mail\'s dates read as the pages\' in the preview', async () => {
    // The digest's own text, as sent: "As at 7 December 2026", the overdue reason's date.
    await aud.goto('/admin/templates');
    await aud.getByRole('link', { name: 'text', exact: true }).click();
    await aud.getByRole('button', { name: 'Preview' }).click();
    const t = await aud.locator('#preview-text').innerText();
    const long = `(${MONTHS.join('|')}) \\d{4}`;
    check(new RegExp(`^As at \\d{1,2} ${long}, 1 item`, 'm').test(t), `the preview's as-at: ${t}`);
    check(new RegExp(`Now overdue: the target date was \\d{1,2} ${long}\\.`).test(t),
          `the preview's reason: ${t}`);
    await datesOneWay(aud, 'text template preview');
  }, ['a template previewed, saved and put back']);
  await step('the owner and the committee are refused the settings pages', async () => {
    for (const p of [pages.owner, pages.committee]) {
      for (const u of ['/admin/packs', '/admin/email', '/admin/templates']) {
        const res = await p.goto(u);
        check(res.status() === 403, `${u} gave ${res.status()}`);
      }
    }
  }, ['owner signs in', 'committee signs in']);
}

run(setUp, story, { seconds: 420 });
