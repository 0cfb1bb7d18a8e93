"""The framework ceiling for benchmarks/endpoint.py: a bare Flask app with one route.

    GET /hello -> "hello"

Served under the same WSGI server and settings as `inspection-kg serve`, it is
the fastest any Flask view can answer there: what the SPARQL endpoint's
request rate is measured against.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello():
    return "hello"
