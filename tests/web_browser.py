#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""web_browser.py - `pwpol web` driven as a person uses it, in a real
headless Chromium (Debian's chromium, chromium-driver, python3-selenium):
association (refused without the token `pwpol web` printed, then with it:
a weak password, then a good one; PASSWORD and PASSWORD HASH),
sign-in, the forced change of a temporary password, a normal change, the
accounts page (every action of a super-user; an operator refused) and the
policy page (check with an error by line, compare, commit, history,
rollback, commit confirmed and its Confirm), and Delete's question
(cancelled, then accepted). Pages that guide: the rules listed before
anything is typed, each turning met, and zxcvbn's estimate beside them
(the figure of `pwpol check --score`); the username rule said once per
system account; a mismatch under the confirmation; PASSWORD HASH explained;
the account name kept after a failed sign-in; Unlock only where locked,
Delete and Disable marked destructive, reset per row, the class chosen from
those that exist, the accounts table readable 420 px wide; a check's errors
beside the editor at their lines, the rollback number empty until typed and
a rollback's comment. With AXE_JS (axe-core, installed by
cli-web-browser.sh from npm), axe-core runs on every page: no serious or
critical finding.

Run by cli-web-browser.sh with PWPOL set. Exit 77 (ctest: skipped) with a
"skipped:" line only when Chromium cannot be started. With PWPOL_SCREENSHOTS
set to a directory, a screenshot of each page is written there (doc/).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

PWPOL = os.environ["PWPOL"]
AXE_JS = os.environ.get("AXE_JS")
AXE = open(AXE_JS).read() if AXE_JS else None
axed = []
SHOTS = os.environ.get("PWPOL_SCREENSHOTS")
GOOD = "Kx7#mWq2vL"
WEAK = "Admin1!"
DAY = 86400
fails = 0


def skip(why):
    print("skipped: " + why)
    sys.exit(77)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.common.exceptions import WebDriverException
except ImportError:
    skip("python3-selenium is not installed")


def check(cond, what):
    global fails
    if not cond:
        fails += 1
        print("FAIL: " + what, file=sys.stderr)


# Every server started, so that one left running by a failure is stopped.
started = []


class Server:
    """`pwpol web` on 127.0.0.1 and a port the kernel picks."""

    def __init__(self, db, now=None, config=None):
        self.db = db
        args = [PWPOL, "--db", db]
        if now:
            args += ["--now", str(now)]
        if config:
            args += ["--config", config]
        self.proc = subprocess.Popen(args + ["web", "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(self.proc)
        line = self.proc.stdout.readline()
        m = re.match(r"pwpol web: listening on (http://\S+)/$", line.strip())
        if not m:
            raise SystemExit("FAIL: pwpol web did not start: " + line + self.proc.stderr.read())
        self.url = m.group(1)
        # The association address with its token, as a person copies it
        # from what `pwpol web` printed.
        line = self.proc.stdout.readline()
        m = re.match(r"pwpol web: association \(while it is offered\): (http://\S+/\?token=[0-9a-f]{64})$",
                     line.strip())
        if not m:
            raise SystemExit("FAIL: pwpol web printed no association token: " + line)
        self.token_url = m.group(1)

    def stop(self):
        self.proc.terminate()
        out, err = self.proc.communicate(timeout=10)
        check(self.proc.returncode == 0, "pwpol web ends with 0 on SIGTERM")
        for pw in (GOOD, WEAK, "Temp#Pass123", "Nw8$kLp2Qz"):
            check(pw not in out + err, "no password in the server's output")


def cli(db, *args, stdin="", now=None, config=None):
    pre = [PWPOL, "--db", db] + (["--now", str(now)] if now else [])
    pre += ["--config", config] if config else []
    return subprocess.run(pre + list(args), input=stdin, capture_output=True, text=True)


def start_browser(profile):
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-dev-shm-usage", "--window-size=900,1100",
              "--user-data-dir=" + profile):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    try:
        return webdriver.Chrome(service=Service(driver), options=opts)
    except Exception as e:  # no Chromium to drive: say so, fail nothing
        skip("Chromium cannot start: " + str(e).splitlines()[0])


def axe(b, page):
    """axe-core on the page as it stands: no serious or critical finding
    (WCAG 2 A and AA: labels, contrast, names, keyboard)."""
    if not AXE:
        return
    b.execute_script(AXE)
    res = b.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa', 'best-practice']}}).then(function (r) { done(r.violations.map("
        "function (v) { return [v.id, v.impact, v.help, v.nodes.map(function (n) {"
        " return n.target.join(' '); }).slice(0, 3)]; })); });")
    bad = [v for v in res if v[1] in ("serious", "critical")]
    axed.append(page)
    check(not bad, "axe-core on %s: %s" % (page, bad))


