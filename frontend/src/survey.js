// The survey page's script: signing with NCALayer and secret ballots. The page (server-rendered)
// holds the questions; this script collects the answers under the same names the server reads
// (q.<question>, q.<question>.<row>), then talks to the JSON API:
//   named:     start → prepare(ballot) → NCALayer signs the canonical ballot → ballots
//   anonymous: start → blind a fresh token (RFC 9474) → prepare(blinded) → NCALayer signs the
//              eligibility statement (never the ballot) → eligibility → unblind → after a
//              random pause, anonymous-ballots WITHOUT cookies (token + signature + ballot)
// Unsigned surveys skip NCALayer; unsigned named ones also work without this script.
import { NCALayerClient } from "ncalayer-js-client";
import { RSABSSA } from "@cloudflare/blindrsa-ts";
import "./styles/survey.css";

const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function ballotOf(form) {
  const answers = {};
  for (const fs of form.querySelectorAll("fieldset[data-kind]")) {
    const id = fs.id.slice(2);
    const kind = fs.dataset.kind;
    const name = "q." + id;
    const a = {};
    if (kind === "single") {
      const c = fs.querySelector(`input[name="${name}"]:checked`);
      if (c) a.choice = c.value;
    } else if (kind === "multiple") {
      const cs = [...fs.querySelectorAll(`input[name="${name}"]:checked`)].map((c) => c.value);
      if (cs.length) a.choices = cs;
    } else if (kind === "scale") {
      const c = fs.querySelector(`input[name="${name}"]:checked`);
      if (c) a.value = Number(c.value);
    } else if (kind === "text") {
      const t = fs.querySelector("textarea").value.trim();
      if (t) a.text = t;
    } else if (kind === "matrix") {
      for (const c of fs.querySelectorAll("input:checked")) {
        a.rows = a.rows || {};
        a.rows[c.name.slice(name.length + 1)] = c.value;
      }
    }
    if (Object.keys(a).length) answers[id] = a;
  }
  return { answers };
}

async function api(url, body, opts = {}) {
  const r = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json", "Accept-Language": opts.lang },
    body: JSON.stringify(body || {}), credentials: opts.credentials || "same-origin",
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error((j.error && j.error.message) || String(r.status));
  return j;
}

async function sign(form, content) {
  const client = new NCALayerClient(form.dataset.ncalayer, false);
  try {
    await client.connect();
  } catch (e) {
    throw new Error(form.dataset.msgMissing);
  }
  return client.basicsSignCMS(NCALayerClient.basicsStorageAll, b64(content), NCALayerClient.basicsCMSParamsDetached,
    NCALayerClient.basicsSignerSignAny, form.dataset.lang);
}

async function vote(form) {
  const lang = form.dataset.lang;
  const base = `/api/v1/sites/${form.dataset.site}/surveys/${form.dataset.survey}`;
  const signed = form.dataset.signed === "true";
  const ballot = ballotOf(form);
  const say = (m) => { form.querySelector("#status").textContent = m; };
  const st = await api(base + "/start", {}, { lang });
  if (form.dataset.mode === "named") {
    let cms;
    if (signed) {
      const prep = await api(base + "/prepare", { nonce: st.nonce, ballot }, { lang });
      say(form.dataset.msgSigning);
      cms = await sign(form, unb64(prep.content));
    }
    say(form.dataset.msgSending);
    return api(base + "/ballots", { nonce: st.nonce, ballot, cms }, { lang });
  }
  // Anonymous: a token only this browser knows, signed blindly by the server.
  const suite = RSABSSA.SHA384.PSS.Randomized();
  const key = await crypto.subtle.importKey("spki", unb64(st.public_key), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
  const token = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
  const { blindedMsg, inv } = await suite.blind(key, token);
  let cms;
  if (signed) {
    const prep = await api(base + "/prepare", { nonce: st.nonce, blinded_token: b64(blindedMsg) }, { lang });
    say(form.dataset.msgSigning);
    cms = await sign(form, unb64(prep.content));
  }
  const el = await api(base + "/eligibility", { nonce: st.nonce, blinded_token: b64(blindedMsg), cms }, { lang });
  const signature = await suite.finalize(key, token, unb64(el.blind_signature), inv);
  say(form.dataset.msgSending);
  // A pause, so the ballot's arrival does not follow the eligibility request at once.
  await new Promise((r) => setTimeout(r, 500 + Math.random() * 2500));
  return api(base + "/anonymous-ballots", { token: b64(token), signature: b64(signature), ballot }, { lang, credentials: "omit" });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("survey");
  if (!form) return;
  const needsScript = form.dataset.signed === "true" || form.dataset.mode === "anonymous";
  form.addEventListener("submit", async (ev) => {
    if (!needsScript) return; // the server takes the form itself
    ev.preventDefault();
    const button = form.querySelector("#send");
    button.disabled = true;
    try {
      const rc = await vote(form);
      const url = new URL(window.location.href);
      url.searchParams.set("receipt", rc.receipt);
      window.location.assign(url.toString());
    } catch (e) {
      form.querySelector("#status").textContent = e.message;
      form.querySelector("#status").className = "sv-error";
      button.disabled = false;
    }
  });
});
