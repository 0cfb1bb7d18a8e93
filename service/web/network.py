"""GET /reports/network.json: the accountability network (service.answers.network), with each node's page.

The who-owns-what page draws it whole, a body's page focused on the body
(``?body=IRI``); the home page shows a thumbnail drawn here as SVG from the
same positions.
"""

from __future__ import annotations

from flask import Blueprint, current_app

from ..answers import network, to_json
from ..errors import UserError
from ..publish import page_url
from . import service
from .http import url_params, values
from .twins import twin_response

bp = Blueprint("network", __name__)
THUMBNAIL_WIDTH = 360  # pixels


def document(focus: str | None = None) -> dict:
    """The network, every node that has an IRI given the URL of its page."""
    svc, base = service(), current_app.config["BASE"]
    doc = network(svc.store, svc.catalogue, focus)
    for node in doc["nodes"]:
        if "iri" in node:
            node["page"] = page_url(node["iri"], base)
    return doc


@bp.get("/reports/network.json")
def network_json():
    """The network as JSON; ``?body=IRI`` focuses it on one body (404 for a body the data does not have)."""
    given = values(url_params(), "body")
    if len(given) > 1:
        raise UserError(f"give at most one body, not {len(given)}")
    return twin_response(to_json(document(given[0] if given else None)), "json", [], False)


def in_words(doc: dict) -> dict:
    """What the drawing shows, as lists: each action with its owners by role and the weaknesses it answers."""
    by_id = {n["id"]: n for n in doc["nodes"]}
    actions = []
    for node in (n for n in doc["nodes"] if n["kind"] == "action"):
        owners = {role: [by_id[e["source"]] for e in doc["edges"] if e["target"] == node["id"] and e["kind"] == role]
                  for role in doc["roles"]}
        answers = [by_id[e["target"]] for e in doc["edges"] if e["source"] == node["id"] and e["kind"] == "answers"]
        actions.append({"node": node, "owners": owners, "answers": answers})
    return {"actions": actions,
            "unanswered": [n for n in doc["nodes"] if "unanswered" in n.get("flags", [])],
            "criticised": [n for n in doc["nodes"] if "criticised-no-role" in n.get("flags", [])]}


def thumbnail(doc: dict) -> dict:
    """The network's nodes and edges scaled to THUMBNAIL_WIDTH, for an SVG without labels."""
    placed = {n["id"]: n for n in doc["nodes"] if "x" in n}
    xs, ys = [n["x"] for n in placed.values()], [n["y"] for n in placed.values()]
    left, top = min(xs), min(ys)
    scale = THUMBNAIL_WIDTH / max(1, max(xs) - left)

    def at(node):
        return round((node["x"] - left) * scale + 6, 1), round((node["y"] - top) * scale + 6, 1)

    nodes = [{"xy": at(n), "kind": n["kind"], "flags": n.get("flags", [])} for n in placed.values()]
    edges = [{"from": at(placed[e["source"]]), "to": at(placed[e["target"]]), "kind": e["kind"]}
             for e in doc["edges"] if e["kind"] != "concerns"]
    return {"width": THUMBNAIL_WIDTH + 12, "height": round((max(ys) - top) * scale + 12), "nodes": nodes,
            "edges": edges}
