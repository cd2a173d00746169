// Drag-and-drop of the control panel (SortableJS): a gallery's item order, the page tree's
// moves and the menu's nesting. Loaded, beside the shell's panel.js, only by the pages that
// have such a list; their move up/down buttons work without it. No inline scripts.
import Sortable from "sortablejs";

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
  galleryOrders(document);
  setupPageTree(document);
  setupMenu(document);
});
