// Cross-check of package blindrsa with @cloudflare/blindrsa-ts, the library the survey page
// uses in the browser. Run by TestCloudflareBlindRSATS: it reads a JSON job on stdin and
// writes a JSON answer on stdout.
//
// Job: {"spki": b64, "pkcs8": b64, "msg": b64, "go_prepared": b64, "go_sig": b64}
// Answer: the TypeScript client's prepared message, blinded message and final signature over
// a blind signature it made itself with the same key (so Go can check its BlindSign gives the
// same bytes and its Verify accepts the signature), and whether TypeScript verifies the
// signature Go made.
import { RSABSSA } from '@cloudflare/blindrsa-ts';

const b64 = (u) => Buffer.from(u).toString('base64');
const unb64 = (s) => new Uint8Array(Buffer.from(s, 'base64'));

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const job = JSON.parse(Buffer.concat(chunks).toString());

const suite = RSABSSA.SHA384.PSS.Randomized();
const alg = { name: 'RSA-PSS', hash: 'SHA-384' };
const pub = await crypto.subtle.importKey('spki', unb64(job.spki), alg, true, ['verify']);
const priv = await crypto.subtle.importKey('pkcs8', unb64(job.pkcs8), alg, true, ['sign']);

const prepared = suite.prepare(unb64(job.msg));
const { blindedMsg, inv } = await suite.blind(pub, prepared);
const blindSig = await suite.blindSign(priv, blindedMsg);
const sig = await suite.finalize(pub, prepared, blindSig, inv);
const goVerified = await suite.verify(pub, unb64(job.go_sig), unb64(job.go_prepared));

process.stdout.write(JSON.stringify({
  prepared: b64(prepared), blinded: b64(blindedMsg), blind_sig: b64(blindSig), sig: b64(sig),
  go_verified: goVerified,
}));