def keyboard_only(b, ids, what):
    """Tab alone reaches each control, in order, with a visible outline."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains
    b.execute_script("document.activeElement && document.activeElement.blur();"
                     "window.scrollTo(0, 0);")
    # Keys to the page, as a person presses them (not to an element).
    tab = lambda: ActionChains(b).send_keys(Keys.TAB).perform()
    tab()
    seen = []
    for _ in range(40):
        el = b.switch_to.active_element
        i = el.get_attribute("id")
        if i:
            seen.append(i)
            outline = b.execute_script(
                "return getComputedStyle(arguments[0]).outlineStyle", el)
            if i in ids:
                check(outline not in ("none", ""), what + ": focus on #%s is visible" % i)
        if all(x in seen for x in ids):
            break
        tab()
    check(all(x in seen for x in ids), what + ": Tab reaches %s (reached %s)" % (ids, seen))


def shot(b, name):
    if SHOTS:
        b.save_screenshot(os.path.join(SHOTS, name))


def typed(b, field, text):
    el = b.find_element(By.ID, field)
    el.clear()
    el.send_keys(text)


def wait_text(b, elem_id, text, what):
    try:
        # The page may be replaced while it is read (a form just sent):
        # a stale element or a lost execution context, tried again.
        WebDriverWait(b, 10, ignored_exceptions=(WebDriverException,)).until(
            lambda d: text in d.find_element(By.ID, elem_id).text)
    except Exception as e:
        shown = [e.text for e in b.find_elements(By.CSS_SELECTOR, "p.error, p.ok")]
        check(False, what + ": '" + text + "' not in #" + elem_id + "; the page says %s (%s)"
              % (shown, type(e).__name__))


def click(b, elem_id):
    b.find_element(By.ID, elem_id).click()


def present(b, elem_id):
    """An element of the page a click has just asked for, once it is there."""
    return WebDriverWait(b, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.find_element(By.ID, elem_id))


def row(b, name):
    """The cells of an account's row on the accounts page, by class."""
    def read(d):
        cells = d.find_elements(By.CSS_SELECTOR, "#row-%s td" % name)
        return {c.get_attribute("class"): c.text for c in cells} if len(cells) >= 8 else None
    try:
        return WebDriverWait(b, 10, ignored_exceptions=(WebDriverException,)).until(read)
    except Exception:
        return {}


def answer_confirm(b, accept, want, what):
    """The question app.js asks (window.confirm): its text, then OK or Cancel."""
    try:
        WebDriverWait(b, 10).until(EC.alert_is_present())
    except Exception:
        check(False, what + ": no question asked")
        return
    alert = b.switch_to.alert
    check(alert.text == want, what + ": asks '%s'" % alert.text)
    if accept:
        alert.accept()
    else:
        alert.dismiss()


def wait_url(b, tail, what):
    try:
        WebDriverWait(b, 10).until(lambda d: d.current_url.endswith(tail))
    except Exception:
        check(False, what + ": at " + b.current_url + ", not " + tail)


def main():
    tmp = tempfile.mkdtemp(prefix="pwpol-web-")
    os.chmod(tmp, 0o700)
    b = start_browser(os.path.join(tmp, "profile"))
    try:
        run(b, tmp)
        if AXE:
            print("axe-core: %d pages, %s" % (len(axed), ", ".join(axed)))
        # The pages keep to their own Content-Security-Policy: nothing refused.
        refused = [e["message"] for e in b.get_log("browser")
                   if "Content Security Policy" in e["message"]]
        check(not refused, "CSP violations: %s" % refused)
    finally:
        b.quit()
        for p in started:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    if fails:
        print("%d failure(s)" % fails, file=sys.stderr)
        sys.exit(1)
    print("all passed")


