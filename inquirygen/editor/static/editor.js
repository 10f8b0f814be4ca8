// The editor's page: saves each change as it is typed, shows the preview and the problems the server
// sends back, reads the file again when it changed elsewhere, and runs the toolbar and snippet picker.
"use strict";

(function () {
  const dataElement = document.getElementById("editor-data");
  if (!dataElement) { return; }  // the start page needs no script
  const state = JSON.parse(dataElement.textContent);
  const base = document.querySelector('meta[name="base"]').content;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const texts = state.texts;
  const status = document.getElementById("status");
  const timers = new Map();  // field id → timer of its pending save
  let busy = 0;  // requests under way
  let queue = Promise.resolve();  // changes are sent one after the other
  // field id → the text last saved there; a field not in it still holds the text the page came with.
  const saved = new Map();

  function savedValue(input) { return saved.has(input.id) ? saved.get(input.id) : input.defaultValue; }

  function post(url, body) {
    return fetch(base + url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(Object.assign({file: state.file}, body)),
    }).then(function (response) {
      return response.json().then(function (json) { return {status: response.status, json: json}; });
    });
  }

  function say(text) { status.textContent = text; }

  function problemElement(problem, withLine) {
    const p = document.createElement("p");
    p.className = "problem " + problem.severity;
    const label = document.createElement("span");
    label.className = "severity";
    label.textContent = (problem.severity === "warning" ? texts.warning : texts.error) + ": ";
    p.appendChild(label);
    p.appendChild(document.createTextNode((withLine && problem.line ? problem.line + ": " : "") + problem.message));
    if (problem.hint) {
      const hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = " " + problem.hint;
      p.appendChild(hint);
    }
    return p;
  }

  function showChecked(checked) {
    state.version = checked.version;
    document.querySelectorAll(".problems").forEach(function (box) { box.replaceChildren(); });
    document.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    document.querySelectorAll(".has-problems").forEach(function (field) { field.classList.remove("has-problems"); });
    Object.entries(checked.problems.at).forEach(function ([key, problems]) {
      const box = document.getElementById("p-" + key);
      const input = document.getElementById("f-" + key);
      if (!box) { return; }
      problems.forEach(function (problem) { box.appendChild(problemElement(problem, false)); });
      if (input) { input.setAttribute("aria-invalid", "true"); input.closest(".field").classList.add("has-problems"); }
    });
    const general = document.getElementById("general");
    checked.problems.general.forEach(function (problem) { general.appendChild(problemElement(problem, true)); });
    document.getElementById("stale").hidden = checked.preview !== null;
    if (checked.preview !== null) {
      document.getElementById("preview").innerHTML = checked.preview;  // the server's escaped HTML
    }
  }

  function valueOf(input) {
    if (input.dataset.kind === "lines") { return input.value.split("\n"); }
    return input.value;
  }

  function send(input) {
    timers.delete(input.id);
    const path = JSON.parse(input.dataset.path);
    const op = input.dataset.kind === "lines" ? "set_list" : "set";
    busy += 1;
    say(texts.saving);
    let sent = null;
    queue = queue.then(function () {
      sent = input.value;
      return post("/change", {op: op, path: path, value: valueOf(input), version: state.version});
    }).then(function (result) {
      busy -= 1;
      if (result.status === 409) { reloadKeepingPlace(result.json.message); return; }
      if (result.status !== 200) { say(result.json.message || ""); showErrors(result.json); return; }
      saved.set(input.id, sent);
      showChecked(result.json);
      if (busy === 0 && timers.size === 0) { say(texts.saved); }
    }).catch(function () { busy -= 1; });
    return queue;
  }

  function flush() {
    Array.from(timers.keys()).forEach(function (id) {
      clearTimeout(timers.get(id));
      send(document.getElementById(id));
    });
    return queue;
  }

  function showErrors(json) {
    const results = document.getElementById("results");
    results.replaceChildren();
    (json.problems || []).forEach(function (problem) { results.appendChild(problemElement(problem, true)); });
    if (!json.problems || json.problems.length === 0) {
      const p = document.createElement("p");
      p.className = "problem error";
      p.textContent = json.message || "";
      results.appendChild(p);
    }
  }

  // The page read again; what was typed and not saved (the file changed meanwhile) goes along, to be
  // typed in again where the file still holds what the page showed, and offered to copy where not.
  function reloadKeepingPlace(message, structural) {
    const unsaved = [];
    if (!structural) {
      document.querySelectorAll("#form input[data-path], #form textarea[data-path]").forEach(function (input) {
        if (input.value !== savedValue(input)) {
          unsaved.push({id: input.id, path: input.dataset.path, was: savedValue(input), value: input.value});
        }
      });
    }
    sessionStorage.setItem("inquirygen-place", JSON.stringify({
      scroll: window.scrollY, focus: document.activeElement ? document.activeElement.id : "",
      message: message || texts.reloaded, unsaved: unsaved}));
    window.location.reload();
  }

  function showUnsaved(typed) {
    const label = document.querySelector('label[for="' + CSS.escape(typed.id) + '"]');
    const name = label ? label.textContent : typed.id;
    const p = document.createElement("p");
    p.className = "problem warning";
    p.id = "unsaved-" + typed.id;
    p.textContent = texts.unsaved.replace("{field}", name);
    const copy = document.createElement("textarea");
    copy.readOnly = true;
    copy.rows = Math.min(8, typed.value.split("\n").length + 1);
    copy.value = typed.value;
    copy.setAttribute("aria-labelledby", p.id);
    copy.className = "unsaved";
    // Beside its field (the page is scrolled there), else atop the page.
    const input = document.getElementById(typed.id);
    const box = (input && input.closest(".field")) || document.getElementById("results");
    box.appendChild(p);
    box.appendChild(copy);
  }

  const place = JSON.parse(sessionStorage.getItem("inquirygen-place") || "null");
  if (place) {
    sessionStorage.removeItem("inquirygen-place");
    window.scrollTo(0, place.scroll);
    const focused = place.focus && document.getElementById(place.focus);
    if (focused) { focused.focus(); }
  }

  document.getElementById("form").addEventListener("input", function (event) {
    const input = event.target;
    if (!input.dataset || !input.dataset.path) { return; }
    clearTimeout(timers.get(input.id));
    timers.set(input.id, setTimeout(function () { send(input); }, 500));
  });
  document.getElementById("form").addEventListener("change", function (event) {
    const input = event.target;
    if (input.tagName === "SELECT" && input.dataset.path) {
      clearTimeout(timers.get(input.id));
      send(input);
    }
  });
  document.getElementById("form").addEventListener("submit", function (event) { event.preventDefault(); });

  // Structural changes: add, remove, move a question or sub-question; the form is then shown anew.
  document.querySelectorAll("button[data-op]").forEach(function (button) {
    button.addEventListener("click", function () {
      const op = button.dataset.op;
      if (op === "remove" && !window.confirm(texts.confirm_remove)) { return; }
      const body = {op: op, path: JSON.parse(button.dataset.path)};
      if (op === "move") { body.to = Number(button.dataset.to); }
      flush().then(function () {
        body.version = state.version;
        return post("/change", body);
      }).then(function (result) {
        if (result.status === 200) {
          reloadKeepingPlace(texts.saved, true);
        } else if (result.status === 409) {
          reloadKeepingPlace(result.json.message);
        } else {
          showErrors(result.json);
        }
      });
    });
  });

  // A change made in a text editor: the file's version is asked for every two seconds and on focus.
  function poll() {
    if (busy > 0 || timers.size > 0) { return; }
    fetch(base + "/state?file=" + encodeURIComponent(state.file)).then(function (response) {
      return response.json();
    }).then(function (json) {
      if (json.version !== state.version && busy === 0 && timers.size === 0) { reloadKeepingPlace(); }
    }).catch(function () {});
  }
  setInterval(poll, 2000);
  window.addEventListener("focus", poll);
  if (place && place.message) { say(place.message); }
  ((place && place.unsaved) || []).forEach(function (typed) {
    const input = document.getElementById(typed.id);
    if (input && input.dataset.path === typed.path && input.value === typed.was) {
      input.value = typed.value;  // the file did not change here: the typed text is saved as usual
      input.dispatchEvent(new Event("input", {bubbles: true}));
    } else if (!input || input.value !== typed.value) {
      showUnsaved(typed);
    }
  });

  // Build and archive.
  function action(url, body) {
    flush().then(function () {
      say(texts.working);
      return post(url, body);
    }).then(function (result) {
      const results = document.getElementById("results");
      results.replaceChildren();
      say("");
      if (result.status !== 200) { showErrors(result.json); return; }
      (result.json.files || []).forEach(function (file) {
        const link = document.createElement("a");
        link.href = file.url;
        link.setAttribute("download", file.name);
        link.textContent = texts.download.replace("{name}", file.name);
        const p = document.createElement("p");
        p.appendChild(link);
        results.appendChild(p);
      });
      (result.json.problems || []).forEach(function (problem) { results.appendChild(problemElement(problem, true)); });
      if (result.json.entry) {
        const p = document.createElement("p");
        p.textContent = texts.archived.replace("{entry}", result.json.entry);
        results.appendChild(p);
      }
    });
  }
  document.getElementById("build").addEventListener("click", function () { action("/build", {pdf: false}); });
  document.getElementById("build-pdf").addEventListener("click", function () { action("/build", {pdf: true}); });
  document.getElementById("archive").addEventListener("click", function () { action("/archive", {}); });

  // The Markdown toolbar.
  function edit(textarea, change) {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    const result = change(textarea.value.slice(0, start), textarea.value.slice(start, end), textarea.value.slice(end));
    textarea.value = result[0] + result[1] + result[2];
    textarea.focus();
    textarea.setSelectionRange(result[0].length, result[0].length + result[1].length);
    textarea.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function prefixLines(numbered) {
    return function (before, selected, after) {
      const lines = (selected || "").split("\n");
      const marked = lines.map(function (line, index) { return (numbered ? (index + 1) + ". " : "- ") + line; });
      const gap = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
      return [before + gap, marked.join("\n"), after];
    };
  }
  const toolbarActions = {
    bold: function (b, s, a) { return [b + "**", s, "**" + a]; },
    italic: function (b, s, a) { return [b + "*", s, "*" + a]; },
    bullets: prefixLines(false),
    numbers: prefixLines(true),
    table: function (b, s, a) {
      const gap = b && !b.endsWith("\n\n") ? (b.endsWith("\n") ? "\n" : "\n\n") : "";
      return [b + gap, texts.table, "\n" + a];
    },
  };
  let snippetTarget = null;
  document.querySelectorAll(".toolbar button").forEach(function (button) {
    button.addEventListener("click", function () {
      const textarea = document.getElementById(button.closest(".toolbar").dataset.for);
      if (button.dataset.action === "snippet") { openSnippets(textarea); return; }
      edit(textarea, toolbarActions[button.dataset.action]);
    });
  });

  // The snippet picker: asks for the snippet's variables, then inserts {{ snippet("…", name="…") }}.
  const dialog = document.getElementById("snippet-dialog");
  const chooser = document.getElementById("snippet-name");
  function showVariables() {
    const box = document.getElementById("snippet-variables");
    box.replaceChildren();
    const snippet = state.snippets.find(function (s) { return s.name === chooser.value; });
    (snippet ? snippet.variables : []).forEach(function (variable, index) {
      const label = document.createElement("label");
      label.htmlFor = "snippet-variable-" + index;
      label.textContent = variable.name;
      const input = document.createElement("input");
      input.id = "snippet-variable-" + index;
      input.type = "text";
      input.value = variable.default;
      input.dataset.name = variable.name;
      input.dataset.default = variable.default;
      box.appendChild(label);
      box.appendChild(input);
    });
  }
  function openSnippets(textarea) {
    snippetTarget = textarea;
    showVariables();
    dialog.showModal();
    chooser.focus();
  }
  chooser.addEventListener("change", showVariables);
  dialog.addEventListener("close", function () {
    if (dialog.returnValue !== "insert" || !snippetTarget || !chooser.value) { return; }
    const quote = function (text) { return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"'; };
    let call = "{{ snippet(" + quote(chooser.value);
    document.querySelectorAll("#snippet-variables input").forEach(function (input) {
      if (input.value !== input.dataset.default || input.dataset.default === "") {
        call += ", " + input.dataset.name + "=" + quote(input.value);
      }
    });
    call += ") }}";
    edit(snippetTarget, function (b, s, a) { return [b, call, a]; });
  });
})();
