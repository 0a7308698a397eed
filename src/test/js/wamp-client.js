// A real WAMP client (Autobahn|JS) against the gateway's router, driven by routes.rpc.AutobahnClientTest:
// connects on wamp.2.json, subscribes, publishes (acknowledged, and heard back by its own subscription), receives
// an event published on NATS by the test, calls an RPC, gets a refused call as an error, and says goodbye.
// Prints one JSON line per step; exits 0 only when every step did what WAMP says.
'use strict';
const autobahn = require('autobahn');

const [url, topic] = process.argv.slice(2);
const say = (step, detail) => console.log(JSON.stringify({ step, ...detail }));
const fail = (why) => { say('failed', { why: String(why) }); process.exit(1); };
setTimeout(() => fail('timed out'), 20000);

const connection = new autobahn.Connection({ url, realm: 'realm1', max_retries: 0 });

connection.onopen = async (session, details) => {
  try {
    say('welcomed', { session: session.id, roles: Object.keys(details.roles || {}).sort() });
    const events = [];
    let heard;
    const heardEvent = new Promise((resolve) => { heard = resolve; });
    const subscription = await session.subscribe(topic, (args, kwargs, event) => {
      events.push({ args, kwargs, topic: event.topic });
      heard();
    });
    say('subscribed', { id: subscription.id });

    const publication = await session.publish(topic, ['from autobahn'], { n: 1 },
      { acknowledge: true, exclude_me: false });
    say('published', { id: publication.id });
    await heardEvent;
    say('received', events[0]);

    // the test publishes on NATS once it reads "ready"
    const fromNats = new Promise((resolve) => {
      session.subscribe(topic + '_nats', (args, kwargs) => resolve({ args, kwargs }));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    say('ready', {});
    say('received_from_nats', await fromNats);

    const result = await session.call('greeting_service.hello', ['Bob'], { last_name: 'Ross' });
    // Autobahn hands over a result of one positional value and no keywords as that value itself
    say('called', { result });
    try {
      await session.call('greeting_service.nope', []);
      fail('an unknown procedure answered');
    } catch (error) {
      say('call_refused', { error: error.error, args: error.args });
    }
    await session.unsubscribe(subscription);
    say('unsubscribed', {});
    connection.close('wamp.close.normal', 'done');
  } catch (error) {
    fail(error && (error.error || error.message) || error);
  }
};

connection.onclose = (reason, details) => {
  say('closed', { reason, wasClean: details && details.wasClean });
  process.exit(reason === 'closed' ? 0 : 1);
};

connection.open();
