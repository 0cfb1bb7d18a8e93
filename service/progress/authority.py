"""Who may record what: the rules of the issue, asked of the knowledge graph itself.

* An **editor** records progress on an area for improvement that their body
  is responsible for or a partner in; a part of a body counts for it (an
  editor of children's social care, a unit of the council, records on the
  council's areas for improvement: ``ikg:transitivePartOf``, the part-of
  closure the build infers, as ikgsh:CriticisedBodyHasARole counts a team
  through its council); never "verified".
* A **verifier** may do what an editor may, and on an area for improvement
  their body is accountable for (a part of it counting, likewise) records
  any status, "verified" included: only a verifier of the accountable body
  may record "verified".
* An **admin** manages users and reads the audit log, and records nothing.

``ikgsh:ProgressAgentAuthority`` and ``ikgsh:ProgressVerifiedByVerifier``
(shapes/integrity.ttl) check the same rules on stored records.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import Forbidden, NotFound
from ..namespaces import NAMESPACES
from ..store import Store
from .users import Principal

IKG = NAMESPACES["ikg"]
# Does the body, or a body it is part of at any depth, hold one of the roles on the action? (A SELECT: pyoxigraph
# substitutes only variables a query projects.)
HOLDS = f"""SELECT ?action ?body WHERE {{
  VALUES ?property {{ %s }}
  ?action ?property ?holder .
  FILTER(?holder = ?body || EXISTS {{ ?body <{IKG}transitivePartOf> ?holder }})
}} LIMIT 1"""
RESPONSIBLE_OR_PARTNER = HOLDS % f"<{IKG}hasResponsibleBody> <{IKG}hasPartner>"
ACCOUNTABLE = HOLDS % f"<{IKG}hasAccountableBody>"
ACTION = f"SELECT ?action ?report WHERE {{ ?action a <{IKG}Action> ; <{IKG}report> ?report }}"
BODY = f"SELECT ?body WHERE {{ ?body a <{IKG}Body> }} LIMIT 1"


def _bound(store: Store, query: str, **terms: str) -> list:
    """The solutions of a query with IRIs substituted for its variables."""
    return list(store.query(query, substitutions={ox.Variable(k): ox.NamedNode(v) for k, v in terms.items()}))


def report_of(store: Store, action: str) -> str:
    """The IRI of the report an area for improvement belongs to; NotFound if the IRI is no action here."""
    try:
        rows = _bound(store, ACTION, action=action)
    except (ValueError, NotFound):
        rows = []
    if not rows:
        raise NotFound(f"no area for improvement <{action}> in this dataset")
    return rows[0]["report"].value


def is_body(store: Store, body: str) -> bool:
    """True when the dataset knows the IRI as a body (ikg:Body)."""
    return bool(_bound(store, BODY, body=body))


def may_revise(store: Store, who: Principal, action: str, revised_status: str, revised_body: str) -> None:
    """Nothing when ``who`` may correct a record of that status made for that body; Forbidden saying why not.

    A correction hides the record it revises from every report, so it takes the authority the record took:
    a 'verified' record is corrected only by a verifier of the accountable body, and a record made for
    another body only by that body or by a verifier of the accountable body."""
    verifier = who.role == "verifier" and _bound(store, ACCOUNTABLE, action=action, body=who.body)
    if revised_status == "verified" and not verifier:
        raise Forbidden(f"the record revised is 'verified': only a verifier of the accountable body may correct "
                        f"it; {who.name} is an {who.role} for <{who.body}>")
    if revised_body != who.body and not verifier:
        raise Forbidden(f"the record revised was made for <{revised_body}>: {who.name} records for "
                        f"<{who.body}>, and only that body or a verifier of the accountable body may correct it")


def may_record(store: Store, who: Principal, action: str, status: str) -> None:
    """Nothing when ``who`` may record ``status`` on the action; Forbidden saying why not."""
    if who.role == "admin":
        raise Forbidden(f"{who.name} is an admin: admins manage users and read the audit log, and record no "
                        "progress")
    if status == "verified":
        if who.role != "verifier":
            raise Forbidden(f"only a verifier of the accountable body may record 'verified'; {who.name} is an "
                            f"{who.role}")
        if not _bound(store, ACCOUNTABLE, action=action, body=who.body):
            raise Forbidden(f"{who.name} verifies for <{who.body}>, which is not accountable for <{action}>: "
                            "only a verifier of the accountable body may record 'verified'")
        return
    if not _bound(store, RESPONSIBLE_OR_PARTNER, action=action, body=who.body) and not (
            who.role == "verifier" and _bound(store, ACCOUNTABLE, action=action, body=who.body)):
        raise Forbidden(f"{who.name} records for <{who.body}>, which is neither responsible for nor a partner "
                        f"in <{action}>, nor part of a body that is")
