#!/usr/bin/env python3
"""The console's browser test: a real `eventhos serve`, a real broker, a subscriber of the test's
own and headless Chromium, driven only through the names of the console's DOM contract.

    python3 Tests/browser/console_test.py [--eventhos .build/debug/eventhos] [--screenshots DIR]

Needs EVENTHOS_TEST_AMQP_URL (the broker; a virtual host of the test's own is made in it when
EVENTHOS_RABBITMQCTL names rabbitmqctl), Debian's chromium and chromium-driver and Python selenium
(`scripts/setup --browser-test` installs them). Screenshots go to EVENTHOS_CONSOLE_SCREENSHOTS or
`.eventhos/console-screenshots/`. Exits 0 when every step passed, 1 naming the step that failed.
"""

import argparse
import contextlib
import os
import re
import secrets
import sys
import time
import urllib.parse

from selenium.webdriver.common.keys import Keys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Console, Eventhos, StepFailed, Subscriber, eventually, http_request, virtual_host  # noqa: E402

LISTS = ("systems", "events", "actions", "contracts")


class Scenario:
    """The operator's day, from signing in to redriving a dead letter, pausing a contract and
    watching a circuit breaker open, then a viewer's look."""

    def __init__(self, console, eventhos, subscriber):
        self.console, self.eventhos, self.subscriber = console, eventhos, subscriber
        tag = secrets.token_hex(3)
        self.producer, self.billing = f"crm-{tag}", f"billing-{tag}"
        self.event, self.action, self.contract = f"customer-created-{tag}", f"create-account-{tag}", f"crm-to-billing-{tag}"
        # an action with a circuit breaker on a path where the subscriber answers 503, and its contract
        self.breaker_action, self.breaker_contract = f"create-account-elsewhere-{tag}", f"crm-to-elsewhere-{tag}"
        self.key = None
        self.secret = "bearer-" + secrets.token_urlsafe(16)  # the action's credential: never shown again
        self.mutating_pages = {}  # path → [data-mutates] count seen as admin

    def run(self):
        self.sign_in_as_admin()
        self.create_registry()
        first = self.deliver_an_event()
        self.replay(first)
        second = self.dead_letter_and_redrive()
        self.overview()
        self.redrive_selected_and_purge()
        self.screenshots_of_the_day()  # before the events below: the docs' screenshots show the four events
        self.pause_and_resume()
        self.open_the_breaker()
        self.revoke_the_key()
        self.refuse_a_post_without_csrf()
        self.sign_out()
        self.operator_sees_no_registry_entry_points()
        self.viewer_sees_no_state_changing_element(first, second)

    # sign-in

    def sign_in(self, role):
        c = self.console
        c.open("/console")
        c.expect_path("/console/sign-in")
        c.fill("form#sign-in", {"token": self.eventhos.tokens[role]})
        c.submit("button#sign-in-submit")
        c.expect_path("/console")
        c.check(role in c.text("span#whoami"), f"span#whoami does not name the role {role}")

    def sign_in_as_admin(self):
        c = self.console
        with c.step("not signed in: /console redirects to the sign-in page"):
            c.open("/console")
            c.expect_path("/console/sign-in")
            c.one("form#sign-in")
            c.check(c.one("input#token").get_attribute("type") == "password", "input#token is not a password field")
            c.screenshot("01-sign-in")
        with c.step("a bad token is refused with div#flash.error"):
            c.fill("form#sign-in", {"token": "not-a-token"})
            c.submit("button#sign-in-submit")
            c.one("div#flash.error")
            c.check(c.path != "/console", "a bad token signed in")
        with c.step("sign in with the admin token"):
            self.sign_in("admin")
            cookie = c.cookie("eventhos_console")
            c.check(cookie.get("httpOnly"), "the session cookie is not HttpOnly")
            c.check(cookie.get("sameSite") == "Strict", f"the session cookie is SameSite={cookie.get('sameSite')}")
            for link in ("overview", "systems", "events", "actions", "contracts", "log", "dead-letters"):
                c.one(f"nav#nav a#nav-{link}")
            c.one("main#content")

    # registry

    def create(self, kind, form, fields):
        """Creates a row through the list's `a#new` and the kind's form; lands on the row's page."""
        c = self.console
        c.open(f"/console/{kind}")
        c.one("table#list")
        self.note_mutating(f"/console/{kind}")
        c.one("a#new").click()
        c.expect_path(f"/console/{kind}/new")
        c.check(not c.unlabelled_fields(f"form#{form}"), f"form#{form} fields without a label: {c.unlabelled_fields(f'form#{form}')}")
        c.fill(f"form#{form}", fields)
        c.submit("button#save")
        identifier = fields["identifier"]
        c.expect_path(f"/console/{kind}/{identifier}")
        c.check(identifier in c.text("h1"), f"h1 does not name {identifier}")
        self.note_mutating(c.path)
        c.open(f"/console/{kind}")
        c.one(f'table#list tr[data-id="{identifier}"]')

    def note_mutating(self, path):
        self.mutating_pages[path] = len(self.console.all("[data-mutates]"))

    def create_registry(self):
        c = self.console
        with c.step("a form with a bad identifier is refused, naming the field"):
            c.open("/console/systems/new")
            c.fill("form#system-form", {"identifier": "Not an identifier!", "name": "Bad", "type": "SaaS", "class": "producer"})
            c.submit("button#save")
            errors = " ".join(e.text for e in c.all("div#flash.error") + c.all(".error")).lower()
            c.check("identifier" in errors, f"no div#flash.error or .error naming the identifier after a bad one: {errors!r}")
        with c.step("create the producer system"):
            self.create("systems", "system-form", {"identifier": self.producer, "name": "CRM", "type": "SaaS", "class": "producer"})
        with c.step("create a producer key: shown once in code#new-key"):
            c.open(f"/console/systems/{self.producer}")
            c.fill("form#create-key", {"name": "browser"})
            c.submit_form("form#create-key")
            self.key = c.text("code#new-key")
            c.check(self.key.startswith("ehk_"), f"code#new-key holds {self.key!r}, not a key")
            c.screenshot("03-system-with-new-key")
            c.open(f"/console/systems/{self.producer}")
            c.one('tr[data-key="browser"] form.revoke-key')
            c.check(self.key not in c.driver.page_source, "the key is shown again after a reload")
        with c.step("create the subscriber system"):
            self.create("systems", "system-form", {"identifier": self.billing, "name": "Billing", "type": "ERP", "class": "subscriber"})
            c.open("/console/systems")
            c.screenshot("02-systems")
        with c.step("create the event"):
            self.create("events", "event-form", {"identifier": self.event, "name": "Customer created", "operation": "new",
                                                  "producer": self.producer, "description": "A customer signed up."})
        with c.step("the action editor's try it sends a test request and shows it"):
            c.open("/console/actions/new")
            action = self.action_fields()
            c.fill("form#action-form", action)
            c.one("textarea#sample-body").clear()
            c.one("textarea#sample-body").send_keys('{"id": 7, "name": "Try"}')
            before = len(self.subscriber.received())
            c.one("button#try-it").click()
            c.wait(lambda: c.text("pre#try-response"), "pre#try-response stays empty")
            c.check("200" in c.text("pre#try-response"), "pre#try-response does not show the 200")
            c.check("/accounts/7" in c.text("pre#resolved-request"), "pre#resolved-request does not show the resolved URL")
            c.check(len(self.subscriber.received()) > before, "the subscriber got no test request")
            c.screenshot("04-action-editor")
        with c.step("create the action"):
            c.fill("form#action-form", action)  # again: a try that re-renders the page may reset fields
            c.submit("button#save")
            c.expect_path(f"/console/actions/{self.action}")
            c.check(self.action in c.text("h1"), f"h1 does not name {self.action}")
            c.check(self.secret not in c.driver.page_source, "the action's page shows its bearer token")
            self.note_mutating(c.path)
        with c.step("edit the event on its page"):
            c.open(f"/console/events/{self.event}")
            c.fill("form#event-form", {"description": "Edited in the console."})
            c.submit("button#save")
            c.expect_path(f"/console/events/{self.event}")
            c.check(c.one('form#event-form [name="description"]').get_attribute("value") == "Edited in the console.",
                    "the edited description is not on the event's page")
        with c.step("create the contract"):
            self.create("contracts", "contract-form", {"identifier": self.contract, "name": "CRM to billing", "event": self.event,
                                                        "action": self.action, "order": "1", "active": True,
                                                        "maxAttempts": "2", "backoff": "200ms"})
        with c.step("deactivate and activate the contract"):
            c.open(f"/console/contracts/{self.contract}")
            c.one('[data-active="true"]')
            c.check("Deactivate" in c.one("form#toggle-active").text, "form#toggle-active does not offer Deactivate")
            c.submit_form("form#toggle-active")
            c.wait(lambda: c.all('[data-active="false"]'), "the contract is not inactive after Deactivate")
            c.check("Activate" in c.one("form#toggle-active").text, "form#toggle-active does not offer Activate")
            c.submit_form("form#toggle-active")
            c.wait(lambda: c.all('[data-active="true"]'), "the contract is not active after Activate")
            c.screenshot("05-contract")

    def action_fields(self):
        return {"identifier": self.action, "name": "Create account", "operation": "new", "subscriber": self.billing,
                "method": "POST", "url": f"{self.subscriber.url}/accounts/${{.body.id}}",
                "headers": "Content-Type: application/json\nX-Console-Test: yes", "params": "source=console",
                "data": "", "timeout": "2s", "security": "bearer", "security.token": self.secret}

    # the events log

    def open_received_event(self, received_id):
        """Finds the event in the log (filtered by event) and opens it."""
        c = self.console
        c.open(f"/console/log?{urllib.parse.urlencode({'event': self.event})}")
        c.wait(lambda: c.all(f'table#log tr[data-received-event="{received_id}"]'),
               f"the log shows no row for {received_id}", reload=True)
        c.one(f'table#log tr[data-received-event="{received_id}"] a.open').click()
        c.expect_path(f"/console/log/{received_id}")

    def wait_for_execution(self, state, attempts=None):
        c = self.console
        selector = f'section.execution[data-contract="{self.contract}"]'

        def reached():
            shown = c.one(f"{selector} [data-execution-state]").get_attribute("data-execution-state")
            return shown == state and (attempts is None or len(c.all(f"{selector} div.try")) >= attempts)

        c.wait(reached, f"the execution of {self.contract} does not reach {state}" +
               (f" with {attempts} tries" if attempts else ""), reload=True)
        return selector

    def deliver_an_event(self):
        c = self.console
        with c.step("send an event over HTTP with the console's key"):
            received_id = self.eventhos.send(self.event, self.key, {"id": 42, "name": "Ada"})
            c.check(eventually(lambda: self.delivered(42)),
                    "the subscriber got no delivery")
        with c.step("find the event in the events log with the filter form"):
            c.open("/console/log")
            c.fill("form#log-filter", {"event": self.event})
            c.submit_form("form#log-filter")
            c.wait(lambda: c.all(f'table#log tr[data-received-event="{received_id}"]'),
                   f"the filtered log shows no row for {received_id}", reload=True)
            c.fill("form#log-filter", {"event": f"no-such-event-{self.event}"})
            c.submit_form("form#log-filter")
            c.check(not c.all(f'table#log tr[data-received-event="{received_id}"]'), "the event filter keeps a row of another event")
        with c.step("open the received event: body, headers, the execution and its try"):
            self.open_received_event(received_id)
            c.check("Ada" in c.text("pre#event-body"), "pre#event-body does not show the body")
            c.one("table#event-headers")
            execution = self.wait_for_execution("COMPLETED", attempts=1)
            attempt = c.one(f'{execution} div.try[data-attempt="1"]')
            c.check("/accounts/42" in c.text("pre.try-request", attempt), "the try's request does not show the URL")
            c.check("200" in c.text("pre.try-response", attempt), "the try's response does not show 200")
            c.check(c.text(".try-duration", attempt), "the try shows no duration")
            c.check(self.delivered(42)[0]["headers"].get("authorization") == f"Bearer {self.secret}",
                    "the subscriber did not get the action's bearer token")
            c.check(self.secret not in c.driver.page_source, "the received event shows the action's bearer token")
            c.check(self.key not in c.driver.page_source, "the producer key is shown on the received event")
            self.note_mutating(c.path)
            c.screenshot("07-received-event")
        with c.step("the log page"):
            c.open("/console/log")
            c.one(f'table#log tr[data-received-event="{received_id}"]')
            self.note_mutating(c.path)
        return received_id

    def replay(self, received_id):
        c = self.console
        with c.step("replay one contract of the event from the console"):
            before = len(self.delivered(42))
            c.open(f"/console/log/{received_id}")
            c.submit_form(f'section.execution[data-contract="{self.contract}"] form.replay-contract')
            c.check(eventually(lambda: len(self.delivered(42)) > before),
                    "the replay delivered nothing to the subscriber")
            c.open(f"/console/log/{received_id}")
            self.wait_for_execution("COMPLETED", attempts=2)
            c.one("form#replay-all")

    # dead letters

    def dead_letter_and_redrive(self):
        c = self.console
        with c.step("a subscriber answering 400 dead-letters the second event"):
            self.subscriber.status = 400
            received_id = self.eventhos.send(self.event, self.key, {"id": 43, "name": "Grace"})
            self.open_received_event(received_id)
            self.wait_for_execution("ERROR", attempts=1)
            c.check("400" in c.text('div.try[data-attempt="1"] pre.try-response'), "the failed try does not show the 400")
        with c.step("the dead queue's depth on /console/dead-letters"):
            c.open("/console/dead-letters")
            row = f'table#dead-queues tr[data-contract="{self.contract}"]'
            c.wait(lambda: c.text(f"{row} td.depth") == "1", "the dead queue's depth is not 1", reload=True)
            self.note_mutating(c.path)
            c.screenshot("08-dead-queues")
            c.open("/console")
            c.check(c.text(f"{row} td.depth") == "1", "the overview's dead queue depth is not 1")
            c.wait(lambda: int(c.text("[data-count=failed]")) >= 1, "[data-count=failed] is 0 with a dead letter", reload=True)
            c.open("/console/dead-letters")
            c.one(f"{row} a.open").click()
            c.expect_path(f"/console/dead-letters/{self.contract}")
        with c.step("the dead letter and its error"):
            c.one("table#dead-letters tr.dead-letter input[type=checkbox][name=message]")
            c.check(len(c.all("table#dead-letters tr.dead-letter")) == 1, "not exactly one dead letter")
            c.check("400" in c.text("table#dead-letters tr.dead-letter td.error"), "td.error does not show the 400")
            c.one("form#purge input#purge-confirm[type=checkbox][name=confirm]")
            c.check(c.one("input#purge-confirm").get_attribute("required") is not None, "the purge confirmation is not required")
            self.note_mutating(c.path)
            c.screenshot("09-dead-letters")
        with c.step("redrive it from the console to a subscriber that answers 200"):
            self.subscriber.status = 200
            c.submit("button#redrive-submit")
            c.check("1" in c.text("div#flash"), "div#flash does not say one message was redriven")
            c.wait(lambda: not c.all("table#dead-letters tr.dead-letter"), "the dead letter is still listed", reload=True)
        with c.step("the redriven execution is COMPLETED in the log"):
            self.open_received_event(received_id)
            execution = self.wait_for_execution("COMPLETED", attempts=2)
            c.check("200" in c.text(f'{execution} div.try[data-attempt="2"] pre.try-response'), "try 2 does not show the 200")
            c.screenshot("07-received-event-redriven")
        return received_id

    def overview(self):
        c = self.console
        with c.step("the overview: counts, chart, dead queues and health"):
            c.open("/console")
            counts = {name: int(c.text(f"[data-count={name}]")) for name in ("received", "delivered", "failed")}
            c.check(counts == {"received": 2, "delivered": 2, "failed": 0},
                    f"the last hour's counts are {counts}, not 2 received and delivered (one after a redrive), 0 failed")
            c.one("section#overview-counts")
            c.one("svg#overview-chart")
            c.one(f'table#dead-queues tr[data-contract="{self.contract}"] td.depth')
            c.check(c.text("section#health [data-component=broker]"), "no broker state")
            c.check(c.text("section#health [data-component=store]"), "no store state")

    def dead_letters(self, *bodies):
        """Sends events to a subscriber answering 400 and waits until each is in the dead queue."""
        c = self.console
        self.subscriber.status = 400
        received_ids = [self.eventhos.send(self.event, self.key, body) for body in bodies]
        c.open(f"/console/dead-letters/{self.contract}")
        c.wait(lambda: len(c.all("table#dead-letters tr.dead-letter")) == len(bodies),
               f"not {len(bodies)} dead letters", reload=True)
        return received_ids

    def dead_letter_rows(self):
        return {row: row.text for row in self.console.all("table#dead-letters tr.dead-letter")}

    def delivered(self, customer):
        """The subscriber's 200 answers to deliveries of the event with body id `customer`."""
        return self.subscriber.received(lambda r: r["path"].startswith(f"/accounts/{customer}?") and r["status"] == 200)

    def redrive_selected_and_purge(self):
        c = self.console
        with c.step("redrive only the selected one of two dead letters"):
            kept, redriven = self.dead_letters({"id": 44, "name": "Kept"}, {"id": 45, "name": "Redriven"})
            row = next(row for row, text in self.dead_letter_rows().items() if redriven in text)
            c.one("input[type=checkbox][name=message]", row).click()
            self.subscriber.status = 200
            c.submit("button#redrive-submit")
            c.check("1" in c.text("div#flash"), "div#flash does not say one message was redriven")
            c.check(eventually(lambda: self.delivered(45)), "the selected dead letter was not delivered")
            c.check(not self.delivered(44), "the dead letter that was not selected was delivered")
            c.open(f"/console/dead-letters/{self.contract}")
            texts = list(self.dead_letter_rows().values())
            c.check(len(texts) == 1 and kept in texts[0], f"the dead queue does not hold only {kept}: {texts}")
        with c.step("purge asks for its confirmation, then empties the dead queue"):
            c.one("button#purge-submit").click()  # the required checkbox is not ticked: no request
            time.sleep(0.5)
            c.check(c.path == f"/console/dead-letters/{self.contract}" and len(self.dead_letter_rows()) == 1,
                    "purge without its confirmation changed something")
            c.fill("form#purge", {"confirm": True})
            c.submit("button#purge-submit")
            c.wait(lambda: not c.all("table#dead-letters tr.dead-letter"), "the purged dead letter is still listed", reload=True)
            c.check(not self.delivered(44), "the purged message was delivered")

    # delivery control

    def queue_depth(self):
        """The number #queue-depth shows."""
        shown = self.console.text("#queue-depth")
        match = re.fullmatch(r"queue: (\d+) message\(s\) waiting", shown)
        self.console.check(match, f"#queue-depth reads {shown!r}")
        return int(match.group(1))

    def pause_and_resume(self):
        c = self.console
        page, customers = f"/console/contracts/{self.contract}", (50, 51, 52)
        with c.step("pause the contract from its page: #pause-state[data-paused=true]"):
            c.open(page)
            c.check(c.text('#pause-state[data-paused="false"]') == "delivering", "#pause-state does not say delivering")
            c.check(self.queue_depth() == 0, "the contract's queue is not empty before the pause")
            c.check(c.one("form#toggle-pause").text.startswith("Pause"), "form#toggle-pause does not offer Pause")
            c.submit_form("form#toggle-pause")
            c.expect_path(page)
            c.check("Paused" in c.text("div#flash"), "div#flash does not say the contract is paused")
            c.check(c.text('#pause-state[data-paused="true"]').startswith("paused by operator since"),
                    "#pause-state does not say paused by operator since …")
            c.check(c.one("form#toggle-pause").text.startswith("Resume"), "form#toggle-pause does not offer Resume")
            status, state = self.eventhos.api("GET", f"/contracts/{self.contract}/delivery", role="viewer")
            c.check(status == 200 and isinstance(state, dict) and (state.get("pause") or {}).get("reason") == "operator",
                    f"the admin API's delivery state is not paused by operator: {status} {state}")
        with c.step("events for the paused contract wait in its queue: #queue-depth"):
            for customer in customers:
                self.eventhos.send(self.event, self.key, {"id": customer, "name": f"Waiting {customer}"})
            c.wait(lambda: self.queue_depth() == len(customers), f"#queue-depth does not reach {len(customers)}", reload=True)
            c.one('#pause-state[data-paused="true"]')
            reached = self.subscriber.received(lambda r: any(r["path"].startswith(f"/accounts/{i}?") for i in customers))
            c.check(not reached, f"the paused contract delivered {[r['path'] for r in reached]}")
            c.screenshot("05-contract-paused")
        with c.step("resume from the page: the subscriber gets the backlog"):
            c.submit_form("form#toggle-pause")
            c.expect_path(page)
            c.check("Resumed" in c.text("div#flash"), "div#flash does not say the contract is resumed")
            c.check(c.text('#pause-state[data-paused="false"]') == "delivering", "#pause-state does not say delivering")
            c.check(c.one("form#toggle-pause").text.startswith("Pause"), "form#toggle-pause does not offer Pause again")
            c.check(eventually(lambda: all(self.delivered(i) for i in customers)),
                    f"the subscriber did not get the backlog: {[i for i in customers if not self.delivered(i)]} missing")
            c.wait(lambda: self.queue_depth() == 0, "#queue-depth does not go back to 0", reload=True)

    def open_the_breaker(self):
        c = self.console
        page, customers = f"/console/contracts/{self.breaker_contract}", (70, 71)
        with c.step("an action with a circuit breaker and its contract on the event (admin API)"):
            self.subscriber.statuses["/elsewhere/"] = 503
            status, answer = self.eventhos.api("POST", "/actions", {
                "identifier": self.breaker_action, "name": "Create account elsewhere", "operation": "new",
                "subscriber": self.billing, "http": {"method": "POST", "url": f"{self.subscriber.url}/elsewhere/${{.body.id}}",
                                                     "timeout": "2s"},
                # openFor 5m: the breaker stays open (no probe) for the rest of the scenario
                "circuitBreaker": {"failureRate": "50%", "minimumCalls": 2, "window": "30s", "openFor": "5m"}})
            c.check(status == 201, f"POST /api/v1/actions answered {status}: {answer}")
            status, answer = self.eventhos.api("POST", "/contracts", {
                "identifier": self.breaker_contract, "name": "CRM to elsewhere", "event": self.event,
                "action": self.breaker_action, "order": 2, "active": True, "retry": {"maxAttempts": 2, "backoff": ["200ms"]}})
            c.check(status == 201, f"POST /api/v1/contracts answered {status}: {answer}")
            c.open(page)
            c.check(self.breaker_contract in c.text("h1"), f"h1 does not name {self.breaker_contract}")
            c.one('#breaker-state[data-state="closed"]')
            c.one('#pause-state[data-paused="false"]')
            c.one("form#toggle-pause")
            self.note_mutating(page)
            c.open(f"/console/contracts/{self.contract}")
            c.check(not c.all("#breaker-state"), "#breaker-state on a contract whose action has no circuit breaker")
        with c.step("503s open the breaker: #breaker-state[data-state=open]"):
            for customer in customers:
                self.eventhos.send(self.event, self.key, {"id": customer, "name": f"Unavailable {customer}"})
            c.open(page)
            c.wait(lambda: c.all('#breaker-state[data-state="open"]'), "#breaker-state does not turn open", reload=True)
            c.check(c.text("#breaker-state").startswith("circuit open until"), "#breaker-state does not say open until …")
            failed = self.subscriber.received(lambda r: r["path"].startswith("/elsewhere/") and r["status"] == 503)
            c.check(len(failed) >= 2, f"the breaker opened after {len(failed)} failed tries, fewer than minimumCalls 2")
            c.check(eventually(lambda: all(self.delivered(i) for i in customers)),
                    "the contract whose action has no breaker did not deliver the same events")
            c.screenshot("05-contract-breaker-open")

    def revoke_the_key(self):
        c = self.console
        with c.step("revoke the producer key: the webhook refuses it"):
            c.open(f"/console/systems/{self.producer}")
            c.submit_form('tr[data-key="browser"] form.revoke-key')
            c.wait(lambda: not c.all('tr[data-key="browser"] form.revoke-key'), "the revoked key still has its revoke form", reload=True)
            query = urllib.parse.urlencode({"event-identifier": self.event, "access-key": self.key})
            status, _, text = http_request(self.eventhos.base_url, "POST", f"/event/send?{query}", "{}",
                                           {"content-type": "application/json"})
            c.check(status == 401, f"a revoked key is answered {status}, not 401: {text[:200]}")

    def screenshots_of_the_day(self):
        c = self.console
        with c.step("screenshots of the overview and the log after the day's events"):
            c.open("/console")
            c.one("svg#overview-chart")
            c.screenshot("00-overview")
            c.screenshot("00-overview-dark", dark=True)
            c.screenshot("00-overview-phone", width=390)
            c.open("/console/log")
            c.check(len(c.all("table#log tr[data-received-event]")) >= 4, "the log lists fewer than the 4 events sent")
            c.screenshot("06-events-log")
            c.screenshot("06-events-log-phone", width=390)
        with c.step("the log pages with a#next-page (2 rows a page)"):
            c.open("/console/log?limit=2")
            first = [row.get_attribute("data-received-event") for row in c.all("table#log tr[data-received-event]")]
            c.check(len(first) == 2, f"a page of 2 shows {len(first)} rows")
            c.submit("a#next-page")  # a link: waits for the next page as for a form's answer
            second = [row.get_attribute("data-received-event") for row in c.all("table#log tr[data-received-event]")]
            c.check(len(second) == 2 and not set(first) & set(second), f"the next page repeats rows or has not 2: {first} then {second}")

    # security

    def refuse_a_post_without_csrf(self):
        c = self.console
        with c.step("a form post without the csrf token is refused with 403"):
            cookie = c.cookie("eventhos_console")
            headers = {"cookie": f"eventhos_console={cookie['value']}", "content-type": "application/x-www-form-urlencoded"}
            body = urllib.parse.urlencode({"identifier": "csrf-less", "name": "No csrf", "type": "SaaS", "class": "producer"})
            for form, label in ((body, "without csrf"), (body + "&csrf=forged", "with a forged csrf")):
                status, _, text = http_request(self.eventhos.base_url, "POST", "/console/systems", form, headers)
                c.check(status == 403, f"a post {label} answered {status}, not 403: {text[:200]}")
                c.check("csrf" in text.lower(), f"the 403 for a post {label} does not mention csrf: {text[:200]}")
            c.open("/console/systems")
            c.check(not c.all('tr[data-id="csrf-less"]'), "the post without csrf created the system")

    def sign_out(self):
        c = self.console
        with c.step("sign out"):
            c.open("/console")
            c.submit_form("form#sign-out")
            c.expect_path("/console/sign-in")
            c.open("/console/systems")
            c.expect_path("/console/sign-in")

    def operator_sees_no_registry_entry_points(self):
        c = self.console
        with c.step("an operator gets no a#new on the registry lists"):
            self.sign_in("operator")
            for kind in LISTS:
                c.open(f"/console/{kind}")
                c.one("table#list")
                c.check(not c.all("a#new"), f"an operator sees a#new on /console/{kind}")
        with c.step("an operator gets form#toggle-pause on a contract's page"):
            for contract in (self.contract, self.breaker_contract):
                c.open(f"/console/contracts/{contract}")
                c.check(c.one("form#toggle-pause").text.startswith("Pause"), f"form#toggle-pause does not offer Pause on {contract}")
            c.open("/console")
            c.submit_form("form#sign-out")
            c.expect_path("/console/sign-in")

    def viewer_sees_no_state_changing_element(self, *received_ids):
        c = self.console
        with c.step("sign in with the viewer token, by keyboard only"):
            c.open("/console")
            c.expect_path("/console/sign-in")
            c.check(c.tab_to("input#token", presses=12), "Tab never reaches input#token")
            c.driver.switch_to.active_element.send_keys(self.eventhos.tokens["viewer"] + Keys.ENTER)
            c.expect_path("/console")
            c.check("viewer" in c.text("span#whoami"), "span#whoami does not name the viewer")
        pages = ["/console"] + [f"/console/{kind}" for kind in LISTS] + [
            f"/console/systems/{self.producer}", f"/console/events/{self.event}", f"/console/actions/{self.action}",
            f"/console/contracts/{self.contract}", f"/console/contracts/{self.breaker_contract}", "/console/log", "/console/dead-letters",
            f"/console/dead-letters/{self.contract}"] + [f"/console/log/{i}" for i in received_ids]
        for path in pages:
            with c.step(f"a viewer sees no [data-mutates] on {path}"):
                c.open(path)
                c.check(c.path == path, f"the viewer was sent to {c.path}")
                c.check(not c.all("[data-mutates]"), f"{len(c.all('[data-mutates]'))} [data-mutates] element(s) for a viewer")
                c.check(not c.foreign_resources(), f"the page loads from elsewhere: {c.foreign_resources()}")
        with c.step("a viewer sees a contract's delivery state and the breaker's, and no form#toggle-pause"):
            c.open(f"/console/contracts/{self.contract}")
            c.one('#pause-state[data-paused="false"]')
            c.check(self.queue_depth() == 0, "the contract's queue is not empty")
            c.check(not c.all("form#toggle-pause"), "a viewer sees form#toggle-pause")
            c.open(f"/console/contracts/{self.breaker_contract}")
            c.one('#pause-state[data-paused="false"]')
            c.one('#breaker-state[data-state="open"]')
            c.check(not c.all("form#toggle-pause"), "a viewer sees form#toggle-pause")
        with c.step("a viewer's own form post (with its csrf) is refused with 403"):
            csrf = c.one('form#sign-out input[name="csrf"]').get_attribute("value")
            headers = {"cookie": f"eventhos_console={c.cookie('eventhos_console')['value']}",
                       "content-type": "application/x-www-form-urlencoded"}
            body = urllib.parse.urlencode({"csrf": csrf, "identifier": "by-a-viewer", "name": "Viewer", "type": "SaaS", "class": "producer"})
            status, _, text = http_request(self.eventhos.base_url, "POST", "/console/systems", body, headers)
            c.check(status == 403, f"a viewer's post answered {status}, not 403: {text[:200]}")
            c.open("/console/systems")
            c.check(not c.all('tr[data-id="by-a-viewer"]'), "the viewer's post created a system")
        with c.step("the admin saw [data-mutates] on those pages (the viewer check is not vacuous)"):
            empty = [path for path in ("/console/systems", f"/console/systems/{self.producer}", f"/console/contracts/{self.contract}",
                                       f"/console/contracts/{self.breaker_contract}",
                                       f"/console/log/{received_ids[0]}", f"/console/dead-letters/{self.contract}")
                     if not self.mutating_pages.get(path)]
            c.check(not empty, f"no [data-mutates] for the admin on {empty}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eventhos", default=".build/debug/eventhos", help="a built eventhos executable")
    parser.add_argument("--screenshots", default=os.environ.get("EVENTHOS_CONSOLE_SCREENSHOTS", ".eventhos/console-screenshots"))
    parser.add_argument("--broker-url", default=os.environ.get("EVENTHOS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f"))
    parser.add_argument("--rabbitmqctl", default=os.environ.get("EVENTHOS_RABBITMQCTL"))
    arguments = parser.parse_args()

    started = time.monotonic()
    print(f"console browser test: {arguments.eventhos} on {arguments.broker_url.split('@')[-1]}", flush=True)
    subscriber = eventhos = console = None
    try:
        with virtual_host(arguments.broker_url, arguments.rabbitmqctl) as broker_url:
            subscriber = Subscriber()
            eventhos = Eventhos(arguments.eventhos, broker_url)
            eventhos.start()
            console = Console(eventhos.base_url, arguments.screenshots)
            try:
                Scenario(console, eventhos, subscriber).run()
            except StepFailed:
                with contextlib.suppress(Exception):
                    console.screenshot("failure")
                raise
            finally:
                console.quit()
                eventhos.stop()
    except StepFailed as failure:
        print(f"FAILED {failure.describe()}", file=sys.stderr)
        if eventhos:
            print(f"eventhos log (last lines):\n{eventhos.log_tail()}", file=sys.stderr)
        if console:
            print(f"screenshots: {arguments.screenshots}", file=sys.stderr)
        return 1
    finally:
        if eventhos:
            eventhos.stop()
            eventhos.remove()
        if subscriber:
            subscriber.stop()
    print(f"console browser test passed in {time.monotonic() - started:.1f} s; screenshots in {arguments.screenshots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
