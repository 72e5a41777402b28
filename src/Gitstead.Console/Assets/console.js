// Gitstead console: a little progressive enhancement. Every page works without it.
(function () {
  "use strict";

  // Copy buttons: <button data-copy="text"> or data-copy-from="#id".
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy],[data-copy-from]");
    if (!button) { return; }
    event.preventDefault();
    var text = button.getAttribute("data-copy");
    if (text === null) {
      var source = document.querySelector(button.getAttribute("data-copy-from"));
      text = source ? (source.value !== undefined ? source.value : source.textContent) : "";
    }
    var done = function () {
      var note = button.parentElement.querySelector(".copy-done");
      if (!note) {
        note = document.createElement("span");
        note.className = "copy-done";
        note.setAttribute("role", "status");
        button.insertAdjacentElement("afterend", note);
      }
      note.textContent = "Copied";
      setTimeout(function () { note.textContent = ""; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  });

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to do */ }
    document.body.removeChild(area);
  }

  // Dialogs: <button data-open="dialog-id">, <button data-close>. A dialog rendered open by
  // the server (a secret shown once) is shown modally so the page behind it is inert.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-open"));
      if (dialog && dialog.showModal) {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    var closer = event.target.closest("[data-close]");
    if (closer) {
      var parent = closer.closest("dialog");
      if (parent && closer.tagName !== "A") {
        event.preventDefault();
        parent.close();
      }
    }
  });
  document.querySelectorAll("dialog[open][data-modal]").forEach(function (dialog) {
    dialog.close();
    dialog.showModal();
  });

  // Table filters: <input data-filter="table-id"> hides rows whose text does not match.
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) { return; }
    var counter = document.querySelector("[data-filter-count='" + input.getAttribute("data-filter") + "']");
    var apply = function () {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      table.querySelectorAll("tbody tr:not(.empty-row)").forEach(function (row) {
        var match = needle === "" || row.textContent.toLowerCase().indexOf(needle) >= 0;
        row.hidden = !match;
        if (match) { shown++; }
      });
      if (counter) { counter.textContent = needle === "" ? "" : shown + (shown === 1 ? " match" : " matches"); }
    };
    input.addEventListener("input", apply);
    apply();
  });

  // Selects that navigate on change (region, branch): the form still has a submit button without script.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
    var button = select.form.querySelector("[data-autosubmit-button]");
    if (button) { button.hidden = true; }
  });

  // Live validation: <input data-pattern="regex" data-message="text">.
  document.querySelectorAll("input[data-pattern]").forEach(function (input) {
    var pattern = new RegExp(input.getAttribute("data-pattern"));
    var message = document.getElementById(input.getAttribute("aria-describedby") + "-live") || null;
    input.addEventListener("input", function () {
      var ok = input.value === "" || pattern.test(input.value);
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      if (message) { message.hidden = ok; }
    });
  });

  // Typed confirmations: the submit button stays disabled until the text matches.
  document.querySelectorAll("input[data-confirm]").forEach(function (input) {
    var button = document.getElementById(input.getAttribute("data-confirm-button"));
    if (!button) { return; }
    var check = function () { button.disabled = input.value !== input.getAttribute("data-confirm"); };
    input.addEventListener("input", check);
    check();
  });
})();

// A page that shows a secret once (IAM): reloading must ask for the page again by GET, never
// post the form that made the secret a second time. <dialog data-once="URL"> or any element
// with data-replace-url="URL" rewrites the address; closing the secret's dialog (its button,
// Escape) leaves for that URL, so the secret is gone from the page.
(function () {
  "use strict";
  var target = document.querySelector("dialog[data-once]") || document.querySelector("[data-replace-url]");
  if (!target) { return; }
  var url = target.getAttribute("data-once") || target.getAttribute("data-replace-url");
  if (window.history && history.replaceState) { history.replaceState(null, "", url); }
  if (target.tagName === "DIALOG") {
    target.addEventListener("close", function () {
      // The close event of the server-open dialog being reopened modally arrives while it is open again.
      if (!target.open) { window.location.replace(url); }
    });
  }
})();

// Menus (<details class="menu">): Escape closes an open one and gives focus back to its
// summary; a click outside closes it, as a menu button does.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.open = false;
      var summary = menu.querySelector("summary");
      if (summary && menu.contains(document.activeElement)) { summary.focus(); }
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });
})();
