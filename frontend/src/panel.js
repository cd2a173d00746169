// Progressive enhancement of the control panel: every form works without this script; it adds
// the rich-text editor, drag-and-drop ordering and upload progress where the page asks for
// them with data attributes. No inline scripts: the CSP stays strict.
import Quill from "quill";
import Sortable from "sortablejs";
import "quill/dist/quill.snow.css";
import "./styles/panel.css";
import "./styles/panel-site.css";

// Rich text: <textarea data-editor> becomes a Quill editor that writes HTML back into the
// textarea before the form is sent (the server sanitizes it like any API input).
function editors(root) {
  for (const area of root.querySelectorAll("textarea[data-editor]")) {
    const box = document.createElement("div");
    box.className = "editor";
    area.after(box);
    area.hidden = true;
    const q = new Quill(box, {
      theme: "snow",
      modules: { toolbar: [[{ header: [2, 3, false] }], ["bold", "italic", "underline", "link"], [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "image", "video"], ["clean"]] },
    });
    q.root.innerHTML = area.value;
    q.root.setAttribute("aria-label", area.getAttribute("aria-label") || area.labels?.[0]?.textContent || "");
    area.form?.addEventListener("submit", () => { area.value = q.root.innerHTML; });
  }
}

// Ordering: <ol data-sortable data-order-input="name"> reorders by drag-and-drop and keeps a
// hidden input with the IDs in order; the move up/down buttons stay for keyboard users.
function sortables(root) {
  for (const list of root.querySelectorAll("[data-sortable]")) {
    const input = list.dataset.orderInput && list.closest("form")?.querySelector(`input[name="${list.dataset.orderInput}"]`);
    Sortable.create(list, {
      handle: "[data-handle]", animation: 150, group: list.dataset.sortable || undefined,
      onSort: () => { if (input) input.value = [...list.children].map((li) => li.dataset.id).join(","); },
    });
  }
}

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

// Gallery order: <ol data-gallery-order="/album/url"> reorders its items by drag-and-drop
// (pointer events, so touch screens work too) and saves the new order at once; the move
// up/down buttons of each item stay for keyboards and for pages without this script.
function galleryOrders(root) {
  for (const list of root.querySelectorAll("ol[data-gallery-order]")) {
    const form = list.closest("form");
    const input = form?.querySelector('input[name="order"]');
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "pc-hint";
    status.id = "order-status";
    list.after(status);
    Sortable.create(list, {
      handle: "[data-handle]", animation: 150, forceFallback: true,
      onEnd: async () => {
        const order = [...list.children].map((li) => li.dataset.id).join(",");
        if (input) input.value = order;
        const body = new URLSearchParams({ op: "order", order });
        const r = await fetch(list.dataset.galleryOrder, { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } });
        status.dataset.saved = r.ok ? order : "";
        status.textContent = r.ok ? (list.dataset.savedText || "✓") : String(r.status);
      },
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  galleryOrders(document);
  editors(document);
  sortables(document);
  uploads(document);
  polls(document);
});
