"""What the web and the command line call: record progress, read an action's history, audit every attempt."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ..errors import InspectionKGError, Unavailable
from ..store import Store
from . import audit, history
from .audit import Attempt
from .authority import may_record, may_revise, report_of
from .ledger import Ledger
from .records import Record, parse_draft
from .sync import Follower
from .users import Principal, Users


def today() -> date:
    """Today in UTC: the latest day a record may refer to."""
    return datetime.now(UTC).date()


@dataclass
class Audited:
    """The attempt an ``audited`` block logs if it is refused; the block fills in who, once it knows."""

    attempt: Attempt


class Tracker:
    """Progress on one store's areas for improvement, kept in one ledger."""

    def __init__(self, ledger: Ledger, store: Store, base: str):
        self.ledger, self.store, self.base = ledger, store, base
        self.users = Users(ledger)
        self.follower = Follower(ledger, store, base)

    @contextmanager
    def audited(self, attempt: Attempt) -> Generator[Audited, None, None]:
        """Run a write; if it is refused (an error with a 4xx status), log that and let the error go on.

        An accepted write logs itself, in its own transaction."""
        holder = Audited(attempt)
        try:
            yield holder
        except InspectionKGError as exc:
            if exc.status < 500 or isinstance(exc, Unavailable):  # refused: the caller's, or the store's
                audit.refused(self.ledger, holder.attempt, exc.status, str(exc))
            raise

    def record(self, who: Principal, action: str, payload, attempt: Attempt, idempotency: str | None = None,
               on: date | None = None) -> tuple[Record, bool]:
        """Check and record what ``who`` asks (``payload``: status, date, note, evidence, revises);
        (the record, whether it is new). NotFound for an unknown action, UserError for bad fields,
        Forbidden when ``who`` may not; nothing is written then."""
        if not self.store.writable:
            raise Unavailable(f"progress records are written only with the memory store; this service reads "
                              f"{self.store.spec} (docs/progress.md: other stores)")
        report = report_of(self.store, action)
        draft = parse_draft(payload, action, on or today())
        may_record(self.store, who, action, draft.status)
        revised = history.find(self.ledger, draft.revises) if draft.revises else None
        if revised is not None and revised.action == action:  # another action's record: append says NotFound
            may_revise(self.store, who, action, revised.status, revised.body)
        attempt = attempt.by(who.name).asking(draft.detail())
        record, created = history.append(self.ledger, draft, who, action, report[len(self.base):], attempt,
                                         idempotency)
        self.follower.catch_up()  # this process's store has it before the caller is told
        return record, created

    def history(self, action: str) -> list[Record]:
        """An action's records, oldest first; NotFound if the IRI is no action of the dataset."""
        report_of(self.store, action)
        return history.of_action(self.ledger, action)

    def catch_up(self) -> int:
        """Bring the store up to the ledger; the sequence number it holds now."""
        return self.follower.catch_up()

    def follow(self, store: Store) -> None:
        """Use the store's new view (a SPARQL server's data changed under the service)."""
        self.store = self.follower.store = store
