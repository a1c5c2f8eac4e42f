"""`--online` (L007) against a local HTTP server on 127.0.0.1 started by the tests.

No test reaches any other address: JD host names are resolved to 127.0.0.1 by a resolver the
tests install (monkeypatch), and the one subprocess test uses plain 127.0.0.1 links.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("httpx")

from jdcheck import online  # noqa: E402
from jdcheck.cli import main  # noqa: E402
from tests.folders import SHEET, SKUS, check, gb_row, groupbuy  # noqa: E402

REMOVED_SKU = "100000000001"  # JD answers 302 → www.jd.com (home page)
DELISTED_SKU = "100000000002"  # JD answers 302 → search.jd.com (a search for similar items)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()  # "host path" -> requests
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.flaky_left = 1

    @property
    def port(self) -> int:
        return self.server_address[1]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):  # keep pytest's output clean
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        host = (self.headers.get("Host") or "").split(":")[0]
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.hits[f"{host} {path}"] += 1
        self._answer(host, path)

    def _answer(self, host: str, path: str) -> None:
        port = self.server.port
        if path == f"/{REMOVED_SKU}.html":  # JD's answer for a removed item: off to the home page
            return self._send(302, location=f"http://www.jd.com:{port}/")
        if path == f"/{DELISTED_SKU}.html":
            return self._send(302, location=f"http://search.jd.com:{port}/Search?keyword=x")
        if path == "/away":
            return self._send(302, location=f"http://evil.example:{port}/")
        if path == "/loop":
            return self._send(302, location="/loop")
        if path in ("/403", "/429", "/404"):
            return self._send(int(path[1:]))
        if path == "/flaky":
            with self.server.lock:
                first = self.server.flaky_left > 0
                self.server.flaky_left -= 1
            return self._send(503 if first else 200)
        if path == "/slow":
            time.sleep(1.5)
        if path.startswith("/busy"):
            # Counted until just before the answer: the client cannot send its next request
            # before it has the answer, so this is the client's concurrency.
            server = self.server
            with server.lock:
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            time.sleep(0.15)
            with server.lock:
                server.in_flight -= 1
        self._send(200)

    def _send(self, status: int, location: str | None = None) -> None:
        body = b"<html>jd</html>"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client closed without reading: it never reads bodies
            pass


@pytest.fixture
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def jd_to_localhost(monkeypatch):
    """Every host name resolves to 127.0.0.1; returns the list of names asked for."""
    asked: list[str] = []

    def resolve(host, port):
        asked.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(online, "system_resolver", resolve)
    return asked


def _rules(tmp_path: Path, **online_rules) -> Path:
    settings = {"timeout": 0.5, "retries": 1, "backoff": 0.01, "per_host_per_second": 200} | online_rules
    lines = ["extends: groupbuy", "online:"] + [f"  {key}: {json.dumps(value)}" for key, value in settings.items()]
    path = tmp_path / "online-rules.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _folder(tmp_path: Path, port: int, links: list[str] = (), product_links: dict[str, str] | None = None) -> Path:
    product_links = product_links or {}
    rows = [
        gb_row(sku, product_link=product_links.get(sku, f"http://item.jd.com:{port}/{sku}.html"),
               shop_link=f"http://mall.jd.com:{port}/index-1000001.html",
               **({"title": "红蜻蜓 牛皮系带 马丁靴 RQT-2315"} if sku == SKUS[1] else {}))
        for sku in SKUS
    ]
    files = {"links.txt": "\n".join(links) + "\n"} if links else None
    return groupbuy(tmp_path / "f", rows, files=files)


def _online(folder: Path, rules: Path, *, allow_private: bool = True):
    from jdcheck.engine import Options, run
    from jdcheck.rulefile import load_rules
    from tests.folders import TODAY

    return run(load_rules(rules), folder, Options(today=TODAY, lang="en", online=True, allow_private=allow_private))


def _l007(report) -> dict[tuple[str, int | None], tuple[str, str]]:
    return {(f.file, f.row): (f.severity.value, f.actual) for f in report.findings if f.code == "L007"}


def test_working_links_pass_and_each_url_is_fetched_once(tmp_path, server, jd_to_localhost):
    port = server.port
    item = f"http://item.jd.com:{port}/{SKUS[0]}.html"
    folder = _folder(tmp_path, port, links=[f"商品: {item}", f"商品: {item}"])
    report = _online(folder, _rules(tmp_path))
    assert _l007(report) == {}
    assert "L007" in report.checked
    # The same product link in the sheet and twice in links.txt: one request.
    assert server.hits[f"item.jd.com /{SKUS[0]}.html"] == 1
    assert server.hits["mall.jd.com /index-1000001.html"] == 1  # two rows, one shop link


@pytest.mark.parametrize(("sku", "lands_on"), [(REMOVED_SKU, "www.jd.com /"), (DELISTED_SKU, "search.jd.com /Search")])
def test_removed_item_redirected_away_from_its_page_is_l007(tmp_path, server, jd_to_localhost, sku, lands_on):
    port = server.port
    removed = f"http://item.jd.com:{port}/{sku}.html"
    folder = _folder(tmp_path, port, product_links={SKUS[0]: removed})
    report = _online(folder, _rules(tmp_path), allow_private=True)
    found = [f for f in report.findings if f.code == "L007"]
    assert [(f.file, f.row, f.severity.value) for f in found] == [(SHEET, 4, "error")]
    host = lands_on.split()[0]
    assert f"{host}:{port}/" in found[0].message and found[0].actual == removed
    assert server.hits[lands_on] == 1  # the redirect was followed (and checked) hop by hop


@pytest.mark.parametrize(
    ("path", "severity", "words"),
    [
        ("/404", "error", "HTTP 404"),
        ("/403", "warning", "Could not verify"),
        ("/429", "warning", "Could not verify"),
        ("/slow", "error", "no answer within 0.5 s"),
        ("/loop", "error", "more than 5 redirects"),
        ("/away", "error", "redirects away from the item/shop page (to http://evil.example"),
    ],
)
def test_answers_and_their_findings(tmp_path, server, jd_to_localhost, path, severity, words):
    port = server.port
    folder = _folder(tmp_path, port, links=[f"http://www.jd.com:{port}{path}"])
    report = _online(folder, _rules(tmp_path, retries=0))
    found = [f for f in report.findings if f.code == "L007"]
    assert [(f.file, f.row, f.severity.value) for f in found] == [("links.txt", 1, severity)]
    assert words in found[0].message
    assert "evil.example" not in jd_to_localhost  # a host off the allowlist is not even resolved


def test_a_5xx_is_retried_with_backoff(tmp_path, server, jd_to_localhost):
    port = server.port
    folder = _folder(tmp_path, port, links=[f"http://www.jd.com:{port}/flaky"])
    report = _online(folder, _rules(tmp_path, retries=2, backoff=0.05))
    assert _l007(report) == {}
    assert server.hits["www.jd.com /flaky"] == 2


def test_private_addresses_are_refused_without_allow_private(tmp_path, server, jd_to_localhost):
    port = server.port
    folder = _folder(tmp_path, port)
    report = _online(folder, _rules(tmp_path), allow_private=False)
    assert {key: sev for key, (sev, _) in _l007(report).items()} == {
        (SHEET, 4): "warning", (SHEET, 5): "warning"}
    assert "private" in next(f.message for f in report.findings if f.code == "L007")
    assert sum(server.hits.values()) == 0  # resolved, refused, never connected


def test_hosts_off_the_allowlist_are_never_contacted(tmp_path, server, jd_to_localhost):
    folder = _folder(tmp_path, server.port, links=[f"http://127.0.0.1:{server.port}/x", "https://example.com/a"])
    report = _online(folder, _rules(tmp_path))
    assert not [f for f in report.findings if f.code == "L007" and f.file == "links.txt"]
    assert not [h for h in server.hits if h.startswith(("127.0.0.1", "example.com"))]
    assert "example.com" not in jd_to_localhost and "127.0.0.1" not in jd_to_localhost


def test_concurrency_and_per_host_pace_are_bounded(tmp_path, server, jd_to_localhost):
    port = server.port
    links = [f"http://www.jd.com:{port}/busy{i}" for i in range(8)]
    folder = _folder(tmp_path, port, links=links)
    started = time.monotonic()
    report = _online(folder, _rules(tmp_path, max_concurrency=2, per_host_per_second=20))
    elapsed = time.monotonic() - started
    assert _l007(report) == {}
    assert server.max_in_flight <= 2
    assert elapsed >= 7 / 20  # 8 requests to www.jd.com at most 20 per second


def test_offline_by_default(tmp_path, server, jd_to_localhost):
    folder = _folder(tmp_path, server.port, product_links={SKUS[0]: f"http://item.jd.com:{server.port}/{REMOVED_SKU}.html"})
    report = check(folder)
    assert "L007" not in report.checked and _l007(report) == {}
    assert sum(server.hits.values()) == 0 and jd_to_localhost == []


@pytest.mark.parametrize(
    ("address", "blocked"),
    [("127.0.0.1", True), ("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True),
     ("169.254.169.254", True), ("0.0.0.0", True), ("100.64.0.1", True), ("::1", True),
     ("fe80::1%eth0", True), ("fc00::1", True), ("::ffff:127.0.0.1", True), ("224.0.0.1", True),
     ("111.13.100.91", False), ("2408:8756::1", False)],
)
def test_blocked_addresses(address, blocked):
    assert online.blocked_address(address) is blocked


def test_allowlist_matches_hosts_and_subdomains_only():
    assert online.host_allowed("item.jd.com", ("jd.com",))
    assert online.host_allowed("JD.COM.", ("jd.com",))
    assert not online.host_allowed("evil-jd.com", ("jd.com",))
    assert not online.host_allowed("jd.com.evil.cn", ("jd.com",))


def test_cli_online_in_a_subprocess(tmp_path, server):
    """The real command, links straight to 127.0.0.1 (an allowlist of just that address)."""
    folder = groupbuy(tmp_path / "f", files={"links.txt": f"http://127.0.0.1:{server.port}/404\n"})
    rules = _rules(tmp_path, hosts=["127.0.0.1", "jd.com"])
    # The sheet's jd.com links would need real DNS: without the sheet, the only link is 127.0.0.1.
    folder.joinpath(SHEET).unlink()
    args = [sys.executable, "-m", "jdcheck", "check", str(folder), "--type", "groupbuy", "--rules", str(rules),
            "--online", "--allow-private", "--format", "json", "--select", "L007", "--today", "2026-11-25"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    assert [(f["code"], f["file"], f["row"]) for f in document["findings"]] == [("L007", "links.txt", 1)]
    assert server.hits["127.0.0.1 /404"] == 1  # a 404 is final: only 5xx and timeouts are retried


def test_without_httpx_online_is_a_one_line_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "httpx", None)  # import httpx -> ImportError
    folder = groupbuy(tmp_path)
    assert main(["groupbuy", str(folder), "--online"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "jdcheck[online]" in err
    assert main(["groupbuy", str(folder)]) in (0, 1)  # offline runs never need it


def test_allow_private_needs_online(tmp_path, capsys):
    assert main(["groupbuy", str(groupbuy(tmp_path)), "--allow-private"]) == 2
    assert "--online" in capsys.readouterr().err


def test_links_over_the_per_run_limit_are_not_fetched(tmp_path, server, jd_to_localhost):
    port = server.port
    folder = _folder(tmp_path, port, links=[f"http://www.jd.com:{port}/busy{i}" for i in range(3)])
    report = _online(folder, _rules(tmp_path, max_links=2))
    unverified = [f for f in report.findings if f.code == "L007"]
    assert unverified and all(f.severity.value == "warning" and "max_links" in f.message for f in unverified)
    assert sum(server.hits.values()) == 2
