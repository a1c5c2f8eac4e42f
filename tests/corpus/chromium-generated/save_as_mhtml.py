"""Save a page as Chrome does ("网页，单个文件") with real Chromium: headless, CDP over a pipe,
the page served at its real JD address through Fetch interception (no network)."""
import base64, json, os, subprocess, sys, tempfile

def main(html_path, url, out_path, chromium="/usr/bin/chromium"):
    body = open(html_path, "rb").read()
    r1, w1 = os.pipe()  # we write -> chrome fd 3
    r2, w2 = os.pipe()  # chrome fd 4 -> we read
    def child():
        os.dup2(r1, 3); os.dup2(w2, 4)
    profile = tempfile.mkdtemp()
    proc = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                             f"--user-data-dir={profile}", "--no-first-run", "about:blank"],
                            pass_fds=(3, 4), preexec_fn=child, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # the child has its own copies after dup2; close the ends we do not use
    os.close(r1); os.close(w2)
    out = os.fdopen(w1, "wb", buffering=0); inp = os.fdopen(r2, "rb", buffering=0)
    buf = b""; counter = [0]
    def send(method, params=None, session=None):
        counter[0] += 1
        msg = {"id": counter[0], "method": method, "params": params or {}}
        if session: msg["sessionId"] = session
        out.write(json.dumps(msg).encode() + b"\0")
        return counter[0]
    def messages():
        nonlocal buf
        while True:
            while b"\0" not in buf:
                chunk = inp.read(65536)
                if not chunk: raise SystemExit("chrome closed the pipe")
                buf += chunk
            raw, buf = buf.split(b"\0", 1)
            yield json.loads(raw)
    stream = messages()
    def wait(id_, session=None):
        for m in stream:
            handle(m, session)
            if m.get("id") == id_:
                if "error" in m: raise SystemExit(m["error"])
                return m["result"]
    state = {"loaded": False}
    def handle(m, session):
        if m.get("method") == "Fetch.requestPaused":
            p = m["params"]
            if p["request"]["url"].split("#")[0] == url:
                send("Fetch.fulfillRequest", {"requestId": p["requestId"], "responseCode": 200,
                     "responseHeaders": [{"name": "Content-Type", "value": "text/html; charset=utf-8"}],
                     "body": base64.b64encode(body).decode()}, m.get("sessionId"))
            else:
                send("Fetch.failRequest", {"requestId": p["requestId"], "errorReason": "Failed"}, m.get("sessionId"))
        elif m.get("method") == "Page.loadEventFired":
            state["loaded"] = True
    target = wait(send("Target.createTarget", {"url": "about:blank"}))["targetId"]
    session = wait(send("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
    wait(send("Page.enable", {}, session))
    wait(send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session))
    wait(send("Page.navigate", {"url": url}, session))
    for m in stream:
        handle(m, session)
        if state["loaded"]: break
    data = wait(send("Page.captureSnapshot", {"format": "mhtml"}, session))["data"]
    open(out_path, "wb").write(data.encode("utf-8"))
    version = wait(send("Browser.getVersion"))["product"]
    send("Browser.close"); proc.wait(timeout=20)
    print(version, len(data))

if __name__ == "__main__":
    main(*sys.argv[1:4])
