"""What the console's browser test runs against: a subscriber it controls, a real `eventhos serve`
on a temporary configuration, plain HTTP calls, and a headless Chromium that names the step it was
at when something fails."""

import contextlib
import http.client
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


class StepFailed(Exception):
    """A step of the scenario failed: which step, and where the browser was."""

    def __init__(self, step, message, url=None, text=None):
        self.step, self.message, self.url, self.text = step, message, url, text
        super().__init__(self.describe())

    def describe(self):
        lines = [f"step '{self.step}' failed: {self.message}"]
        if self.url is not None:
            lines.append(f"  page: {self.url}")
        if self.text is not None:
            snippet = re.sub(r"\s+", " ", self.text).strip()
            lines.append(f"  page text: {snippet[:600]}")
        return "\n".join(lines)


# The subscriber ---------------------------------------------------------------------------------

class Subscriber:
    """An HTTP subscriber on loopback that records every request and answers `status` (200 unless
    told otherwise), or the status `statuses` gives the first prefix of its path."""

    def __init__(self):
        self.status = 200
        self.statuses = {}  # path prefix → status, before `status`
        self.requests = []
        self._lock = threading.Lock()
        subscriber = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                with subscriber._lock:
                    status = next((status for prefix, status in subscriber.statuses.items()
                                   if self.path.startswith(prefix)), subscriber.status)
                    subscriber.requests.append({
                        "method": self.command, "path": self.path, "status": status,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body.decode("utf-8", "replace"),
                    })
                payload = json.dumps({"status": status}).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def received(self, predicate=lambda request: True):
        """The requests so far that match `predicate`, each with the status it was answered."""
        with self._lock:
            return [request for request in self.requests if predicate(request)]

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


# HTTP -------------------------------------------------------------------------------------------

