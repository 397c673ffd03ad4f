"""Stands in for Flytrap while an original SDK runs: serves the browser page and writes each POST it receives to
<out>/<n>-<sdk>.json as {"endpoint", "apiKeyHeader", "body"}. Usage: capture_server.py <port> <out dir> <static dir>."""
import http.server
import json
import os
import sys

PORT, OUT, STATIC = int(sys.argv[1]), sys.argv[2], sys.argv[3]
os.makedirs(OUT, exist_ok=True)


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # quiet: the files are the record
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=STATIC, **kwargs)

    def do_OPTIONS(self):  # the browser SDK posts JSON with x-api-key: a CORS preflight comes first
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.end_headers()

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        sdk = os.environ.get("CAPTURING", "sdk")
        n = len(os.listdir(OUT)) + 1
        with open(os.path.join(OUT, f"{n:02d}-{sdk}.json"), "w") as f:
            json.dump({"endpoint": self.path, "apiKeyHeader": self.headers.get("x-api-key"), "body": body}, f, indent=2)
            f.write("\n")
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b"{}")


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