def run(b, tmp):
    # Association with PASSWORD: a weak password first.
    db = os.path.join(tmp, "a.db")
    s = Server(db)
    b.get(s.url + "/")
    check(b.title.startswith("Conductor Association"), "the association page first")
    check(b.find_elements(By.ID, "token-needed") and not b.find_elements(By.ID, "associate"),
          "without the token printed at start, no association form")
    axe(b, "association token")
    # The address printed at start: the token taken, the address bar clean.
    b.get(s.token_url)
    wait_url(b, "/", "the token leaves the address bar")
    check("token" not in b.current_url, "no token in the address bar: " + b.current_url)
    labels = [e.text for e in b.find_elements(By.CSS_SELECTOR, "fieldset.mode label")]
    check(labels == ["PASSWORD", "PASSWORD HASH"], "the two choices, labelled exactly: %s" % labels)
    check(b.find_element(By.ID, "associate").text == "ASSOCIATE", "the ASSOCIATE button")
    check("PASSWORD HASH" in b.find_element(By.ID, "hash-help").text,
          "what PASSWORD HASH does, said")
    # The rules before anything is typed, none met yet.
    req = lambda rule: b.find_element(By.CSS_SELECTOR,
                                      "#requirements li[data-rule='%s']" % rule)
    unmet = [e.get_attribute("data-rule") for e in
             b.find_elements(By.CSS_SELECTOR, "#requirements li.unmet")]
    check("minimum-length" in unmet and "minimum-upper-cases" in unmet,
          "the rules listed before anything is typed: %s" % unmet)
    check("must be at least 9 characters long" in req("minimum-length").text,
          "in the library's words: " + req("minimum-length").text)
    check("(it has" not in req("minimum-length").text, "without a candidate's figure")
    axe(b, "association")
    keyboard_only(b, ["mode-password", "password", "confirm", "associate"],
                  "association by keyboard")
    # The radio group by its arrow keys, as a keyboard reaches the second.
    from selenium.webdriver.common.keys import Keys
    b.find_element(By.ID, "mode-password").send_keys(Keys.ARROW_RIGHT)
    check(b.find_element(By.ID, "mode-hash").is_selected(), "PASSWORD HASH by the arrow key")
    b.find_element(By.ID, "mode-hash").send_keys(Keys.ARROW_LEFT)
    check(b.find_element(By.ID, "mode-password").is_selected(), "and back to PASSWORD")
    typed(b, "password", WEAK)
    wait_text(b, "rules", "For admin:", "the username rule for admin")
    WebDriverWait(b, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: "met" == req("minimum-upper-cases").get_attribute("class"))
    check(req("minimum-upper-cases").get_attribute("class") == "met",
          "an upper-case letter typed: its rule turns met")
    check(req("minimum-length").get_attribute("class") == "unmet", "too short: still unmet")
    rules = b.find_element(By.ID, "rules").text
    check(rules.count("minimum-length") == 0, "a shared rule is not repeated per account: "
          + rules)
    check("For admin:\nusername-check" in rules, "admin's name found in the password: " + rules)
    check("For root:" not in rules and "For t128:" not in rules,
          "nothing said for root and t128 but what is theirs: " + rules)
    # Beside the rules, zxcvbn's estimate in the library's words, per
    # account here: admin's name in the password makes it weaker for admin.
    wait_text(b, "strength", "admin: score ", "zxcvbn's estimate, per account where it differs")
    check(re.search(r"^admin: score [0-4] of 4 \(\d+ bits\): guessed in .* at 10,000 guesses "
                    r"a second; root, t128: score ", b.find_element(By.ID, "strength").text),
          "the estimate, admin's first: " + b.find_element(By.ID, "strength").text)
    typed(b, "confirm", WEAK + "x")
    wait_text(b, "confirm-mismatch", "differs", "a mismatch under the confirmation")
    typed(b, "confirm", WEAK)
    WebDriverWait(b, 5, ignored_exceptions=(WebDriverException,)).until(
        lambda d: not d.find_element(By.ID, "confirm-mismatch").text)
    shot(b, "web-association.png")
    b.find_element(By.ID, "associate").click()
    wait_text(b, "error", "nothing was set", "a weak password refused")
    check("minimum-length" in b.find_element(By.ID, "errors").text, "with its reasons")
    axe(b, "association refused")
    check(cli(db, "login", "admin", stdin=WEAK + "\n").returncode == 1, "admin not set")

    # ... then a good one: the list says so, ASSOCIATE sets the three.
    typed(b, "password", GOOD)
    typed(b, "confirm", GOOD)
    wait_text(b, "rules", "meets every rule", "a good password passes the live list")
    # The same figure as `pwpol check --score`, said once for the three.
    scored = re.search(r"score \d of 4 \(\d+ bits", cli(db, "check", "--score",
                                                         stdin=GOOD + "\n").stdout)
    check(scored, "pwpol check --score scores the good password")
    wait_text(b, "strength", "at 10,000 guesses a second", "the estimate of a good password")
    shown = b.find_element(By.ID, "strength").text
    check(scored and shown.startswith(scored.group(0) + "): "),
          "the estimate is check --score's figure, once: %s / %s" % (shown, scored))
    b.find_element(By.ID, "associate").click()
    wait_text(b, "ok", "is set", "associated")
    check(not b.find_elements(By.ID, "hash"), "no hash shown for PASSWORD")
    for u in ("admin", "root", "t128"):
        check(cli(db, "login", u, stdin=GOOD + "\n").returncode == 0, u + " set")

    # Sign-in: a wrong password, then a temporary one leads to the change.
    check(cli(db, "useradd", "bob", stdin="Temp#Pass123\n").returncode == 0, "bob added")
    b.get(s.url + "/")
    wait_url(b, "/login", "/ goes to sign-in once associated")
    keyboard_only(b, ["name", "password", "signin"], "sign-in by keyboard")
    # Typed and sent by keyboard alone: the name, Tab, the password, Enter.
    from selenium.webdriver.common.keys import Keys
    b.find_element(By.ID, "name").clear()
    b.find_element(By.ID, "name").send_keys("bob", Keys.TAB)
    b.switch_to.active_element.send_keys("Wrong#Pass123", Keys.ENTER)
    wait_text(b, "error", "Sign-in failed", "a wrong password refused")
    check(b.find_element(By.ID, "name").get_attribute("value") == "bob",
          "the account name kept after a failure")
    axe(b, "sign-in")
    shot(b, "web-login.png")
    typed(b, "name", "bob")
    typed(b, "password", "Temp#Pass123")
    b.find_element(By.ID, "signin").click()
    wait_url(b, "/change", "a temporary password leads to the change page")
    wait_text(b, "reason", "temporary", "the page says why")
    typed(b, "old", "Temp#Pass123")
    typed(b, "password", "Temp#Pass124")
    wait_text(b, "old-status", "is right", "the temporary password proved")
    WebDriverWait(b, 10, ignored_exceptions=(WebDriverException,)).until(lambda d: d.find_element(
        By.CSS_SELECTOR, "#requirements li[data-rule='minimum-character-changes']"
    ).get_attribute("class") == "unmet")
    typed(b, "confirm", "Temp#Pass124")
    wait_text(b, "strength", "of 4 (", "the change page's estimate of a first try")
    axe(b, "change")
    shot(b, "web-change.png")
    typed(b, "password", "Nw8$kLp2Qz")
    typed(b, "confirm", "Nw8$kLp2Qz")
    wait_text(b, "rules", "meets every rule", "a good new password")
    wait_text(b, "strength", "of 4 (", "the change page's estimate")
    b.find_element(By.ID, "change").click()
    wait_text(b, "ok", "is changed", "the forced change done")
    b.find_element(By.ID, "to-home").click()
    wait_text(b, "account", "bob", "signed in as bob")
    check(cli(db, "login", "bob", stdin="Nw8$kLp2Qz\n").returncode == 0, "bob's new password")
    b.find_element(By.ID, "signout").click()
    wait_url(b, "/login", "signed out")
    s.stop()

    # A normal change, two days on (past minimum-lifetime): admin.
    later = int(time.time()) + 2 * DAY
    s = Server(db, now=later)
    b.get(s.url + "/login")
    typed(b, "name", "admin")
    typed(b, "password", GOOD)
    b.find_element(By.ID, "signin").click()
    wait_text(b, "account", "admin", "admin signed in")
    axe(b, "home")
    shot(b, "web-home.png")
    b.find_element(By.ID, "to-change").click()
    check(not b.find_elements(By.ID, "reason"), "no forced-change note")
    typed(b, "old", GOOD)
    typed(b, "password", GOOD)
    wait_text(b, "old-status", "is right", "the current password proved on leaving its field")
    wait_text(b, "rules", "minimum-reuse", "the same password: reuse in the live list")
    check(b.find_element(By.CSS_SELECTOR, "#requirements li[data-rule="
                         "'minimum-character-changes']").get_attribute("class") == "unmet",
          "and too few changes")
    typed(b, "password", "Pq4%zRt8Ym")
    typed(b, "confirm", "Pq4%zRt8Ym")
    wait_text(b, "rules", "meets every rule", "a good new password")
    b.find_element(By.ID, "change").click()
    wait_text(b, "ok", "is changed", "admin's change done")
    check(cli(db, "login", "admin", stdin="Pq4%zRt8Ym\n", now=later).returncode == 0,
          "admin's new password")
    s.stop()

    # Association with PASSWORD HASH, on a second store: the hash shown.
    db2 = os.path.join(tmp, "b.db")
    s = Server(db2)
    b.get(s.url + "/")
    typed(b, "token", s.token_url.split("token=")[1])  # the token typed instead
    click(b, "use-token")
    present(b, "mode-hash").click()
    typed(b, "password", GOOD)
    typed(b, "confirm", GOOD)
    b.find_element(By.ID, "associate").click()
    wait_text(b, "ok", "is set", "associated with PASSWORD HASH")
    h = b.find_element(By.ID, "hash").text
    check(re.fullmatch(r"\$6\$[./0-9A-Za-z]+\$[./0-9A-Za-z]{86}", h) is not None,
          "a sha512 hash shown: " + h)
    check(b.find_elements(By.ID, "copy-hash"), "a button to copy the hash")
    check("copy" in b.find_element(By.ID, "hash-use").text.lower(),
          "the page says what to do with it")
    axe(b, "associated with a hash")
    shot(b, "web-associated-hash.png")
    for u in ("admin", "root", "t128"):
        check(cli(db2, "login", u, stdin=GOOD + "\n").returncode == 0, u + " set by hash")
    s.stop()
    admin_pages(b, tmp)


