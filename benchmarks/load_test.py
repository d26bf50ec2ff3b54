"""Load test: concurrent visitors and members against a running `make serve`, then a check that
every write the site acknowledged is in the database.

Run it beside the server, with the server's environment (it reads the same database to prepare
member accounts and nominations, and to check the writes afterwards):

    make serve &                                  # or the production service
    DJANGO_SECRET_KEY=... DATABASE_URL=... .venv/bin/python benchmarks/load_test.py \\
        --base-url http://127.0.0.1:8000 --duration 60 --clients 32

It only talks to the address given (loopback by default), stops by itself after ``--duration``
seconds (each request has its own timeout), and prints a table per kind of request (count,
p50, p95, max, statuses), the throughput, every 5xx, and the write check. The exit status is 1
when any request got a 5xx or an acknowledged write is missing.

It writes to the database it is given: reviews (summaries starting with "Load test") and votes
by the accounts ``loadtest-member-N``, on a few nominations it opens. Use a staging copy, not the
group's real site.
"""

import argparse
import collections
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from reviews.models import Category, Nomination, Paper, Review, Vote  # noqa: E402

PASSWORD = "load test passphrase 2026"
SEARCH_WORDS = ["network", "transformer", "residual", "attention", "detection", "증류", "residul"]


def prepare(members: int):
    """Member accounts, a few open nominations, and what the visitors will ask for."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = []
    for index in range(members):
        user, created = User.objects.get_or_create(username=f"loadtest-member-{index}")
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        users.append(user)
    # Slugs may be Korean: quoted, they go into paths and the Referer header as ASCII.
    papers = [
        urllib.parse.quote(slug)
        for slug in Paper.objects.order_by("pk").values_list("slug", flat=True)[:400]
    ]
    if not papers:
        sys.exit("The catalog is empty: load the demo first (manage.py load_demo --if-empty).")
    open_nominations = list(Nomination.objects.open().values_list("pk", flat=True)[:6])
    for paper in Paper.objects.exclude(nominations__status__in=["open", "scheduled"])[
        : max(0, 6 - len(open_nominations))
    ]:
        nomination = Nomination.objects.create(
            paper=paper, nominated_by=users[0], reason="Load test"
        )
        open_nominations.append(nomination.pk)
    topics = [
        urllib.parse.quote(slug) for slug in Category.objects.values_list("slug", flat=True)[:20]
    ]
    return users, papers, open_nominations, topics


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = collections.defaultdict(list)
        self.statuses = collections.defaultdict(collections.Counter)
        self.server_errors = []
        self.failures = []

    def record(self, kind, status, seconds, url):
        with self.lock:
            self.times[kind].append(seconds)
            self.statuses[kind][status] += 1
            if status >= 500:
                self.server_errors.append((status, url))

    def fail(self, kind, error, url):
        with self.lock:
            self.failures.append((kind, type(error).__name__, url))
            self.statuses[kind]["error"] += 1


class Client:
    def __init__(self, base_url, stats, timeout):
        self.base = base_url.rstrip("/")
        self.session = requests.Session()
        self.stats = stats
        self.timeout = timeout

    def request(self, kind, method, path, **kwargs):
        url = self.base + path
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, url, timeout=self.timeout, allow_redirects=False, **kwargs
            )
        except requests.RequestException as error:
            self.stats.fail(kind, error, url)
            return None
        self.stats.record(kind, response.status_code, time.perf_counter() - started, url)
        return response

    def post_form(self, kind, path, data):
        token = self.session.cookies.get("csrftoken", "")
        return self.request(
            kind,
            "POST",
            path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": self.base + path},
        )


def visitor_loop(client, deadline, papers, topics, rng):
    while time.monotonic() < deadline:
        choice = rng.random()
        if choice < 0.12:
            client.request("home", "GET", "/")
        elif choice < 0.30:
            page = rng.choice(["", "?page=2", "?page=5", "?sort=title"])
            client.request("catalog", "GET", "/papers/" + page)
        elif choice < 0.40 and topics:
            client.request("catalog filtered", "GET", f"/papers/?topic={rng.choice(topics)}")
        elif choice < 0.60:
            query = urllib.parse.quote(rng.choice(SEARCH_WORDS))
            client.request("search", "GET", f"/papers/?q={query}")
        elif choice < 0.82:
            client.request("paper page", "GET", f"/papers/{rng.choice(papers)}/")
        elif choice < 0.94:
            query = urllib.parse.quote(rng.choice(SEARCH_WORDS))
            client.request("API", "GET", f"/api/papers/?q={query}")
        else:
            client.request("stats", "GET", "/stats/")


def member_loop(client, deadline, username, papers, nominations, rng, written):
    client.request("login", "GET", "/accounts/login/")
    response = client.post_form(
        "login", "/accounts/login/", {"username": username, "password": PASSWORD}
    )
    if response is None or response.status_code != 302:
        return
    sequence = 0
    while time.monotonic() < deadline:
        choice = rng.random()
        if choice < 0.35:
            slug = rng.choice(papers)
            form = f"/papers/{slug}/reviews/new/"
            if client.request("review form", "GET", form) is None:
                continue
            sequence += 1
            summary = f"Load test {username} #{sequence}"
            response = client.post_form(
                "review post",
                form,
                {
                    "summary": summary,
                    "body": f"Written under load: $x^{sequence}$.",
                    "visibility": rng.choice(["public", "members"]),
                    "status": "published",
                },
            )
            if response is not None and response.status_code == 302:
                match = re.search(r"/reviews/(\d+)/", response.headers.get("Location", ""))
                if match:
                    written["reviews"].append((int(match.group(1)), summary))
        elif choice < 0.75 and nominations:
            nomination = rng.choice(nominations)
            action = rng.choice(["vote", "withdraw"])
            response = client.post_form(
                "vote post", f"/queue/{nomination}/vote/", {"action": action}
            )
            if response is not None and response.status_code == 302:
                # One thread per member: the last acknowledged action is the state to find.
                written["votes"][(username, nomination)] = action
        else:
            client.request("queue", "GET", "/queue/")


def guarded(stats, target, *args):
    """A client that breaks is a failure of the run, not a thread that quietly stops."""
    try:
        target(*args)
    except Exception as error:  # noqa: BLE001
        stats.fail(target.__name__, error, "(client stopped)")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def check_writes(written):
    missing = []
    for pk, summary in written["reviews"]:
        if not Review.objects.filter(pk=pk, summary=summary).exists():
            missing.append(f"review {pk} ({summary})")
    wrong = []
    for (username, nomination), action in written["votes"].items():
        exists = Vote.objects.filter(nomination_id=nomination, user__username=username).exists()
        if exists != (action == "vote"):
            wrong.append(f"vote of {username} on nomination {nomination}: last said {action}")
    return missing, wrong


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--members", type=int, default=8, help="of which members (8)")
    parser.add_argument("--timeout", type=float, default=30, help="per request, in seconds")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base_url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The load test only targets this machine (127.0.0.1, localhost or ::1).")

    users, papers, nominations, topics = prepare(min(args.members, args.clients))
    stats = Stats()
    written = {"reviews": [], "votes": {}}
    deadline = time.monotonic() + args.duration
    threads = []
    for index in range(args.clients):
        rng = random.Random(args.seed * 1000 + index)
        client = Client(args.base_url, stats, args.timeout)
        if index < len(users):
            target = member_loop
            targs = (client, deadline, users[index].username, papers, nominations, rng, written)
        else:
            target = visitor_loop
            targs = (client, deadline, papers, topics, rng)
        threads.append(threading.Thread(target=guarded, args=(stats, target, *targs), daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()) + args.timeout + 5)
    elapsed = time.monotonic() - started

    total = sum(len(values) for values in stats.times.values())
    print(
        f"{args.clients} clients ({len(users)} members) for {elapsed:.0f} s against {args.base_url}"
    )
    print()
    print("| request | count | p50 ms | p95 ms | max ms | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    for kind in sorted(stats.times):
        values = stats.times[kind]
        statuses = ", ".join(
            f"{code}: {n}" for code, n in sorted(stats.statuses[kind].items(), key=str)
        )
        print(
            f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{percentile(values, 0.95) * 1000:.0f} | {max(values) * 1000:.0f} | {statuses} |"
        )
    print()
    print(f"Throughput: {total / elapsed:.1f} requests/s, {total} requests in all.")
    print(f"5xx responses: {len(stats.server_errors)}; connection errors: {len(stats.failures)}")
    for status, url in stats.server_errors[:20]:
        print(f"  {status} {url}")
    for kind, error, url in stats.failures[:20]:
        print(f"  {kind}: {error} {url}")
    missing, wrong = check_writes(written)
    print(
        f"Acknowledged writes: {len(written['reviews'])} reviews, "
        f"{len(written['votes'])} final vote states; missing or wrong: {len(missing) + len(wrong)}"
    )
    for line in (missing + wrong)[:20]:
        print("  " + line)
    failed = stats.server_errors or stats.failures or missing or wrong
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
