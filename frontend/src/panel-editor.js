// The rich-text editor of the control panel's pages and news (Quill) with the media library's
// image picker. Loaded, beside the shell's panel.js, only by the editor pages; without it the
// bodies are plain textareas whose HTML the server sanitizes. No inline scripts.
import Quill from "quill";
import "quill/dist/quill.snow.css";

const editors = new Map(); // textarea id → Quill

// Names for the editor's toolbar buttons, in the page's language (from the server).
function labelToolbar(toolbar, labels) {
  const name = (el) => {
    for (const c of el.classList) {
      if (!c.startsWith("ql-") || c === "ql-picker-label" || c === "ql-picker") continue;
      const key = c.slice(3) + (el.value ? "_" + el.value : "");
      return labels[key] || labels[c.slice(3)];
    }
    return "";
  };
  for (const b of toolbar.querySelectorAll("button")) {
    const n = name(b);
    if (n) b.setAttribute("aria-label", n);
  }
  for (const p of toolbar.querySelectorAll(".ql-picker")) {
    const label = p.querySelector(".ql-picker-label");
    if (label) label.setAttribute("aria-label", labels[[...p.classList].find((c) => c !== "ql-picker")?.slice(3)] || "");
    // Quill shows data-label instead of its English names ("Normal", "Heading 2").
    for (const item of p.querySelectorAll(".ql-picker-item")) {
      const n = labels["header_" + (item.dataset.value || "0")];
      if (!n) continue;
      item.setAttribute("aria-label", n);
      item.dataset.label = n;
      if (item.classList.contains("ql-selected") && label) label.dataset.label = n;
    }
  }
}

function setupEditors(root) {
  for (const area of root.querySelectorAll("textarea[data-editor]")) {
    if (area.disabled) continue;
    const labels = JSON.parse(area.closest("[data-ql-labels]")?.dataset.qlLabels || "{}");
    const box = document.createElement("div");
    box.className = "editor";
    area.after(box);
    area.hidden = true;
    const q = new Quill(box, {
      theme: "snow",
      modules: {
        toolbar: {
          container: [[{ header: [2, 3, false] }], ["bold", "italic", "underline", "link"], [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "image"], ["clean"]],
          handlers: { image: () => openPicker(area.lang) }, // images come from the media library
        },
      },
    });
    q.setContents(q.clipboard.convert({ html: area.value }), "silent"); // without taking the focus
    q.root.setAttribute("role", "textbox");
    q.root.setAttribute("aria-multiline", "true");
    q.root.setAttribute("aria-label", area.labels?.[0]?.textContent || "");
    q.root.setAttribute("lang", area.lang || "");
    q.root.id = area.id + "-editor";
    const tb = box.previousElementSibling;
    if (tb?.classList.contains("ql-toolbar")) labelToolbar(tb, labels);
    const input = box.querySelector(".ql-tooltip input");
    if (input) input.setAttribute("aria-label", labels.link || "URL");
    let last = { index: 0, length: 0 };
    q.on("selection-change", (range) => { if (range) last = range; });
    q.lastRange = () => last;
    editors.set(area.id, q);
    area.form?.addEventListener("submit", () => {
      area.value = q.getText().trim() === "" && !q.root.querySelector("img") ? "" : q.root.innerHTML;
    });
  }
}

function openPicker(lang) {
  const picker = document.getElementById("image-picker");
  if (!picker) return;
  picker.open = true;
  const sel = document.getElementById("img-target");
  if (sel && lang) sel.value = lang;
  picker.querySelector("button[data-insert-image]")?.focus();
}

// The media library's images: "insert" puts the image where the cursor was in the chosen
// language's editor.
function setupPicker(root) {
  for (const el of root.querySelectorAll(".ct-js")) el.hidden = false;
  for (const b of root.querySelectorAll("button[data-insert-image]")) {
    b.addEventListener("click", () => {
      const lang = document.getElementById("img-target")?.value;
      const q = editors.get(lang + "-body") || editors.values().next().value;
      if (!q) return;
      const at = q.lastRange().index;
      const img = document.createElement("img");
      img.src = b.dataset.insertImage;
      img.alt = b.dataset.alt || "";
      q.clipboard.dangerouslyPasteHTML(at, img.outerHTML, "user");
      q.setSelection(at + 1, 0);
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupEditors(document);
  setupPicker(document);
});
