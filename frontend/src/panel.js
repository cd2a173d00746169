// Progressive enhancement of the control panel's shell, loaded on every panel page: upload
// progress and long-job progress where the page asks for them with data attributes. Every
// form works without this script. Pages with drag-and-drop also load panel-sort.js, the
// content editors panel-editor.js (Quill), so the other pages never download them. No inline
// scripts: the CSP stays strict.
import "./styles/panel.css";
import "./styles/panel-site.css";
import "./styles/panel-content.css";

// Uploads: <form data-upload> posts each chosen file on its own with a progress bar.
function uploads(root) {
  for (const form of root.querySelectorAll("form[data-upload]")) {
    form.addEventListener("submit", (ev) => {
      const input = form.querySelector("input[type=file]");
      if (!input?.files?.length || !window.FormData) return;
      ev.preventDefault();
      const list = form.querySelector("[data-progress]") || form;
      const sends = [...input.files].map((file) => new Promise((done) => {
        const row = document.createElement("div");
        const bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        row.append(file.name + " ", bar);
        list.append(row);
        const data = new FormData(form);
        data.delete(input.name);
        data.append(input.name, file);
        const xhr = new XMLHttpRequest();
        xhr.open(form.method || "POST", form.action);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100); };
        xhr.onloadend = () => {
          bar.value = 100; row.dataset.status = String(xhr.status);
          // A refused file stays listed with the server's reason (JSON {failed: [...]}).
          let failed = [];
          try { failed = JSON.parse(xhr.responseText).failed || []; } catch { /* an HTML answer */ }
          if (xhr.status >= 400) { const m = document.createElement("span"); m.className = "pc-error"; m.textContent = " " + (failed.join("; ") || xhr.status); row.append(m); }
          done(xhr.status);
        };
        xhr.send(data);
      }));
      Promise.all(sends).then((codes) => {
        // Stay on the page while a file was refused, so its reason can be read.
        if (codes.every((c) => c < 400)) window.location.assign(form.dataset.upload || window.location.href);
      });
    });
  }
}

// Progress of a long job: <progress data-poll="/url"> polls a JSON {done, total, status}.
function polls(root) {
  for (const bar of root.querySelectorAll("progress[data-poll]")) {
    const tick = async () => {
      const r = await fetch(bar.dataset.poll, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!r.ok) return;
      const j = await r.json();
      if (j.total) { bar.max = j.total; bar.value = j.done; }
      if (j.status === "done" || j.status === "failed") { window.location.reload(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  uploads(document);
  polls(document);
});
