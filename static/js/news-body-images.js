// Images in article bodies (admin, django-prose-editor): drag, paste or pick an image file;
// it is uploaded to our own storage through the news admin endpoint (CSRF token from the
// change form; the server runs the same Pillow checks as for covers) and inserted at the
// cursor with the stored URL. Pasted HTML that refers to images on other sites is kept
// out: the server's sanitiser drops such <img>, and the editor is told so here.
//
// Loaded as a classic script in <head> (not deferred) so its listener is in place before
// the editor's module scripts announce "prose-editor:ready".
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script) return;
  const uploadUrl = script.dataset.uploadUrl;
  const msg = {
    uploading: script.dataset.msgUploading || "Uploading…",
    done: script.dataset.msgDone || "Image inserted.",
    failed: script.dataset.msgFailed || "Upload failed: ",
    remote: script.dataset.msgRemote || "Images from other sites are not kept.",
    pick: script.dataset.labelPick || "Insert image",
  };

  function csrfToken(element) {
    const form = element.closest("form");
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function imageFiles(list) {
    return Array.from(list || []).filter((file) => file.type.startsWith("image/"));
  }

  function setup(editor, textarea) {
    const dom = editor.view.dom;
    const container = dom.closest(".prose-editor") || textarea.parentElement;

    const status = document.createElement("p");
    status.className = "help news-body-images-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    const input = document.createElement("input");
    input.type = "file";
    input.accept = "image/jpeg,image/png,image/webp,image/gif";
    input.hidden = true;

    const button = document.createElement("button");
    button.type = "button";
    button.className = "button news-body-images-pick";
    button.textContent = msg.pick;
    button.addEventListener("click", () => input.click());

    container.parentNode.insertBefore(button, container);
    container.parentNode.insertBefore(input, container);
    container.parentNode.insertBefore(status, container.nextSibling);

    async function upload(file, position) {
      status.textContent = msg.uploading;
      const body = new FormData();
      body.append("image", file);
      let data = {};
      let ok = false;
      try {
        const response = await fetch(uploadUrl, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(textarea), Accept: "application/json" },
        });
        ok = response.ok;
        data = await response.json().catch(() => ({}));
      } catch (error) {
        data = { error: String(error) };
      }
      if (!ok || !data.url) {
        status.textContent = msg.failed + (data.error || "");
        return;
      }
      const attrs = { src: data.url, alt: "", width: data.width, height: data.height };
      const chain = editor.chain().focus();
      if (typeof position === "number") {
        chain.insertContentAt(position, { type: "image", attrs }).run();
      } else {
        chain.setImage(attrs).run();
      }
      status.textContent = msg.done;
    }

    input.addEventListener("change", () => {
      imageFiles(input.files).forEach((file) => upload(file));
      input.value = "";
    });

    dom.addEventListener(
      "paste",
      (event) => {
        const data = event.clipboardData;
        const files = imageFiles(data && data.files);
        if (files.length) {
          event.preventDefault();
          event.stopPropagation();
          files.forEach((file) => upload(file));
          return;
        }
        const html = data && data.getData("text/html");
        if (html && /<img[^>]+src=["']?(https?:)?\/\//i.test(html)) {
          status.textContent = msg.remote;
        }
      },
      true,
    );

    dom.addEventListener(
      "drop",
      (event) => {
        const files = imageFiles(event.dataTransfer && event.dataTransfer.files);
        if (!files.length) return;
        event.preventDefault();
        event.stopPropagation();
        const at = editor.view.posAtCoords({ left: event.clientX, top: event.clientY });
        files.forEach((file) => upload(file, at ? at.pos : undefined));
      },
      true,
    );
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail || {};
    if (!editor || !textarea || !uploadUrl) return;
    if (textarea.name !== "body") return; // the article body only
    setup(editor, textarea);
  });
})();
