"""The accountability network: bodies, areas for improvement and the weaknesses they answer, laid out for reading.

One document (``network``), computed from the reports (who owns what, actions,
findings, coverage), that the who-owns-what page draws in full and each body's
page draws focused on that body:

* nodes: every body, the areas for improvement grouped by timescale, every
  weakness (grouped under the first action that answers it, or in the block of
  weaknesses no action answers); criticised bodies with no role, and
  unanswered weaknesses, are flagged as the coverage report finds them;
* edges: a body's role in an action (accountable, responsible, partner), an
  action answering a weakness, and a weakness concerning a body;
* a position for every node: columns (bodies, actions, weaknesses in a grid
  beside their action), so that at zoom 1 no two labels overlap and the
  smallest label is ``WEAKNESS_FONT`` pixels high.
"""

from __future__ import annotations

from ..errors import NotFound
from ..store import Store
from .catalogue import Catalogue
from .reports import actions_report, coverage_report, findings_report, who_owns_what_report

ROLES = ("accountable", "responsible", "partner")
BODY_FONT, ACTION_FONT, WEAKNESS_FONT = 12, 12, 11  # label sizes, pixels at zoom 1
BODY_ROW = 24            # vertical distance between bodies
OTHER_COLUMN_W = 330     # the distance between those columns (a label runs leftwards up to ~260 px)
ACTION_X = 320           # the action column, right of the bodies (whose labels run leftwards from x=0)
GRID_X = ACTION_X + 70   # the first weakness beside an action
CELL_W, CELL_H, PER_ROW = 60, 24, 6  # the weakness grid: rows below the action's line, which its edges follow
GRID_DROP = 16           # the first row of an action's weaknesses sits this far below the action
ACTION_GAP, GROUP_GAP = 12, 44        # between actions; between groups (room for a group's label)
OTHER_COLUMNS = 3        # the bodies with no role and no criticism, in columns under the rest
CRITICISED = "CriticisedBodyHasARole"  # the coverage shape naming a criticised body with no role


def finding_label(iri: str) -> str:
    """'…/finding/36-7' -> '36.7' (paragraph.sentence, a letter when a sentence holds several findings)."""
    return iri.rsplit("/", 1)[-1].replace("-", ".")


def _graph(store: Store, catalogue: Catalogue) -> tuple[list[dict], list[dict], list[dict], set[str]]:
    bodies = who_owns_what_report(store, catalogue).data["bodies"]
    actions = actions_report(store, catalogue).data["actions"]
    weaknesses = [f for f in findings_report(store, catalogue).data["findings"] if f["kind"] == "weakness"]
    criticised = {r["focus"] for r in coverage_report(store, catalogue).data["results"]
                  if r["shape"].endswith("#" + CRITICISED)}
    return bodies, actions, weaknesses, criticised


def network(store: Store, catalogue: Catalogue, focus: str | None = None) -> dict:
    """The network document, whole or focused on one body (its actions, their weaknesses, the weaknesses about it)."""
    bodies, actions, weaknesses, criticised = _graph(store, catalogue)
    keys = dict(zip(ROLES, ("accountable", "responsible", "partners")))  # the actions report's names for the roles
    roles = sorted({(a["iri"], b["iri"], role) for a in actions for role in ROLES for b in a[keys[role]]})
    if focus is not None:
        if focus not in {b["iri"] for b in bodies}:
            raise NotFound(f"no body <{focus[:200]}> in this dataset")
        about = {w["iri"] for w in weaknesses if focus in {b["iri"] for b in w["bodies"]}}
        kept_actions = {a for (a, b, _) in roles if b == focus}
        kept_actions |= {a for w in weaknesses if w["iri"] in about for a in w["answered_by"]}
        actions = [a for a in actions if a["iri"] in kept_actions]
        weaknesses = [w for w in weaknesses if w["iri"] in about or set(w["answered_by"]) & kept_actions]
        involved = {b for (a, b, _) in roles if a in kept_actions} | {focus}
        bodies = [b for b in bodies if b["iri"] in involved]
    kept = {a["iri"] for a in actions}
    nodes, edges = _nodes(bodies, actions, weaknesses, roles, criticised, kept, focus), []
    for action, body, role in roles:
        if action in kept and any(n["id"] == body for n in nodes):
            edges.append({"id": f"{role}:{body}>{action}", "source": body, "target": action, "kind": role})
    shown = {n["id"] for n in nodes}
    for w in weaknesses:
        for action in w["answered_by"]:
            if action in kept:
                edges.append({"id": f"answers:{action}>{w['iri']}", "source": action, "target": w["iri"],
                              "kind": "answers"})
        for body in w["bodies"]:
            if body["iri"] in shown and (focus is None or body["iri"] == focus):
                edges.append({"id": f"concerns:{w['iri']}>{body['iri']}", "source": w["iri"],
                              "target": body["iri"], "kind": "concerns"})
    timescales = []
    for a in actions:
        if (a["timescale"], a["due_date"]) not in [(t["label"], t["due_date"]) for t in timescales]:
            timescales.append({"label": a["timescale"], "due_date": a["due_date"]})
    xs, ys = [n["x"] for n in nodes if "x" in n], [n["y"] for n in nodes if "y" in n]
    return {"focus": focus, "nodes": nodes, "edges": edges, "roles": list(ROLES), "timescales": timescales,
            "bodies": [{"iri": b["iri"], "label": b["label"]} for b in bodies],
            "counts": {"bodies": len(bodies), "actions": len(actions), "weaknesses": len(weaknesses),
                       "unanswered": sum(1 for w in weaknesses if not w["answered_by"]),
                       "criticised_without_role": sum(1 for b in bodies if b["iri"] in criticised
                                                      and not _has_role(b))},
            "fonts": {"body": BODY_FONT, "action": ACTION_FONT, "weakness": WEAKNESS_FONT},
            "extent": {"width": max(xs, default=0) - min(xs, default=0),
                       "height": max(ys, default=0) - min(ys, default=0)}}


