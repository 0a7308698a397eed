// Used by bench/waiting: opens N connections to the gateway first, lets the server take them all (SETTLE_MS), then
// sends one football request on each at once, and times each from its send to its whole answer. Prints one
// "WAIT ..." line. Run: node bench/waiting-client.js HOST PORT N [SETTLE_MS]
'use strict';
const net = require('net');
const [host, port, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const settleMs = Number(process.argv[5] || 1000);
const body = '{"game_id": "w1", "home_expected": 1.5, "away_expected": 1.1}';
const request = `POST /football HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const sockets = [];
const results = [];
let connected = 0;
let failed = 0;

function finish() {
  const latencies = results.map(r => r.ms).sort((a, b) => a - b);
  const timeouts = results.filter(r => r.status === 504).length;
  const pick = q => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : 0;
  console.log(`WAIT answered=${results.length} gateway_timeouts=${timeouts} other_answers=${results.length - timeouts}`
    + ` socket_errors=${failed} p50_ms=${pick(0.5).toFixed(0)} max_ms=${(latencies[latencies.length - 1] || 0).toFixed(0)}`);
  sockets.forEach(s => s.destroy());
  process.exit(0);
}

function done() {
  if (results.length + failed === count) finish();
}

function sendAll() {
  for (const socket of sockets) {
    socket.sentAt = process.hrtime.bigint();
    socket.write(request);
  }
}

for (let i = 0; i < count; i++) {
  const socket = net.connect({ host, port }, () => {
    if (++connected === count) setTimeout(sendAll, settleMs);
  });
  let received = '';
  socket.setNoDelay(true);
  socket.on('data', chunk => {
    received += chunk.toString('latin1');
    const end = received.indexOf('\r\n\r\n');
    if (end < 0 || socket.answered) return;
    const length = Number((/content-length:\s*(\d+)/i.exec(received.slice(0, end)) || [0, 0])[1]);
    if (received.length < end + 4 + length) return;
    socket.answered = true;
    results.push({ status: Number(received.split(' ')[1]), ms: Number(process.hrtime.bigint() - socket.sentAt) / 1e6 });
    done();
  });
  socket.on('error', () => { if (!socket.answered) { socket.answered = true; failed++; if (connected + failed === count) setTimeout(sendAll, settleMs); done(); } });
  sockets.push(socket);
}
setTimeout(() => { console.error('not all answered in time'); finish(); process.exit(1); }, 60000);
