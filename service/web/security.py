"""Content-Security-Policy: an HTML page may load scripts, styles, images and data from the service's own origin only.

Pages carry no inline script or style of their own (configuration travels in
``<script type="application/json">`` data blocks, which browsers never run),
so the policy needs no 'unsafe-inline'. Two pages are given hashes of inline
styles that code they embed writes:

* the query editor: YASGUI's results table (column-resizer) adds two constant
  ``<style>`` elements, listed in ``EDITOR_STYLES`` by their SHA-256;
* the ontology's documentation: pyLODE writes one ``<style>`` block, hashed
  from the page itself.
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Response

HEADER = "Content-Security-Policy"
DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",   # data: for the icons of YASGUI's stylesheet and pyLODE's page
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# column-resizer (bundled in YASGUI 4.6.2's table) writes its grip rules on every table it draws, and a
# cursor rule while a column is dragged; each is a constant string, so each has one hash.
EDITOR_STYLES = ("sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=",)
EDITOR_LITERAL_STYLES = ("*{cursor:col-resize!important}",)
STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def style_hash(css: str) -> str:
    """The CSP source expression of an inline style's text."""
    return "sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")


def editor_style_hashes() -> tuple[str, ...]:
    return EDITOR_STYLES + tuple(style_hash(css) for css in EDITOR_LITERAL_STYLES)


def page_style_hashes(html: str) -> tuple[str, ...]:
    """The hashes of the ``<style>`` blocks of a page written by other code (pyLODE's)."""
    return tuple(style_hash(css) for css in STYLE_BLOCK.findall(html))


def policy(style_hashes: tuple[str, ...] = ()) -> str:
    """The header's value; ``style_hashes`` are allowed as inline styles."""
    directives = dict(DIRECTIVES)
    if style_hashes:
        directives["style-src"] += "".join(f" '{h}'" for h in style_hashes)
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_policy(response: Response, style_hashes: tuple[str, ...]) -> Response:
    """Give one response a policy of its own (allowing these inline styles)."""
    response.headers[HEADER] = policy(style_hashes)
    return response


def add_policy(response: Response) -> Response:
    """Every HTML response gets the policy, unless its view set one; no response is sniffed as another type."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html" and HEADER not in response.headers:
        response.headers[HEADER] = policy()
    return response
