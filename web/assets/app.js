/* SPDX-License-Identifier: BSD-3-Clause */
/* app.js - the live list of rules beside a password field, each marked met
 * or not as the person types, for every form that asks for one
 * (data-check: associate, change, or account on the accounts page, for the
 * name typed in the same form), zxcvbn's estimate of it under them, the
 * confirmation compared under its own field, and the question asked before a button with data-confirm sends its form. The
 * rules and their words come from the server (/api/check, which asks the
 * library); this script only sends what is typed and shows the answer. */
"use strict";
/* The words this script writes, in the pages' language: the server puts
 * them in the page (<script type=application/json id=words>, msgid to
 * translation); a word missing there stays in English. */
var WORDS = (function () {
  var el = document.getElementById("words");
  try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
})();
function t(msgid, arg) {
  var text = WORDS[msgid] || msgid;
  return arg === undefined ? text : text.replace("%s", arg);
}
document.querySelectorAll("form[data-check]").forEach(function (form) {
  var mode = form.getAttribute("data-check");
  var box = form.querySelector(".rules");
  var strength = form.querySelector("p.strength");
  var reqs = form.querySelectorAll("ul.requirements li[data-rule]");
  var pw = form.querySelector("input[name=password]");
  var confirm = form.querySelector("input[name=confirm]");
  var mismatch = form.querySelector(".mismatch");
  var old = form.querySelector("input[name=old]");
  var name = form.querySelector("input[name=name]");
  var csrf = form.querySelector("input[name=csrf]").value;
  var timer = null, seq = 0;

  function item(list, text, cls) {
    var li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    list.appendChild(li);
  }

  /* A rule of the list, met or not: the words stay, the mark and the
   * state (for a screen reader too) change. */
  function mark(li, met) {
    li.className = met ? "met" : "unmet";
    li.querySelector(".state").textContent = met ? t("met: ") : t("not met: ");
  }

  /* The confirmation, under its own field: compared here, nothing sent. */
  function compare() {
    if (!mismatch) return;
    var differs = confirm.value && confirm.value !== pw.value;
    mismatch.textContent = differs ? t("The confirmation differs from the password.") : "";
  }

  /* The listed rules turn met as the answer no longer names them (for
   * association: for any of the accounts); what else the answer names is
   * said below them once for all accounts, and what holds for some
   * accounts only (the username rule: each account's own name) per
   * account. */
  function show(answer) {
    box.textContent = "";
    var listed = {};
    reqs.forEach(function (li) { listed[li.getAttribute("data-rule")] = li; });
    var n = answer.accounts.length, count = {}, texts = {};
    answer.accounts.forEach(function (a) {
      a.violations.forEach(function (v) {
        var key = v.rule + ": " + v.message;
        count[key] = (count[key] || 0) + 1;
        texts[key] = v;
      });
    });
    reqs.forEach(function (li) { mark(li, !!pw.value); });
    estimate(answer);
    if (!pw.value) return;
    var shared = [];
    Object.keys(count).forEach(function (key) {
      var rule = texts[key].rule;
      if (listed[rule]) mark(listed[rule], false);
      if (count[key] === n && !listed[rule]) shared.push(key);
    });
    if (shared.length) {
      var h0 = document.createElement("h3");
      h0.textContent = n > 1 ? t("For every account:") : t("Also:");
      box.appendChild(h0);
      var ul0 = document.createElement("ul");
      ul0.className = "broken";
      shared.forEach(function (k) { item(ul0, k); });
      box.appendChild(ul0);
    }
    answer.accounts.forEach(function (a) {
      var own = a.violations.filter(function (v) {
        return count[v.rule + ": " + v.message] < n;
      });
      if (!own.length) return;
      var h = document.createElement("h3");
      h.textContent = t("For %s:", a.name);
      box.appendChild(h);
      var ul = document.createElement("ul");
      ul.className = "broken";
      ul.setAttribute("data-account", a.name);
      own.forEach(function (v) { item(ul, v.rule + ": " + v.message); });
      box.appendChild(ul);
    });
    if (answer.ok) {
      var ul2 = document.createElement("ul");
      item(ul2, t("The password meets every rule."), "good");
      box.appendChild(ul2);
    }
  }

  /* zxcvbn's estimate beside the rules, in the library's words: once when
   * every account has the same, else each with the accounts it is for
   * (the username counts: "admin: ...; root, t128: ..."). */
  function estimate(answer) {
    if (!strength) return;
    var names = {}, order = [];
    answer.accounts.forEach(function (a) {
      if (!a.score || !pw.value) return;
      var m = a.score.message;
      if (!names[m]) { names[m] = []; order.push(m); }
      names[m].push(a.name);
    });
    strength.textContent = order.length === 1 ? order[0] :
      order.map(function (m) { return names[m].join(", ") + ": " + m; }).join("; ");
  }

  /* A JSON call of this page: the CSRF token in its header, the answer
   * never cached (it speaks of a password). */
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "X-CSRF-Token": csrf },
      body: body,
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (r) { return r.json(); });
  }

  function check() {
    var body = new URLSearchParams();
    body.set("mode", mode);
    body.set("password", pw.value);
    if (old && old.value) body.set("old", old.value);
    if (name) body.set("name", name.value);
    var mine = ++seq;
    post("api/check", body)
      .then(function (a) { if (mine === seq) show(a); })
      .catch(function () { box.textContent = t("The rules could not be checked."); });
  }

  /* The current password is proved once, when the person leaves its
   * field (a wrong one counts like a failed login): then the list may
   * also say whether the new one was used before. */
  function prove() {
    var status = document.getElementById("old-status");
    if (!old.value) return;
    var body = new URLSearchParams();
    body.set("old", old.value);
    post("api/verify", body)
      .then(function (a) {
        status.textContent = a.message;
        a.violations.forEach(function (v) { status.textContent += " " + v.message; });
        status.className = "status " + (a.ok ? "good" : "bad");
        if (pw.value) check();
      })
      .catch(function () { status.textContent = ""; });
  }

  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, 150);
  }
  /* Generate (a temporary password): one the policy takes for the name
   * typed, from the server (/api/generate), shown so that it can be given
   * on. */
  var gen = form.querySelector("button.generate");
  if (gen) gen.addEventListener("click", function () {
    var body = new URLSearchParams();
    if (name) body.set("name", name.value);
    post("api/generate", body).then(function (a) {
      if (!a.ok) { box.textContent = t("No password could be generated."); return; }
      pw.type = "text";
      pw.value = confirm.value = a.password;
      check();
    });
  });
  [pw, confirm, old, name].forEach(function (f) { if (f) f.addEventListener("input", later); });
  [pw, confirm].forEach(function (f) { if (f) f.addEventListener("input", compare); });
  if (old) old.addEventListener("change", prove);
});