def http_request(base_url, method, path, body=None, headers=None):
    """One request without following redirects; returns (status, headers, text)."""
    parsed = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=15)
    try:
        data = body.encode() if isinstance(body, str) else body
        connection.request(method, path, body=data, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def eventually(condition, timeout=20.0, interval=0.25):
    """Calls `condition` until it returns something truthy or `timeout` seconds pass; returns the
    last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


# The broker -------------------------------------------------------------------------------------

@contextlib.contextmanager
def virtual_host(broker_url, rabbitmqctl):
    """A virtual host of the test's own (deleted afterwards) when `rabbitmqctl` is given, so no
    other bridge on the broker shares `eventhos.audit` with this one; else `broker_url` as it is."""
    if not rabbitmqctl:
        yield broker_url
        return
    vhost = "eventhos-browser-" + secrets.token_hex(4)
    subprocess.run([rabbitmqctl, "add_vhost", vhost], check=True, capture_output=True)
    try:
        subprocess.run([rabbitmqctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
                       check=True, capture_output=True)
        base = broker_url.rsplit("/", 1)[0]
        yield f"{base}/{vhost}"
    finally:
        subprocess.run([rabbitmqctl, "delete_vhost", vhost], capture_output=True)


# eventhos ---------------------------------------------------------------------------------------

class Eventhos:
    """`eventhos serve` on a temporary configuration with an admin, an operator and a viewer token
    and no registry rows: the test creates those through the console."""

    ROLES = ("admin", "operator", "viewer")

    def __init__(self, binary, broker_url):
        self.binary = os.path.abspath(binary)
        if not os.access(self.binary, os.X_OK):
            raise StepFailed("start eventhos", f"no eventhos executable at {self.binary} (build it first)")
        self.directory = tempfile.mkdtemp(prefix="eventhos-browser-")
        self.tokens = {role: f"{role}-{secrets.token_urlsafe(18)}" for role in self.ROLES}
        self.config = os.path.join(self.directory, "eventhos.yaml")
        tokens = "\n".join(
            f"    - {{ name: {role}, tokenEnv: EVENTHOS_BROWSER_{role.upper()}_TOKEN, role: {role} }}"
            for role in self.ROLES)
        with open(self.config, "w") as file:
            file.write(f"""server: {{ host: 127.0.0.1, port: 0, shutdownGrace: 2s }}
broker: {{ url: "{broker_url}", queueType: classic, prefetch: 16, heartbeat: 10 }}
store: {{ path: "{os.path.join(self.directory, 'eventhos.sqlite')}" }}
log: {{ level: info, format: text }}
security:
  secretKeyEnv: EVENTHOS_BROWSER_SECRET_KEY
  adminTokens:
{tokens}
retry: {{ maxAttempts: 2, backoff: [200ms] }}
""")
        self.log_path = os.path.join(self.directory, "eventhos.log")
        self.process = None
        self.base_url = None

    def start(self, timeout=60.0):
        environment = dict(os.environ, EVENTHOS_BROWSER_SECRET_KEY=secrets.token_urlsafe(24))
        for role, token in self.tokens.items():
            environment[f"EVENTHOS_BROWSER_{role.upper()}_TOKEN"] = token
        # The test's configuration is the whole truth: no EVENTHOS_* override from the caller's shell.
        for name in [name for name in environment if re.match(r"EVENTHOS_(SERVER|BROKER|STORE|SECURITY|RETRY|LOG)_", name)]:
            del environment[name]
        log = open(self.log_path, "w")
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config],
                                        stdout=log, stderr=subprocess.STDOUT, env=environment)
        log.close()

        def listening():
            if self.process.poll() is not None:
                raise StepFailed("start eventhos", f"eventhos exited with {self.process.returncode}:\n{self.log_tail()}")
            match = re.search(r"eventhos listening: send events to (http://[0-9.]+:\d+)/", self.log())
            return match and match.group(1)

        self.base_url = eventually(listening, timeout)
        if not self.base_url:
            raise StepFailed("start eventhos", f"no 'eventhos listening' line after {timeout:.0f} s:\n{self.log_tail()}")

        def ready():
            try:
                return http_request(self.base_url, "GET", "/health/ready")[0] == 200
            except OSError:
                return False

        if not eventually(ready, timeout):
            status, _, body = http_request(self.base_url, "GET", "/health/ready")
            raise StepFailed("start eventhos", f"/health/ready answers {status} {body}\n{self.log_tail()}")

    def send(self, event, key, body):
        """POST /event/send; returns the receivedEventId of the 202."""
        query = urllib.parse.urlencode({"event-identifier": event, "access-key": key})
        status, _, text = http_request(self.base_url, "POST", f"/event/send?{query}", json.dumps(body),
                                       {"content-type": "application/json"})
        if status != 202:
            raise AssertionError(f"POST /event/send answered {status}: {text}")
        return json.loads(text)["receivedEventId"]

    def api(self, method, path, body=None, role="admin"):
        """One call of the admin API (`/api/v1` + `path`) with the role's token; returns (status,
        the answer's JSON, or its text when it is not JSON)."""
        headers = {"authorization": f"Bearer {self.tokens[role]}"}
        if body is not None:
            headers["content-type"] = "application/json"
            body = json.dumps(body)
        status, _, text = http_request(self.base_url, method, f"/api/v1{path}", body, headers)
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def log(self):
        with open(self.log_path, errors="replace") as file:
            return file.read()

    def log_tail(self, lines=30):
        return "\n".join(self.log().splitlines()[-lines:])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def remove(self):
        shutil.rmtree(self.directory, ignore_errors=True)


# The browser ------------------------------------------------------------------------------------

class Console:
    """Headless Chromium on the console. Every assertion goes through `check`, which names the
    current step, the page's URL and a snippet of its text when it fails."""

    WIDTH, HEIGHT = 1280, 900

    def __init__(self, base_url, screenshots, chromium="/usr/bin/chromium", chromedriver="/usr/bin/chromedriver"):
        self.base_url = base_url
        self.screenshots = screenshots
        self.step_name = "start the browser"
        os.makedirs(screenshots, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--hide-scrollbars", f"--window-size={self.WIDTH},{self.HEIGHT}"):
            options.add_argument(argument)
        try:
            self.driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
        except WebDriverException as error:
            raise StepFailed(self.step_name, f"{chromedriver} with {chromium} did not start "
                             f"(scripts/setup --browser-test installs them): {error.msg}") from error
        self.driver.set_page_load_timeout(30)

    # steps and checks

    @contextlib.contextmanager
    def step(self, name):
        """Runs a block as the named step: any failure in it becomes a `StepFailed` naming it."""
        self.step_name = name
        print(f"  - {name}", flush=True)
        try:
            yield
        except StepFailed:
            raise
        except (AssertionError, WebDriverException) as error:
            raise self.failure(str(error).strip() or type(error).__name__) from error

    def failure(self, message):
        try:
            url, text = self.driver.current_url, self.driver.find_element(By.TAG_NAME, "body").text
        except WebDriverException:
            url, text = None, None
        return StepFailed(self.step_name, message, url, text)

    def check(self, condition, message):
        if not condition:
            raise self.failure(message)

    def wait(self, condition, message, timeout=20.0, reload=False):
        """Waits for `condition()` to be truthy, reloading the page between checks when `reload`."""
        def attempt():
            try:
                return condition()
            except (WebDriverException, StepFailed):
                return None

        deadline = time.monotonic() + timeout
        while True:
            value = attempt()
            if value:
                return value
            if time.monotonic() > deadline:
                raise self.failure(f"{message} (waited {timeout:.0f} s)")
            time.sleep(0.3)
            if reload:
                self.driver.refresh()

    # navigation

    def open(self, path):
        self.driver.get(self.base_url + path)
        return self

    @property
    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def expect_path(self, path, timeout=10.0):
        self.wait(lambda: self.path == path, f"expected to be at {path}, at {self.path}", timeout)

    # elements

    def all(self, css, scope=None):
        return (scope or self.driver).find_elements(By.CSS_SELECTOR, css)

    def one(self, css, scope=None):
        found = self.all(css, scope)
        self.check(found, f"no element matches {css}")
        return found[0]

    def text(self, css, scope=None):
        return self.one(css, scope).text.strip()

    def fill(self, form_css, fields):
        """Fills the named fields of a form: text inputs and textareas are replaced, selects are
        chosen by value (else by visible text), checkboxes set to the given truth value."""
        form = self.one(form_css)
        for name, value in fields.items():
            found = self.all(f'[name="{name}"]', form)
            self.check(found, f"{form_css} has no field named {name}")
            field = found[0]
            tag, kind = field.tag_name.lower(), (field.get_attribute("type") or "").lower()
            if tag == "select":
                self._choose(field, form_css, name, str(value))
            elif kind == "checkbox":
                if field.is_selected() != bool(value):
                    field.click()
            else:
                self.driver.execute_script("arguments[0].value = '';", field)
                field.send_keys(str(value))
        return form

    def _choose(self, select, form_css, name, value):
        options = self.all("option", select)
        match = [o for o in options if o.get_attribute("value") == value] or \
                [o for o in options if o.text.strip() == value]
        self.check(match, f"{form_css} select {name} has no option {value!r} "
                          f"(options: {[o.get_attribute('value') for o in options]})")
        match[0].click()

    def submit(self, button_css):
        """Clicks a submit button (or a link) and waits for the next page to load."""
        button = self.one(button_css)
        old = self.one("html")
        button.click()
        self.wait(lambda: self._replaced(old), f"clicking {button_css} loaded no page", 15)

    def submit_form(self, form_css):
        """Submits a form through its own submit button."""
        self.submit(f"{form_css} button[type=submit], {form_css} input[type=submit], {form_css} button:not([type])")

    def _replaced(self, element):
        try:
            element.tag_name
            return False
        except WebDriverException:
            return self.driver.execute_script("return document.readyState") == "complete"

    def cookie(self, name):
        cookie = self.driver.get_cookie(name)
        self.check(cookie, f"no cookie {name} (cookies: {[c['name'] for c in self.driver.get_cookies()]})")
        return cookie

    def unlabelled_fields(self, scope_css):
        """The names of the visible form fields in `scope_css` that have no accessible label."""
        return self.driver.execute_script("""
            const fields = document.querySelectorAll(arguments[0] + ' input, ' + arguments[0] + ' select, ' + arguments[0] + ' textarea');
            return [...fields].filter(f => !['hidden', 'submit', 'button'].includes(f.type)
                  && !(f.labels && f.labels.length) && !f.getAttribute('aria-label')
                  && !f.getAttribute('aria-labelledby') && !f.title)
              .map(f => f.name || f.id || f.outerHTML.slice(0, 60));
        """, scope_css)

    def tab_to(self, css, presses):
        """Presses Tab from the top of the page until `css` has the focus; whether it got there."""
        target = self.one(css)
        self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
        for _ in range(presses):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            if self.driver.switch_to.active_element == target:
                return True
        return False

    def foreign_resources(self):
        """The URLs of the page's scripts, styles, images, fonts and frames from another origin."""
        return self.driver.execute_script("""
            const loaded = performance.getEntriesByType('resource').map(e => e.name);
            const named = [...document.querySelectorAll('script[src], link[href], img[src], iframe[src]')]
              .filter(e => e.tagName !== 'LINK' || e.rel !== 'canonical').map(e => e.src || e.href);
            return [...loaded, ...named].filter(u => new URL(u, location.href).origin !== location.origin);
        """)

    # screenshots

    def screenshot(self, name, width=None, dark=False):
        """Saves `<name>.png` of the whole page (up to 4,000 px high) with a viewport `width` px wide
        (1280 by default; below 600 it is a phone's: mobile metrics, 844 px high at least), in the
        dark colour scheme when `dark`."""
        width = width or self.WIDTH
        phone = width < 600
        metrics = {"width": width, "height": 844 if phone else self.HEIGHT, "deviceScaleFactor": 1, "mobile": phone}
        cdp = self.driver.execute_cdp_cmd
        try:
            cdp("Emulation.setDeviceMetricsOverride", metrics)
            if dark:
                cdp("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            cdp("Emulation.setDeviceMetricsOverride", dict(metrics, height=max(metrics["height"], min(height, 4000))))
            path = os.path.join(self.screenshots, f"{name}.png")
            self.driver.save_screenshot(path)
            return path
        finally:
            cdp("Emulation.clearDeviceMetricsOverride", {})
            cdp("Emulation.setEmulatedMedia", {"features": []})

    def quit(self):
        with contextlib.suppress(Exception):
            self.driver.quit()
