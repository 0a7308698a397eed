// The demo page (/websocket-demo/) in Debian's headless Chromium, driven by playwright-core, for
// routes.rpc.DemoPageBrowserTest: two pages subscribe, one publishes, both show the event; then one calls
// websocket_test.hello_websocket and both show what that service published. Prints one JSON line per step.
'use strict';
const { chromium } = require('playwright-core');

const [pageUrl, executablePath] = process.argv.slice(2);
const say = (step, detail) => console.log(JSON.stringify({ step, ...detail }));

async function shows(page, text) {
  await page.waitForFunction((wanted) => Array.from(document.querySelectorAll('#log li'))
    .some((item) => !item.classList.contains('sent') && item.textContent.includes(wanted)), text, { timeout: 10000 });
}

(async () => {
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  try {
    const pages = [await browser.newPage(), await browser.newPage()];
    for (const page of pages) {
      await page.goto(pageUrl);
      await page.waitForFunction(() => document.getElementById('status').textContent === 'connected',
        null, { timeout: 10000 });
      await page.click('#subscribe');
      await shows(page, '"action":"subscribed"');
    }
    say('subscribed', { pages: pages.length });

    const marker = 'from page one ' + Date.now();
    await pages[0].fill('#publish-data', JSON.stringify({ hello: marker }));
    await pages[0].click('#publish');
    for (const page of pages) {
      await shows(page, marker);
    }
    say('both_show_the_event', { marker });

    await pages[1].fill('#call-args', JSON.stringify(['page two']));
    await pages[1].click('#call');
    await shows(pages[1], 'Look at your browser');
    for (const page of pages) {
      await shows(page, '"page two"');
    }
    say('both_show_the_call', {});
    const lines = await pages[0].$$eval('#log li', (items) => items.map((item) => item.textContent));
    say('page_one_log', { lines });
  } finally {
    await browser.close();
  }
})().then(() => process.exit(0), (error) => {
  say('failed', { why: String(error && error.message || error) });
  process.exit(1);
});
