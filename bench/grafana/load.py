"""Real traffic for bench/grafana-panels.sh: a project made through the API, a source map for it, then for the given
number of seconds ~10 accepted events a second (a few issues, some through the source map) with refusals mixed in
(unknown key, too large, not JSON) and one poison event (refused by the constraint the script adds). Stdlib only."""
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

base, admin_token, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])


def call(method, path, body=None, headers=None):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


admin = {"Authorization": "Bearer " + admin_token, "content-type": "application/json"}
status, created = call("POST", "/api/v1/projects", {"name": "Bench shop", "platform": "javascript"}, admin)
assert status == 201, (status, created)
project = json.loads(created)
project_id, key = project["id"], project["key"]["publicKey"]
source_map = json.dumps({"version": 3, "file": "app.min.js", "sources": ["src/app.js"], "names": ["run"],
                         "mappings": "AAAA", "sourcesContent": ["function run() { throw new Error('boom') }"]}).encode()
status, body = call("POST", "/api/v1/projects/%d/artifacts?name=~/static/app.min.js&release=1.0" % project_id,
                    source_map, {"Authorization": "Bearer " + admin_token, "content-type": "application/json"})
assert status == 201, (status, body)


def event(message, release="1.0"):
    return {"data": {"error": {"name": "Error", "message": message,
                               "stack": "Error: %s\n    at run (https://shop.example/static/app.min.js:1:1)" % message},
                     "project_id": project_id, "release": release, "handled": True, "event_id": str(uuid.uuid4())}}


def send(payload, api_key=key):
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return call("POST", "/api/errors", data, {"x-api-key": api_key, "content-type": "application/json"})[0]


counts = {}
end = time.time() + seconds
tick = 0
poisoned = False
while time.time() < end:
    tick += 1
    status = str(send(event("checkout failed %d" % (tick % 4))))
    counts[status] = counts.get(status, 0) + 1
    if tick % 20 == 0:  # refusals, well under the failure budget (60 per address and minute)
        for refused in (send(event("who am I"), "not-a-key-%d" % tick), send(b"{not json"),
                        send(json.dumps(event("x" * 20_000)).encode())):
            counts[str(refused)] = counts.get(str(refused), 0) + 1
    if not poisoned and tick > 50:
        counts["poison"] = send(event("poison", release="poison@1"))
        poisoned = True
    time.sleep(0.1)
print("traffic (answers by HTTP status):", json.dumps(counts, sort_keys=True))
