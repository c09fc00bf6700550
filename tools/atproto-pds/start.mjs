// A real AT Protocol PDS (@atproto/pds) with an in-memory PLC directory (@did-plc/server, Database.mock()), on
// loopback only, for Herald's Bluesky connector test. It creates two accounts (alice.test, bob.test), gives alice an
// app password, writes {url, accounts: [{handle, did, appPassword}]} to the file named by the first argument (or
// prints it), then prints READY and serves until it is stopped (SIGTERM / SIGINT).
//
// Usage: node start.mjs [out.json]   (Node >= 22; install.sh installs one). Ports: PDS_PORT (default 0 = free),
// PLC_PORT (default 0 = free); the PDS itself listens on another free port, behind the proxy below. Data lives in a fresh temporary folder, removed on exit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import plc from '@did-plc/server'
import { Secp256k1Keypair } from '@atproto/crypto'

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

const plcPort = Number(process.env.PLC_PORT || 0) || (await freePort())
const pdsPort = Number(process.env.PDS_PORT || 0) || (await freePort())
const innerPort = await freePort()
const dataDir = mkdtempSync(join(tmpdir(), 'herald-pds-'))

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort })
await plcServer.start()

const rotationKey = await Secp256k1Keypair.create({ exportable: true })
Object.assign(process.env, {
  PDS_HOSTNAME: 'localhost',
  PDS_PORT: String(innerPort),
  PDS_DEV_MODE: 'true',
  PDS_INVITE_REQUIRED: 'false',
  PDS_SERVICE_HANDLE_DOMAINS: '.test',
  PDS_DID_PLC_URL: `http://localhost:${plcPort}`,
  PDS_DATA_DIRECTORY: dataDir,
  PDS_BLOBSTORE_DISK_LOCATION: join(dataDir, 'blobs'),
  PDS_JWT_SECRET: randomBytes(32).toString('hex'),
  PDS_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: Buffer.from(await rotationKey.export()).toString('hex'),
  LOG_ENABLED: process.env.LOG_ENABLED ?? 'false',
})
const { PDS, envToCfg, envToSecrets, readEnv } = await import('@atproto/pds')
const env = readEnv()
const pds = await PDS.create(envToCfg(env), envToSecrets(env))
await pds.start()

// Clients reach the PDS through a plain HTTP/1.1 proxy that drops an h2c upgrade offer. Java's HttpClient offers
// "Upgrade: h2c" on every http:// request; the PDS's server hands any Upgrade request to its WebSocket handler
// (com.atproto.sync.subscribeRepos), which closes the connection without an answer. Over https (every real PDS)
// HTTP/2 is negotiated by ALPN and no such offer is made.
const proxy = http.createServer((req, res) => {
  const headers = { ...req.headers }
  if (String(headers.upgrade).toLowerCase() === 'h2c') {
    delete headers.upgrade
    delete headers['http2-settings']
    delete headers.connection
  }
  const upstream = http.request(
    { host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers)
      answer.pipe(res)
    },
  )
  upstream.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: 'ProxyError', message: String(e) }))
  })
  req.pipe(upstream)
})
await new Promise((resolve) => proxy.listen(pdsPort, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${pdsPort}`

async function xrpc(method, body, token) {
  const res = await fetch(`${url}/xrpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  if (!res.ok) throw new Error(`${method} answered ${res.status}: ${JSON.stringify(json)}`)
  return json
}

const accounts = []
for (const name of ['alice', 'bob']) {
  const password = randomBytes(12).toString('hex')
  const created = await xrpc('com.atproto.server.createAccount', {
    handle: `${name}.test`,
    email: `${name}@herald.test`,
    password,
  })
  const appPassword = (await xrpc('com.atproto.server.createAppPassword', { name: 'herald' }, created.accessJwt))
    .password
  accounts.push({ handle: created.handle, did: created.did, appPassword })
}

const out = JSON.stringify({ url, plcUrl: `http://127.0.0.1:${plcPort}`, accounts })
if (process.argv[2]) writeFileSync(process.argv[2], out)
else console.log(out)
console.log('READY')

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  proxy.close()
  await pds.destroy().catch(() => {})
  await plcServer.destroy().catch(() => {})
  rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// The test that started it may die without stopping it: stdin closing means its parent is gone.
process.stdin.on('end', stop)
process.stdin.resume()