/* A button with data-confirm (Delete and Disable on the accounts page) asks the
 * person first, in the words the page gives: cancelled, nothing is sent. */
document.querySelectorAll("button[data-confirm]").forEach(function (button) {
  button.addEventListener("click", function (e) {
    if (!window.confirm(button.getAttribute("data-confirm"))) e.preventDefault();
  });
});

/* Reset on an account's row: the reset form below names the account and
 * takes the person to its password field. */
document.querySelectorAll("button[data-reset]").forEach(function (button) {
  button.addEventListener("click", function () {
    var name = document.getElementById("reset-name");
    if (!name) return;
    name.value = button.getAttribute("data-reset");
    name.dispatchEvent(new Event("input"));
    var pw = document.getElementById("reset-password");
    pw.scrollIntoView({ block: "center" });
    pw.focus();
  });
});

/* Copy the hash shown after PASSWORD HASH. */
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var text = document.getElementById(button.getAttribute("data-copy")).textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () {
      button.textContent = t("Copied");
    });
  });
});

/* An error of the check beside the editor: clicked (or Enter), the editor
 * selects its line. */
document.querySelectorAll("#config-errors li[data-line]").forEach(function (li) {
  li.tabIndex = 0;
  function go() {
    var text = document.getElementById("text");
    var lines = text.value.split("\n"), n = parseInt(li.getAttribute("data-line"), 10) - 1;
    var start = 0;
    for (var i = 0; i < n && i < lines.length; i++) start += lines[i].length + 1;
    text.focus();
    text.setSelectionRange(start, start + (lines[n] || "").length);
  }
  li.addEventListener("click", go);
  li.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
});
