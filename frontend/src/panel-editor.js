// The control panel's content sections (pages, news, menus): the rich-text editor with the
// media library's image picker, the page tree's drag-and-drop moves, and the menu's nested
// drag-and-drop. Every form works without this script (move up/down buttons, plain
// textareas whose HTML the server sanitizes); it only improves them. No inline scripts.
import Quill from "quill";
import Sortable from "sortablejs";
import "quill/dist/quill.snow.css";
import "./styles/panel.css";
import "./styles/panel-content.css";

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

// The page tree: dragging a page sends the tree's hidden form with its new parent and
// position (the server moves it through the same service as the buttons).
function setupPageTree(root) {
  const form = root.getElementById?.("place-form");
  if (!form) return;
  for (const list of root.querySelectorAll("ol[data-page-tree]")) {
    Sortable.create(list, {
      group: "pages", handle: "[data-handle]", animation: 150, forceFallback: true, fallbackOnBody: true, swapThreshold: 0.65,
      onEnd: (ev) => {
        if (ev.from === ev.to && ev.oldIndex === ev.newIndex) return;
        form.elements.key.value = ev.item.dataset.key;
        form.elements.parent.value = ev.to.closest("li[data-key]")?.dataset.key || "";
        form.elements.position.value = String(ev.newIndex);
        form.submit();
      },
    });
  }
}

// The menu: nested drag-and-drop; before the form is sent each item's depth is written
// from where it now sits, and the buttons' item numbers follow the new order.
function setupMenu(root) {
  const form = root.getElementById?.("menu-form");
  if (!form) return;
  const renumber = () => {
    form.querySelectorAll("li[data-row]").forEach((li, i) => {
      let depth = 0;
      for (let p = li.parentElement.closest("li[data-row]"); p; p = p.parentElement.closest("li[data-row]")) depth++;
      const d = li.querySelector(':scope > .mn-row > input[name="depth"]');
      if (d) d.value = String(depth);
      for (const b of li.querySelectorAll(":scope > .mn-row button[name=op]")) b.value = b.value.replace(/:\d+$/, ":" + i);
    });
  };
  for (const list of form.querySelectorAll("ol[data-menu-tree]")) {
    Sortable.create(list, { group: "menu", handle: "[data-handle]", animation: 150, forceFallback: true, fallbackOnBody: true, swapThreshold: 0.65, onEnd: renumber });
  }
  form.addEventListener("submit", renumber);
}

document.addEventListener("DOMContentLoaded", () => {
  setupEditors(document);
  setupPicker(document);
  setupPageTree(document);
  setupMenu(document);
});