CLASSES = "system { login {\n    class auditor { permissions admin; }\n} }\n"


def signin(b, url, name, pw):
    b.get(url + "/login")
    typed(b, "name", name)
    typed(b, "password", pw)
    click(b, "signin")
    wait_text(b, "whoami", name, name + " signed in")


def admin_pages(b, tmp):
    """The accounts and policy pages: a super-user's actions, an operator
    refused, a policy edit from check to rollback."""
    db = os.path.join(tmp, "c.db")
    conf = os.path.join(tmp, "classes.conf")
    with open(conf, "w") as f:
        f.write(CLASSES)
    os.chmod(conf, 0o600)
    new = "N3w!Secret99"
    check(cli(db, "init", stdin=GOOD + "\n", config=conf).returncode == 0, "init")
    for u, cls in (("op", "operator"), ("bob", "operator")):
        cli(db, "useradd", "--class", cls, u, stdin="Temp#Pass123\n", config=conf)
        check(cli(db, "passwd", u, stdin="Temp#Pass123\n" + new + "\n",
                  config=conf).returncode == 0, u + " ready")
    for _ in range(6):
        cli(db, "login", "bob", stdin="Wrong#Pass123\n", config=conf)
    s = Server(db, config=conf)
    b.set_window_size(1280, 1300)

    # An operator: no link, and the page says why, in the library's words.
    signin(b, s.url, "op", new)
    check(not b.find_elements(By.ID, "nav-accounts"), "an operator has no Accounts link")
    b.get(s.url + "/accounts")
    wait_text(b, "error", "not permitted: op is of class operator, which lacks the admin "
              "permission", "the operator refused the accounts page")
    check(not b.find_elements(By.ID, "accounts"), "no account shown to an operator")
    axe(b, "accounts refused")
    b.get(s.url + "/policy")
    wait_text(b, "error", "lacks the admin permission", "the operator refused the policy page")
    click(b, "signout")

    # The super-user: add (the live list first), reset, unlock,
    # disable/enable, class, delete; each answered on the page.
    signin(b, s.url, "admin", GOOD)
    click(b, "nav-accounts")
    wait_text(b, "accounts", "bob", "the accounts page")
    check(row(b, "bob").get("state") == "locked", "bob shown locked: %s" % row(b, "bob"))
    check(b.find_elements(By.ID, "unlock-bob"), "Unlock offered where an account is locked")
    check(not b.find_elements(By.ID, "unlock-op"), "no Unlock where none is locked")
    for i in ("delete-op", "disable-op"):
        check("danger" in b.find_element(By.ID, i).get_attribute("class").split(),
              "#%s looks destructive" % i)
    opts = [o.get_attribute("value") for o in
            b.find_elements(By.CSS_SELECTOR, "#newclass-op option")]
    check("auditor" in opts and "super-user" in opts and "operator" in opts,
          "the class chosen from those that exist: %s" % opts)
    axe(b, "accounts")
    b.set_window_size(420, 1000)
    wide = b.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(wide[0] <= wide[1], "the accounts page 420 px wide without sideways scrolling: %s" % wide)
    shot(b, "web-accounts-narrow.png")
    b.set_window_size(1280, 1300)
    check(row(b, "op").get("class") == "operator", "op's class shown")
    typed(b, "add-name", "dave")
    typed(b, "add-class", "operator")
    typed(b, "add-password", "dave1!")
    addreq = lambda rule: b.find_element(
        By.CSS_SELECTOR, "#add-requirements li[data-rule='%s']" % rule).get_attribute("class")
    WebDriverWait(b, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: addreq("minimum-upper-cases") == "unmet"
                               and addreq("minimum-punctuations") == "met")
    check(addreq("minimum-length") == "unmet", "the live list for a temporary password")
    check(addreq("username-check") == "unmet", "the name typed is checked against")
    typed(b, "add-password", "Temp#Pass123")
    typed(b, "add-confirm", "Temp#Pass123")
    wait_text(b, "add-rules", "meets every rule", "a good temporary password")
    wait_text(b, "add-strength", "at 10,000 guesses a second", "the add form's estimate")
    click(b, "add")
    wait_text(b, "ok", "Account dave added", "dave added")
    check(row(b, "dave").get("temporary") == "yes", "dave's password temporary")
    check(row(b, "dave").get("class") == "operator", "dave an operator")
    click(b, "unlock-bob")
    wait_text(b, "ok", "Account bob unlocked", "bob unlocked")
    check(row(b, "bob").get("state") == "ok", "bob no longer locked: %s" % row(b, "bob"))
    click(b, "reset-row-bob")  # reset from bob's row: the form filled
    check(b.find_element(By.ID, "reset-name").get_attribute("value") == "bob",
          "Reset on bob's row names bob in the reset form")
    typed(b, "reset-password", "Tmp#Reset456")
    typed(b, "reset-confirm", "Tmp#Reset456")
    wait_text(b, "reset-rules", "meets every rule", "the reset's live list")
    wait_text(b, "reset-strength", "at 10,000 guesses a second", "the reset form's estimate")
    click(b, "reset")
    wait_text(b, "ok", "The password of bob is reset", "bob reset")
    check(row(b, "bob").get("temporary") == "yes", "bob's password temporary")
    # Disable asks first, as Delete does: Cancel sends nothing.
    click(b, "disable-dave")
    answer_confirm(b, False, "Disable the account dave? Its sign-in is refused until it is "
                   "enabled again.", "disable asks first")
    time.sleep(0.3)
    check(row(b, "dave").get("disabled") == "no", "cancelled: dave still enabled")
    click(b, "disable-dave")
    answer_confirm(b, True, "Disable the account dave? Its sign-in is refused until it is "
                   "enabled again.", "disable dave")
    wait_text(b, "ok", "Account dave disabled", "dave disabled")
    check(row(b, "dave").get("disabled") == "yes", "dave shown disabled")
    click(b, "enable-dave")
    wait_text(b, "ok", "Account dave enabled", "dave enabled")
    from selenium.webdriver.support.ui import Select
    Select(b.find_element(By.ID, "newclass-dave")).select_by_value("auditor")
    click(b, "class-dave")
    wait_text(b, "ok", "Account dave given its new class", "dave's class changed")
    check(row(b, "dave").get("class") == "auditor", "dave an auditor")
    click(b, "delete-admin")
    answer_confirm(b, True, "Delete the account admin? It cannot be undone.",
                   "delete asks first")
    wait_text(b, "error", "admin is a system account (admin, root, t128): it cannot be "
              "deleted", "the library refuses to delete admin")
    shot(b, "web-accounts.png")
    # Delete asks first: Cancel sends nothing, OK deletes.
    click(b, "delete-dave")
    answer_confirm(b, False, "Delete the account dave? It cannot be undone.",
                   "delete dave asks first")
    time.sleep(0.3)
    check(row(b, "dave").get("class") == "auditor", "cancelled: dave still there")
    check(cli(db, "show", "dave", config=conf).returncode == 0, "cancelled: dave in the store")
    click(b, "delete-dave")
    answer_confirm(b, True, "Delete the account dave? It cannot be undone.",
                   "delete dave asks again")
    wait_text(b, "ok", "Account dave deleted", "dave deleted")
    check(not b.find_elements(By.ID, "row-dave"), "dave gone from the page")
    out = cli(db, "show", config=conf).stdout
    check(re.search(r"^bob +temporary", out, re.M) is not None, "bob reset in the store")
    check("dave" not in out, "dave deleted in the store")

    # The policy: an error by line, a compare, a commit, the history, a rollback.
    click(b, "nav-policy")
    wait_text(b, "active-from", "the file " + conf + " is in force", "the file in force")
    text = b.find_element(By.ID, "text")
    text.clear()
    text.send_keys(CLASSES.replace("} }", "    password { minimum-length 3; }\n} }"))
    click(b, "check")
    wait_text(b, "config-errors", "edit:3:", "the check's error with its line")
    check("minimum-length" in b.find_element(By.ID, "config-errors").text, "the statement named")
    check(b.find_elements(By.CSS_SELECTOR, "#editor #config-errors li[data-line='3']"),
          "the error beside the editor, at its line")
    axe(b, "policy")
    text = b.find_element(By.ID, "text")
    text.clear()
    text.send_keys(CLASSES.replace("} }", "    password { minimum-length 12; }\n} }"))
    click(b, "check")
    wait_text(b, "ok", "passes the commit check", "the edit passes")
    click(b, "compare")
    wait_text(b, "diff", "+    minimum-length 12;", "the compare")
    typed(b, "comment", "longer passwords")
    click(b, "commit")
    wait_text(b, "ok", "Committed as commit 1", "committed")
    wait_text(b, "active-from", "commit 1, by admin", "the commit in force")
    check("longer passwords" in b.find_element(By.ID, "history").text, "the history")
    text = b.find_element(By.ID, "text")
    text.clear()
    text.send_keys(CLASSES.replace("} }", "    password { minimum-length 16; }\n} }"))
    click(b, "commit")
    wait_text(b, "ok", "Committed as commit 2", "a second commit")
    check(b.find_element(By.ID, "rollback-n").get_attribute("value") == "",
          "the rollback number empty until typed")
    typed(b, "rollback-n", "1")
    typed(b, "rollback-comment", "back to twelve")
    click(b, "rollback")
    wait_text(b, "ok", "Rolled back to rollback 1", "rolled back")
    check("back to twelve" in b.find_element(By.ID, "history").text, "the rollback's comment")
    wait_text(b, "active", "minimum-length 12;", "the first commit in force again")
    # Commit confirmed: the page says until when and offers Confirm.
    text = b.find_element(By.ID, "text")
    text.clear()
    text.send_keys(CLASSES.replace("} }", "    password { minimum-length 14; }\n} }"))
    typed(b, "minutes", "10")
    click(b, "commit")
    wait_text(b, "ok", "Committed as commit 4, to be confirmed by", "commit confirmed")
    wait_text(b, "awaiting", "Commit 4 awaits confirmation: unless it is confirmed by",
              "the page says until when")
    axe(b, "policy awaiting confirmation")
    shot(b, "web-policy.png")
    click(b, "confirm-commit")
    wait_text(b, "ok", "Commit 4 confirmed: it stays in force.", "confirmed")
    check(not b.find_elements(By.ID, "awaiting"), "nothing awaits confirmation")
    check("confirm by" not in cli(db, "config", "history", config=conf).stdout,
          "no deadline left in the store")
    hist = cli(db, "config", "history", config=conf).stdout
    check(hist.count("admin") >= 3, "three commits by admin in the store:\n" + hist)
    s.stop()
    b.set_window_size(900, 1100)


if __name__ == "__main__":
    main()
