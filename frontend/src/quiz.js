// The attempt page's script (students' tests). The page works without it: every screen is a
// server-rendered form ("save and next"). This script only adds:
//   - the countdown: it displays the deadline the server sent against the server's clock
//     (data-now at load, re-read from /clock every minute); at zero it stops the form and
//     waits for the server, whose workflow timer submits the attempt, then reloads;
//   - the autosave: every change (text after a short pause) and every 15 s while unsaved,
//     POSTed as JSON {question_id, seq, response} to the page's /save; seq only grows, so
//     a retry after a lost connection is harmless and a late save is ignored by the server.
import "./styles/quiz.css";

const clock = document.getElementById("clock");
const form = document.getElementById("question");
let offset = 0; // server time − browser time, ms
let over = false;

function pad(n) {
  return String(n).padStart(2, "0");
}

function startClock() {
  if (!clock) return;
  const deadline = Date.parse(clock.dataset.deadline);
  offset = Date.parse(clock.dataset.now) - Date.now();
  const left = document.getElementById("time-left");
  left.hidden = false;
  const tick = () => {
    const ms = deadline - (Date.now() + offset);
    if (ms <= 0) {
      left.textContent = "00:00";
      timeUp();
      return;
    }
    const s = Math.ceil(ms / 1000);
    const h = Math.floor(s / 3600);
    left.textContent = (h > 0 ? h + ":" + pad(Math.floor((s % 3600) / 60)) : pad(Math.floor(s / 60))) + ":" + pad(s % 60);
    left.classList.toggle("qz-soon", s <= 60);
    setTimeout(tick, 1000 - ((Date.now() + offset) % 1000));
  };
  tick();
  setInterval(syncClock, 60000);
}

async function syncClock() {
  try {
    const t0 = Date.now();
    const r = await fetch(clock.dataset.clock, { credentials: "same-origin", cache: "no-store" });
    if (!r.ok) return;
    const c = await r.json();
    offset = Date.parse(c.now) - (t0 + Date.now()) / 2;
    if (c.status !== "started") location.replace(location.pathname);
  } catch (_) {
    /* offline: keep the last offset */
  }
}

function timeUp() {
  if (over) return;
  over = true;
  const msg = document.createElement("p");
  msg.className = "qz-error";
  msg.setAttribute("role", "alert");
  msg.id = "time-up";
  msg.textContent = clock.dataset.msgUp;
  clock.after(msg);
  if (form) for (const el of form.elements) el.disabled = true;
  // The server's timer submits the attempt; follow it.
  const wait = async () => {
    try {
      const r = await fetch(clock.dataset.clock, { credentials: "same-origin", cache: "no-store" });
      if (r.ok && (await r.json()).status !== "started") {
        location.replace(location.pathname);
        return;
      }
    } catch (_) {
      /* retry */
    }
    setTimeout(wait, 2000);
  };
  setTimeout(wait, 1500);
}

// collect reads the answer under the names the server reads (see responseFromForm).
function collect() {
  const kind = form.dataset.kind;
  const els = [...form.elements];
  switch (kind) {
    case "single":
    case "truefalse": {
      const c = els.find((e) => e.name === "choice" && e.checked);
      return c ? { choice: c.value } : {};
    }
    case "multiple": {
      const cs = els.filter((e) => e.name === "choices" && e.checked).map((e) => e.value);
      return cs.length ? { choices: cs } : {};
    }
    case "matching": {
      const m = {};
      for (const e of els) if (e.name.startsWith("m.") && e.value) m[e.name.slice(2)] = e.value;
      return Object.keys(m).length ? { matches: m } : {};
    }
    case "ordering": {
      const items = els.filter((e) => e.name.startsWith("o."));
      const placed = items.map((e, i) => ({ id: e.name.slice(2), pos: Number(e.value), i })).filter((p) => p.pos > 0);
      if (placed.length !== items.length) return {};
      placed.sort((a, b) => a.pos - b.pos || a.i - b.i);
      return { order: placed.map((p) => p.id) };
    }
    default: {
      const t = els.find((e) => e.name === "text");
      return t && t.value.trim() ? { text: t.value.trim() } : {};
    }
  }
}

function startAutosave() {
  if (!form) return;
  const seqInput = document.getElementById("seq");
  const status = document.getElementById("autosave");
  let dirty = false;
  let busy = false;
  let again = false;
  let timer = 0;

  const say = (text, bad) => {
    status.textContent = text;
    status.classList.toggle("qz-error", !!bad);
  };

  async function save() {
    if (over) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    dirty = false;
    const seq = Number(seqInput.value);
    const body = JSON.stringify({ question_id: Number(form.dataset.question), seq, response: collect() });
    say(form.dataset.msgSaving);
    try {
      const r = await fetch(form.dataset.save, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body,
      });
      if (r.status === 409) {
        say(form.dataset.msgClosed, true);
        over = true;
        setTimeout(() => location.replace(location.pathname), 1500);
        return;
      }
      if (!r.ok) throw new Error(String(r.status));
      if (Number(seqInput.value) === seq) seqInput.value = String(seq + 1);
      say(form.dataset.msgSaved);
    } catch (_) {
      dirty = true; // the same seq is sent again: the server stores it once
      say(form.dataset.msgOffline, true);
      clearTimeout(timer);
      timer = setTimeout(save, 5000);
    } finally {
      busy = false;
      if (again) {
        again = false;
        save();
      }
    }
  }

  let pause = 0;
  form.addEventListener("change", () => {
    dirty = true;
    save();
  });
  form.addEventListener("input", (e) => {
    if (e.target.name !== "text") return;
    dirty = true;
    clearTimeout(pause);
    pause = setTimeout(save, 800);
  });
  setInterval(() => dirty && save(), 15000);
  // The form's own POST (save and next) carries the answer too; stop autosaving then.
  form.addEventListener("submit", () => {
    over = true;
  });
}

startClock();
startAutosave();
