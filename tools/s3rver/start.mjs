// Starts s3rver (a fake S3 for Node: the S3 REST API over real HTTP) on a free loopback port with one bucket, then
// writes {"url", "bucket", "accessKeyId", "secretAccessKey", "region"} to the file named by the first argument.
// Stops, removing its data, when stdin closes (the test JVM that started it ended) or on SIGTERM.
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

const out = process.argv[2];
const bucket = process.argv[3] || 'herald-media';
const directory = mkdtempSync(join(tmpdir(), 'herald-s3rver-'));
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  resetOnClose: true,
  // Path-style only: the bucket is in the path, so no wildcard DNS is needed on loopback.
  vhostBuckets: false,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
const started = {
  url: `http://127.0.0.1:${port}`,
  bucket,
  // s3rver's fixed credentials: it checks the access key id (not SigV4 signatures) and presigned URLs' expiry.
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  region: 'us-east-1',
};
if (out) {
  writeFileSync(out + '.tmp', JSON.stringify(started));
  renameSync(out + '.tmp', out);
} else {
  console.log(JSON.stringify(started));
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  try {
    await server.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  }
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
