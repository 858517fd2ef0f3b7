/* SPDX-License-Identifier: BSD-3-Clause */
/* app.js - the live list of broken rules under a password field, for
 * every form that asks for one (data-check: associate, change, or account
 * on the accounts page, for the name typed in the same form), and the
 * question asked before a button with data-confirm sends its form. The
 * rules and their words come from the server (/api/check, which asks the
 * library); this script only sends what is typed and shows the answer. */
"use strict";
document.querySelectorAll("form[data-check]").forEach(function (form) {
  var mode = form.getAttribute("data-check");
  var box = form.querySelector(".rules");
  var pw = form.querySelector("input[name=password]");
  var confirm = form.querySelector("input[name=confirm]");
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

  function show(answer) {
    box.textContent = "";
    if (!pw.value) return;
    answer.accounts.forEach(function (a) {
      if (!a.violations.length) return;
      var h = document.createElement("h3");
      h.textContent = mode === "associate" ? "For " + a.name + ":" : "Broken rules:";
      box.appendChild(h);
      var ul = document.createElement("ul");
      ul.className = "broken";
      ul.setAttribute("data-account", a.name);
      a.violations.forEach(function (v) { item(ul, v.rule + ": " + v.message); });
      box.appendChild(ul);
    });
    var ul2 = document.createElement("ul");
    if (answer.ok) item(ul2, "The password meets every rule.", "good");
    if (confirm.value && confirm.value !== pw.value)
      item(ul2, "The confirmation differs from the password.", "mismatch");
    if (ul2.children.length) box.appendChild(ul2);
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
    post("/api/check", body)
      .then(function (a) { if (mine === seq) show(a); })
      .catch(function () { box.textContent = "The rules could not be checked."; });
  }

  /* The current password is proved once, when the person leaves its
   * field (a wrong one counts like a failed login): then the list may
   * also say whether the new one was used before. */
  function prove() {
    var status = document.getElementById("old-status");
    if (!old.value) return;
    var body = new URLSearchParams();
    body.set("old", old.value);
    post("/api/verify", body)
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
  [pw, confirm, old, name].forEach(function (f) { if (f) f.addEventListener("input", later); });
  if (old) old.addEventListener("change", prove);
});

/* A button with data-confirm (Delete and Disable on the accounts page) asks the
 * person first, in the words the page gives: cancelled, nothing is sent. */
document.querySelectorAll("button[data-confirm]").forEach(function (button) {
  button.addEventListener("click", function (e) {
    if (!window.confirm(button.getAttribute("data-confirm"))) e.preventDefault();
  });
});
