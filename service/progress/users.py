"""Users, their tokens and sign-in sessions; failed sign-ins slowed down.

A user has a name, a body they act for, and a role (editor, verifier, admin).
A token is ``ikg_<id>_<secret>``: the id finds it, the secret proves it. Only
a salted scrypt hash of the secret is kept, so the token is shown once, when
it is made, and cannot be recovered from the ledger. A process remembers the
tokens it has verified (by their SHA-256, in memory only) so that scrypt,
deliberately slow, runs once per token per process; whether the token or its
user is revoked is read from the ledger on every request.

A session (the web form's sign-in) is a random cookie value, kept as its
SHA-256 with the user, an expiry and the CSRF token its forms must carry.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from ..errors import Conflict, NotFound, TooManyRequests, Unauthorized, UserError
from . import audit
from .audit import Attempt
from .ledger import Ledger
from .records import ROLES

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
TOKEN = re.compile(r"^ikg_([0-9a-f]{12})_([A-Za-z0-9_-]{40,60})$")
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}  # RFC 7914's interactive-login parameters
FREE_FAILURES = 5          # failed sign-ins (per name, per address) before each next one must wait
WINDOW = 15 * 60           # seconds a failure counts for
LONGEST_WAIT = 15 * 60     # the wait doubles with each failure up to this
REMEMBERED = 4096          # verified tokens a process remembers


@dataclass(frozen=True)
class Principal:
    """Who a request is from."""

    name: str
    body: str
    role: str


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, **SCRYPT)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Users:
    """The users of one ledger."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.verified: OrderedDict[str, str] = OrderedDict()  # sha256(token) -> token id
        self.lock = threading.Lock()

    # ------------------------------------------------------------ management (audited)

    def add(self, name: str, body: str, role: str, attempt: Attempt) -> str:
        """Make a user and their first token; the token, which is shown this once."""
        if not NAME.match(name or ""):
            raise UserError(f"user name {name[:70]!r} must be 1-63 lower-case letters, digits, '.', '_' or '-', "
                            "starting with a letter or digit")
        if role not in ROLES:
            raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        with self.ledger.write() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise Conflict(f"there is already a user {name!r} (names are never reused, even once revoked)")
            db.execute("INSERT INTO users (name, body, role, created) VALUES (?, ?, ?, ?)",
                       (name, body, role, audit.now()))
            token = self._issue(db, name)
            audit.append(db, attempt.asking({"name": name, "body": body, "role": role}), audit.ACCEPTED)
        return token

    def token(self, name: str, attempt: Attempt) -> str:
        """A new token for a user who is not revoked (their other tokens stay valid)."""
        with self.ledger.write() as db:
            self._active(db, name)
            token = self._issue(db, name)
            audit.append(db, attempt.asking({"name": name}), audit.ACCEPTED)
        return token

    def revoke(self, name: str, attempt: Attempt) -> None:
        """Revoke a user: their tokens and sessions stop working at once; their records stay."""
        with self.ledger.write() as db:
            self._active(db, name)
            at = audit.now()
            db.execute("UPDATE users SET revoked = ? WHERE name = ?", (at, name))
            db.execute("UPDATE tokens SET revoked = ? WHERE user = ? AND revoked IS NULL", (at, name))
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))
            audit.append(db, attempt.asking({"name": name}), audit.ACCEPTED)

    def list(self) -> list[dict]:
        rows = self.ledger.read().execute(
            "SELECT u.name, u.body, u.role, u.created, u.revoked, "
            "(SELECT COUNT(*) FROM tokens t WHERE t.user = u.name AND t.revoked IS NULL) AS tokens "
            "FROM users u ORDER BY u.name")
        return [dict(row) for row in rows]

    def get(self, name: str) -> Principal | None:
        """An active user, or None."""
        row = self.ledger.read().execute("SELECT name, body, role FROM users WHERE name = ? AND revoked IS NULL",
                                         (name,)).fetchone()
        return Principal(*row) if row else None

    @staticmethod
    def _active(db, name: str) -> None:
        row = db.execute("SELECT revoked FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no user {name!r}")
        if row[0]:
            raise Conflict(f"user {name!r} was revoked on {row[0]}")

    @staticmethod
    def _issue(db, name: str) -> str:
        token_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_bytes(16)
        db.execute("INSERT INTO tokens (id, user, salt, hash, created) VALUES (?, ?, ?, ?, ?)",
                   (token_id, name, salt, _hash(secret, salt), audit.now()))
        return f"ikg_{token_id}_{secret}"

    # ------------------------------------------------------------ authentication

    def by_token(self, token: str) -> Principal:
        """The user a bearer token belongs to; Unauthorized if it is unknown, wrong or revoked."""
        match = TOKEN.match(token or "")
        if not match:
            raise Unauthorized("the token is not one this service issued (ikg_…)")
        token_id, secret = match.groups()
        key = _digest(token)
        with self.lock:
            known = self.verified.get(key) == token_id
        db = self.ledger.read()
        row = db.execute("SELECT t.salt, t.hash, t.revoked AS gone, u.name, u.body, u.role, u.revoked "
                         "FROM tokens t JOIN users u ON u.name = t.user WHERE t.id = ?", (token_id,)).fetchone()
        if row is None or not (known or hmac.compare_digest(_hash(secret, row["salt"]), row["hash"])):
            raise Unauthorized("the token is not valid")
        if row["gone"] or row["revoked"]:
            raise Unauthorized("the token has been revoked")
        if not known:
            with self.lock:
                self.verified[key] = token_id
                while len(self.verified) > REMEMBERED:
                    self.verified.popitem(last=False)
        return Principal(row["name"], row["body"], row["role"])

    def sign_in(self, name: str, token: str, address: str, hours: float, attempt: Attempt) -> tuple[str, str]:
        """A new session for a user who gives their name and a token of theirs: (cookie value, CSRF token).

        Failures are counted by name and by address; past ``FREE_FAILURES`` in ``WINDOW`` seconds each
        further attempt must wait twice as long as the last (TooManyRequests, a 429 with Retry-After)."""
        keys = [f"name:{name[:70]}", f"address:{address}"]
        self._throttle(keys)
        try:
            principal = self.by_token(token)
            if principal.name != name:
                raise Unauthorized("that token is not this user's")
        except Unauthorized:
            self._failed(keys)
            raise Unauthorized("the name or token is wrong, or the user is revoked", scheme="Session") from None
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.ledger.write() as db:
            db.execute("DELETE FROM failures WHERE key = ?", (keys[0],))
            db.execute("DELETE FROM sessions WHERE expires < ?", (time.time(),))
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                       (_digest(session), name, csrf, audit.now(), time.time() + hours * 3600))
            audit.append(db, attempt.by(name), audit.ACCEPTED)
        return session, csrf

    def by_session(self, session: str) -> tuple[Principal, str] | None:
        """The user of a session cookie and the session's CSRF token; None if it is unknown or expired."""
        row = self.ledger.read().execute(
            "SELECT u.name, u.body, u.role, s.csrf FROM sessions s JOIN users u ON u.name = s.user "
            "WHERE s.id_hash = ? AND s.expires > ? AND u.revoked IS NULL", (_digest(session), time.time())).fetchone()
        return (Principal(row["name"], row["body"], row["role"]), row["csrf"]) if row else None

    def sign_out(self, session: str) -> None:
        with self.ledger.write() as db:
            db.execute("DELETE FROM sessions WHERE id_hash = ?", (_digest(session),))

    def _throttle(self, keys: list[str]) -> None:
        db, now = self.ledger.read(), time.time()
        for key in keys:
            count, last = db.execute("SELECT COUNT(*), MAX(at) FROM failures WHERE key = ? AND at > ?",
                                     (key, now - WINDOW)).fetchone()
            if count >= FREE_FAILURES:
                wait = min(2 ** (count - FREE_FAILURES), LONGEST_WAIT)
                if now - last < wait:
                    raise TooManyRequests(f"too many failed sign-ins ({count} in the last {WINDOW // 60} minutes, "
                                          f"by this name or from this address): try again in "
                                          f"{int(wait - (now - last)) + 1} s", int(wait - (now - last)) + 1)

    def _failed(self, keys: list[str]) -> None:
        now = time.time()
        with self.ledger.write() as db:
            db.execute("DELETE FROM failures WHERE at < ?", (now - WINDOW,))
            db.executemany("INSERT INTO failures VALUES (?, ?)", [(key, now) for key in keys])