def _has_role(body: dict) -> bool:
    return any(body[role] for role in ROLES)


def _nodes(bodies, actions, weaknesses, roles, criticised, kept, focus) -> list[dict]:
    """Every node with its position: the actions and their weakness grids first, then the bodies beside them."""
    nodes: list[dict] = []
    placed: dict[str, float] = {}  # action iri -> its y
    y = 0.0
    first_action = {}
    for w in weaknesses:
        answering = [a for a in w["answered_by"] if a in kept]
        first_action[w["iri"]] = answering[0] if answering else None
    timescale = None
    for a in sorted(actions, key=lambda a: (a["due_date"], a["number"])):
        if a["timescale"] != timescale:
            timescale = a["timescale"]
            y += GROUP_GAP if nodes else 0
            nodes.append({"id": f"group:timescale:{timescale}", "kind": "group",
                          "label": f"{timescale.capitalize()}: due {a['due_date']}"})
        mine = [w for w in weaknesses if first_action[w["iri"]] == a["iri"]]
        rows = -(-len(mine) // PER_ROW)
        nodes.append({"id": a["iri"], "iri": a["iri"], "kind": "action", "label": str(a["number"]),
                      "text": a["text"], "timescale": a["timescale"], "due_date": a["due_date"],
                      "parent": f"group:timescale:{timescale}", "x": ACTION_X, "y": y})
        placed[a["iri"]] = y
        nodes += _grid(mine, y + GRID_DROP, None, [])
        y += GRID_DROP + max(rows, 1) * CELL_H + ACTION_GAP
    unanswered = [w for w in weaknesses if first_action[w["iri"]] is None]
    if unanswered:
        y += GROUP_GAP - ACTION_GAP
        nodes.append({"id": "group:unanswered", "kind": "group",
                      "label": f"Answered by no action ({len(unanswered)})"})
        nodes += _grid(unanswered, y, "group:unanswered", ["unanswered"])
        y += -(-len(unanswered) // PER_ROW) * CELL_H
    return nodes + _body_nodes(bodies, roles, placed, criticised, focus, y)


def _grid(weaknesses: list[dict], top: float, parent: str | None, flags: list[str]) -> list[dict]:
    """Weaknesses in rows of PER_ROW, in the report's order, from ``top``."""
    out = []
    for i, w in enumerate(sorted(weaknesses, key=lambda w: (w["paragraph"], w["iri"]))):
        node = {"id": w["iri"], "iri": w["iri"], "kind": "weakness", "label": finding_label(w["iri"]),
                "text": w["text"], "paragraph": w["paragraph"], "flags": flags,
                "bodies": [b["label"] for b in w["bodies"]],
                "x": GRID_X + (i % PER_ROW) * CELL_W, "y": top + (i // PER_ROW) * CELL_H}
        if parent:
            node["parent"] = parent
        out.append(node)
    return out


def _body_nodes(bodies, roles, placed, criticised, focus, bottom: float) -> list[dict]:
    """Bodies with a role level with their actions (the mean of their actions' heights), then the criticised
    ones with none; the rest in columns under everything (``bottom`` is the lowest weakness)."""
    with_role, criticised_only, others = [], [], []
    for b in bodies:
        heights = sorted({placed[a] for (a, body, _) in roles if body == b["iri"] and a in placed})
        if heights:
            with_role.append((sum(heights) / len(heights), b["label"].lower(), b))
        elif b["iri"] in criticised:
            criticised_only.append(b)
        else:
            others.append(b)
    nodes, y = [], None
    for wanted, _, b in sorted(with_role, key=lambda t: (t[0], t[1])):
        y = wanted if y is None else max(wanted, y + BODY_ROW)
        nodes.append(_body(b, y, None, ["focus"] if b["iri"] == focus else []))
    y = (y if y is not None else -BODY_ROW) + BODY_ROW
    if criticised_only:
        y += GROUP_GAP - BODY_ROW
        nodes.append({"id": "group:criticised", "kind": "group",
                      "label": f"Criticised, no role in any action ({len(criticised_only)})"})
        for b in sorted(criticised_only, key=lambda b: b["label"].lower()):
            nodes.append(_body(b, y, "group:criticised", ["criticised-no-role"]))
            y += BODY_ROW
    if others:
        y = max(y - BODY_ROW, bottom) + GROUP_GAP
        nodes.append({"id": "group:others", "kind": "group", "label": f"No role, not criticised ({len(others)})"})
        rows = -(-len(others) // OTHER_COLUMNS)
        for i, b in enumerate(sorted(others, key=lambda b: b["label"].lower())):
            nodes.append(_body(b, y + (i % rows) * BODY_ROW, "group:others", ["no-role"],
                               OTHER_COLUMN_W * (i // rows)))
    return nodes


def _body(body: dict, y: float, parent: str | None, flags: list[str], x: float = 0) -> dict:
    node = {"id": body["iri"], "iri": body["iri"], "kind": "body", "label": body["label"], "flags": flags,
            "findings": body["findings"], "x": x, "y": y,
            "roles": {role: len(body[role]) for role in ROLES}}
    if parent:
        node["parent"] = parent
    return node
