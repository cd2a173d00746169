// Progressive enhancement of the support agents' console; every form works without it.
// It adds: live SLA clocks (polling the clocks endpoint; docs/helpdesk.md says why polling
// and not server-sent events), presence of other agents on a ticket and the stale-reply
// warning (polling the presence endpoint), canned responses inserted without a reload, and
// the keyboard shortcuts the pages document. No inline scripts: the CSP stays strict.
import "./styles/console.css";

const body = document.body;
const base = body.dataset.base;
const every = Math.max(2000, Number(body.dataset.poll) || 15000);

async function json(url, opts) {
  const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, ...opts });
  if (!r.ok) throw new Error(String(r.status));
  return r.json();
}

// Clocks: every element #clock-<id> gets its state (colour), label and title refreshed.
function clocks(ids) {
  if (!ids.length) return;
  const live = document.getElementById("live");
  const tick = async () => {
    try {
      const { clocks } = await json(`${base}/clocks?ids=${ids.join(",")}`);
      for (const [id, c] of Object.entries(clocks)) {
        const el = document.getElementById(`clock-${id}`);
        if (!el) continue;
        if (el.dataset.state !== c.state && c.state === "breached" && live) live.textContent = `№${id}: ${c.label}`;
        el.dataset.state = c.state;
        el.textContent = c.label;
        el.title = c.title || "";
      }
    } catch (_) { /* the next tick retries */ }
  };
  setInterval(tick, every);
}

// Presence and stale replies on a ticket.
function presence(ticket) {
  const id = ticket.dataset.id;
  const seen = ticket.dataset.seen || "0";
  const who = document.getElementById("presence");
  const stale = document.getElementById("stale-live");
  const tick = async () => {
    try {
      const r = await json(`${base}/tickets/${id}/presence?after=${seen}`, { method: "POST" });
      if (who) who.textContent = r.viewers_text || "";
      if (stale) {
        stale.hidden = !r.newer_text;
        stale.textContent = r.newer_text || "";
      }
    } catch (_) { /* the next tick retries */ }
  };
  tick();
  setInterval(tick, Math.min(every, 10000));
}

// Canned responses: picking one inserts its text at the cursor, keeping what was typed.
function canned() {
  const form = document.getElementById("canned-form");
  const area = document.getElementById("body");
  const select = document.getElementById("canned");
  if (!form || !area || !select) return;
  form.addEventListener("submit", (e) => {
    const text = select.selectedOptions[0]?.dataset.body;
    if (text == null) return; // no text in the page: let the form reload with it
    e.preventDefault();
    const at = area.selectionStart ?? area.value.length;
    area.value = area.value.slice(0, at) + text + area.value.slice(area.selectionEnd ?? at);
    area.focus();
    area.selectionStart = area.selectionEnd = at + text.length;
  });
}

// Keyboard shortcuts, as documented on each page. Plain keys work outside text fields.
function shortcuts() {
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const click = (id) => { const el = document.getElementById(id); if (el && !el.disabled) { el.click(); return true; } return false; };
  const focus = (id) => { const el = document.getElementById(id); if (el) { el.focus(); return true; } return false; };
  const rows = () => [...document.querySelectorAll("#queue a.cn-open")];
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.id === "body") {
      if (!click("send-reply")) click("send-note");
      e.preventDefault();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    let done = false;
    switch (e.key) {
      case "/": done = focus("q"); break;
      case "j": case "k": {
        const rs = rows();
        if (!rs.length) break;
        const i = rs.indexOf(document.activeElement);
        const next = e.key === "j" ? Math.min(i + 1, rs.length - 1) : Math.max(i - 1, 0);
        rs[i < 0 ? 0 : next].focus();
        done = true;
        break;
      }
      case "o": if (rows().includes(document.activeElement)) { document.activeElement.click(); done = true; } break;
      case "g": location.href = `${base}/`; done = true; break;
      case "r": done = focus("body"); break;
      case "n": done = focus("body"); break;
      case "c": done = focus("canned"); break;
      case "a": done = click("claim"); break;
      case "w": done = click("waiting"); break;
      case "s": done = click("solve"); break;
    }
    if (done) e.preventDefault();
  });
}

const queue = document.getElementById("queue");
if (queue) clocks((queue.dataset.ids || "").split(",").filter(Boolean));
const ticket = document.getElementById("ticket");
if (ticket) {
  presence(ticket);
  clocks([ticket.dataset.id]);
}
canned();
shortcuts();
