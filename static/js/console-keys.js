// Support console keyboard: j/k move, Enter opens, x selects, m assigns to me, a approve, r reject, n note,
// / search, ? the list of shortcuts. Each shortcut only moves focus or follows a link that is also on
// the page, so everything stays reachable by mouse and screen reader; decisions are still submitted
// by their own buttons. Also: the bulk bar's counter and "select all", and filling a reply from a macro.
(function () {
  "use strict";
  var LIST_KEY = "returnflow.console.list";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function rows() {
    var table = document.querySelector("table[data-keyboard-list]");
    return table ? Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-row]")) : [];
  }

  function rowLink(row) { return row && row.querySelector("td a[href]"); }

  var current = -1;

  function select(index) {
    var all = rows();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("is-current", i === current); });
    var link = rowLink(all[current]);
    if (link) { link.focus(); } // a screen reader announces the focused return
    all[current].scrollIntoView({block: "nearest"});
  }

  function rememberList() {
    // The queue's order, so that j/k on a return's page go to the next / previous return.
    var urls = rows().map(function (row) { var a = rowLink(row); return a ? a.pathname : null; })
      .filter(Boolean);
    if (urls.length) {
      try { sessionStorage.setItem(LIST_KEY, JSON.stringify({urls: urls, back: location.pathname + location.search})); }
      catch (e) { /* private mode: j/k on a return's page simply do nothing */ }
    }
  }

  function stepInList(delta) {
    var list;
    try { list = JSON.parse(sessionStorage.getItem(LIST_KEY) || "null"); } catch (e) { list = null; }
    if (!list || !list.urls) { return; }
    var at = list.urls.indexOf(location.pathname);
    var next = list.urls[at + delta];
    if (at >= 0 && next) { location.assign(next); }
  }

  function focusDecision(kind) {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form.decision-form"));
    var form = forms.filter(function (f) {
      return kind === "reject" ? f.classList.contains("danger-zone") : !f.classList.contains("danger-zone");
    })[0];
    if (!form) {
      var blocked = document.querySelector("[data-testid='blocked-action'] .blocked, [data-testid='lock-warning']");
      if (blocked) { blocked.setAttribute("tabindex", "-1"); blocked.focus(); } // say why it cannot be done
      return;
    }
    var field = form.querySelector("select, textarea, button[type='submit']");
    form.scrollIntoView({block: "center"});
    if (field) { field.focus(); }
  }

  function focusNote() {
    var note = document.querySelector("#notes textarea");
    if (note) { note.scrollIntoView({block: "center"}); note.focus(); }
  }

  function focusSearch() {
    var field = document.querySelector("form.filters input[name='q']") || document.getElementById("nav-q");
    if (field) { field.focus(); field.select(); }
  }

  function toggleHelp() {
    var dialog = document.getElementById("keyboard-help");
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  function openCurrent(hash) {
    var link = rowLink(rows()[current]);
    if (link) { location.assign(link.pathname + (hash || "")); }
  }

  function countSelected() {
    var counter = document.querySelector("[data-bulk-count]");
    if (counter) { counter.textContent = document.querySelectorAll("input[name='rmas'][form='bulk-form']:checked").length; }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey && event.key === "Enter" && event.target.form &&
        event.target.form.classList.contains("decision-form")) {
      event.preventDefault();
      event.target.form.requestSubmit();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var onList = rows().length > 0;
    switch (event.key) {
      case "j": case "k":
        if (onList) { select(current + (event.key === "j" ? 1 : -1)); } else { stepInList(event.key === "j" ? 1 : -1); }
        break;
      case "Enter":
        if (!onList || current < 0 || document.activeElement === rowLink(rows()[current])) { return; }
        openCurrent("");
        break;
      case "x":
        if (!onList || current < 0) { return; }
        var box = rows()[current].querySelector("input[type='checkbox']");
        if (box) { box.checked = !box.checked; countSelected(); }
        break;
      case "a": case "r":
        if (onList) { if (current >= 0) { openCurrent(event.key === "a" ? "#decide-approve" : "#decide-reject"); } }
        else { focusDecision(event.key === "a" ? "approve" : "reject"); }
        break;
      case "n":
        if (onList) { if (current >= 0) { openCurrent("#notes"); } } else { focusNote(); }
        break;
      case "m":  // take the return: the page's own "Assign to me" button
        var mine = document.querySelector("[data-key-action='assign-me']");
        if (onList || !mine) { return; }
        mine.click();
        break;
      case "/": focusSearch(); break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("input[data-select-all]")) {
      document.querySelectorAll("input[name='rmas'][form='bulk-form']").forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.name === "rmas" || target.matches("input[data-select-all]")) { countSelected(); }
    if (target.id === "id_macro") { fillFromMacro(target); }
  });

  var lastMacro = {subject: "", body: ""};
  function fillFromMacro(select) {
    var island = document.getElementById("reply-macros");
    if (!island) { return; }
    var macro = JSON.parse(island.textContent).filter(function (m) { return String(m.id) === select.value; })[0];
    var subject = document.getElementById("id_subject"), body = document.getElementById("id_body");
    if (!macro || !subject || !body) { return; }
    // Replace only what the agent has not written themselves.
    if (!subject.value || subject.value === lastMacro.subject) { subject.value = macro.subject; }
    if (!body.value || body.value === lastMacro.body) { body.value = macro.body; }
    lastMacro = {subject: macro.subject, body: macro.body};
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-show-help]")) { toggleHelp(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var selectAll = document.querySelector("input[data-select-all]");
    if (selectAll) { selectAll.hidden = false; }
    if (rows().length) { rememberList(); }
    if (location.hash === "#decide-approve") { focusDecision("approve"); }
    if (location.hash === "#decide-reject") { focusDecision("reject"); }
    if (location.hash === "#notes") { focusNote(); }
  });
})();
