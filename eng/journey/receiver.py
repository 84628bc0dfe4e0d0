"""A webhook receiver for the user journey: records each POST (path, Idempotency-Key, body) as a JSON line."""
import http.server, json, sys

log = sys.argv[1]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
        with open(log, "a") as f:
            f.write(json.dumps({"path": self.path, "key": self.headers.get("Idempotency-Key"), "body": body}) + "\n")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_port, flush=True)
server.serve_forever()
