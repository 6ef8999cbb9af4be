#!/usr/bin/env node
'use strict';
// Dependency-free readiness probes used by infra/local/infra.sh (plain Node, no node_modules).
//
//   node probe.cjs kafka HOST PORT     Kafka Metadata v1 request; ready when a broker and a controller answer
//   node probe.cjs mongo HOST PORT     MongoDB wire protocol: OP_MSG ping + hello (or isMaster) + buildInfo
//   node probe.cjs mongo-url URL       same, against the first host of a mongodb:// URL
//   node probe.cjs http URL            HTTP GET; ready on status 200
//
// Prints a one-line summary on success (exit 0); prints the reason and exits 1 otherwise.
// Each probe gives up after PROBE_TIMEOUT_MS (default 2000).

const net = require('node:net');
const http = require('node:http');

const TIMEOUT_MS = Number(process.env.PROBE_TIMEOUT_MS || 2000);

function fail(msg) {
  process.stdout.write(`${msg}\n`);
  process.exit(1);
}

// One TCP connection; send each request and collect one length-prefixed (int32 at offset 0) reply per request.
function exchange(host, port, requests, byteOrder) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const replies = [];
    let buf = Buffer.alloc(0);
    let idx = 0;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`timeout after ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    const sendNext = () => sock.write(requests[idx]);
    sock.on('connect', sendNext);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 4) return;
        const size = byteOrder === 'BE' ? buf.readInt32BE(0) + 4 : buf.readInt32LE(0);
        if (buf.length < size) return;
        replies.push(buf.subarray(0, size));
        buf = buf.subarray(size);
        idx += 1;
        if (idx === requests.length) {
          clearTimeout(timer);
          sock.end();
          resolve(replies);
          return;
        }
        sendNext();
      }
    });
    sock.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      if (replies.length < requests.length) reject(new Error('connection closed before reply'));
    });
  });
}

// ---------------------------------------------------------------- Kafka
function kafkaMetadataRequest(correlationId) {
  const clientId = Buffer.from('cme-infra-probe');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
  let o = 0;
  o = body.writeInt16BE(3, o); // api key: Metadata
  o = body.writeInt16BE(1, o); // api version 1
  o = body.writeInt32BE(correlationId, o);
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  body.writeInt32BE(0, o); // topics: empty array = no topic metadata, brokers only
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length, 0);
  return Buffer.concat([len, body]);
}

async function probeKafka(host, port) {
  const [reply] = await exchange(host, Number(port), [kafkaMetadataRequest(7)], 'BE');
  let o = 4;
  const corr = reply.readInt32BE(o);
  o += 4;
  if (corr !== 7) throw new Error(`unexpected correlation id ${corr}`);
  const nBrokers = reply.readInt32BE(o);
  o += 4;
  const brokers = [];
  for (let i = 0; i < nBrokers; i += 1) {
    const id = reply.readInt32BE(o);
    o += 4;
    const hlen = reply.readInt16BE(o);
    o += 2;
    const h = reply.toString('utf8', o, o + hlen);
    o += hlen;
    const p = reply.readInt32BE(o);
    o += 4;
    const rlen = reply.readInt16BE(o);
    o += 2 + Math.max(rlen, 0);
    brokers.push(`${id}@${h}:${p}`);
  }
  const controller = reply.readInt32BE(o);
  if (nBrokers < 1) throw new Error('no broker registered yet');
  if (controller < 0) throw new Error('no active controller yet');
  return `brokers ${brokers.join(',')} controller ${controller}`;
}

// ---------------------------------------------------------------- MongoDB wire protocol (OP_MSG + minimal BSON)
function cstr(s) {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

function bsonEncode(doc) {
  const parts = [];
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v === 'number' && Number.isInteger(v)) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v, 0);
      parts.push(Buffer.from([0x10]), cstr(k), b);
    } else if (typeof v === 'string') {
      const s = cstr(v);
      const l = Buffer.alloc(4);
      l.writeInt32LE(s.length, 0);
      parts.push(Buffer.from([0x02]), cstr(k), l, s);
    } else {
      throw new Error(`bsonEncode: unsupported value for ${k}`);
    }
  }
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const len = Buffer.alloc(4);
  len.writeInt32LE(body.length + 4, 0);
  return Buffer.concat([len, body]);
}

function bsonDecode(buf, start = 0, asArray = false) {
  const end = start + buf.readInt32LE(start);
  const out = asArray ? [] : {};
  let o = start + 4;
  while (o < end - 1) {
    const type = buf[o];
    o += 1;
    const kEnd = buf.indexOf(0, o);
    const key = buf.toString('utf8', o, kEnd);
    o = kEnd + 1;
    let v;
    switch (type) {
      case 0x01:
        v = buf.readDoubleLE(o);
        o += 8;
        break;
      case 0x02:
      case 0x0d:
      case 0x0e: {
        const l = buf.readInt32LE(o);
        v = buf.toString('utf8', o + 4, o + 4 + l - 1);
        o += 4 + l;
        break;
      }
      case 0x03:
      case 0x04: {
        v = bsonDecode(buf, o, type === 0x04);
        o += buf.readInt32LE(o);
        break;
      }
      case 0x05: {
        const l = buf.readInt32LE(o);
        v = '<binary>';
        o += 5 + l;
        break;
      }
      case 0x07:
        v = buf.toString('hex', o, o + 12);
        o += 12;
        break;
      case 0x08:
        v = buf[o] === 1;
        o += 1;
        break;
      case 0x09:
        v = new Date(Number(buf.readBigInt64LE(o)));
        o += 8;
        break;
      case 0x0a:
      case 0x06:
      case 0xff:
      case 0x7f:
        v = null;
        break;
      case 0x0b: {
        const a = buf.indexOf(0, o);
        const b = buf.indexOf(0, a + 1);
        v = '<regex>';
        o = b + 1;
        break;
      }
      case 0x10:
        v = buf.readInt32LE(o);
        o += 4;
        break;
      case 0x11:
        v = '<timestamp>';
        o += 8;
        break;
      case 0x12:
        v = Number(buf.readBigInt64LE(o));
        o += 8;
        break;
      case 0x13:
        v = '<decimal128>';
        o += 16;
        break;
      default:
        throw new Error(`bsonDecode: unsupported type 0x${type.toString(16)} for ${key}`);
    }
    if (asArray) out.push(v);
    else out[key] = v;
  }
  return out;
}

function opMsg(requestId, doc) {
  const payload = bsonEncode(doc);
  const header = Buffer.alloc(16 + 4 + 1);
  header.writeInt32LE(header.length + payload.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12); // OP_MSG
  header.writeUInt32LE(0, 16); // flagBits
  header[20] = 0; // section kind 0: body
  return Buffer.concat([header, payload]);
}

function opMsgReply(reply) {
  const opCode = reply.readInt32LE(12);
  if (opCode !== 2013) throw new Error(`unexpected reply opCode ${opCode}`);
  if (reply[20] !== 0) throw new Error('unexpected OP_MSG section kind');
  return bsonDecode(reply, 21);
}

async function probeMongo(host, port) {
  const replies = await exchange(
    host,
    Number(port),
    [
      opMsg(1, { ping: 1, $db: 'admin' }),
      opMsg(2, { hello: 1, $db: 'admin' }),
      // mongo-java-server has no `hello` (code 59, CommandNotFound): it answers the older isMaster.
      opMsg(3, { isMaster: 1, $db: 'admin' }),
      opMsg(4, { buildInfo: 1, $db: 'admin' }),
    ],
    'LE',
  );
  const [ping, hello, isMaster, build] = replies.map(opMsgReply);
  if (ping.ok !== 1) throw new Error(`ping answered ${JSON.stringify(ping)}`);
  const wire = (hello.ok === 1 ? hello : isMaster).maxWireVersion;
  return `MongoDB ${build.version} API, wire ${wire}`;
}

function firstHostOfUrl(url) {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^/?,]+)/.exec(url);
  if (!m) return null;
  const hostPort = m[1];
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    const host = hostPort.slice(1, close);
    const port = hostPort.slice(close + 2) || '27017';
    return [host, port];
  }
  const [host, port = '27017'] = hostPort.split(':');
  return [host, port];
}

// ---------------------------------------------------------------- HTTP
function probeHttp(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve(`HTTP ${res.statusCode}`);
      else reject(new Error(`HTTP ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

async function main() {
  const [kind, a, b] = process.argv.slice(2);
  switch (kind) {
    case 'kafka':
      return probeKafka(a, b);
    case 'mongo':
      return probeMongo(a, b);
    case 'mongo-url': {
      const hp = firstHostOfUrl(a || '');
      if (!hp) throw new Error('not checked (only mongodb:// URLs are probed)');
      return `${await probeMongo(hp[0], hp[1])} at ${hp[0]}:${hp[1]}`;
    }
    case 'http':
      return probeHttp(a);
    default:
      throw new Error(`usage: probe.cjs kafka|mongo HOST PORT | mongo-url URL | http URL (got ${kind})`);
  }
}

main().then(
  (summary) => {
    process.stdout.write(`${summary}\n`);
    process.exit(0);
  },
  (err) =>
    fail(err && err.code ? `${err.code}: ${err.message}` : String(err && err.message ? err.message : err)),
);
