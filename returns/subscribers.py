"""What happens after a lifecycle step, registered by the apps that own it.

The lifecycle does not know its consumers. An app that must react to a step (the portal's
customer e-mails, the integration's outbox postings, metrics) registers a subscriber from its
`AppConfig.ready()`:

    subscribe("outbox postings", post_to_odoo, order=10, actions={"receive", "release_refund"})

`publish(step)` runs every matching subscriber in ascending `order` (then registration order),
inside the step's transaction and after its audit record is written. A subscriber writes its own
rows there (an outbox posting commits or rolls back with the step, which is what makes the outbox
transactional) and defers anything that leaves the database (a broker call, an e-mail) with
`transaction.on_commit`. An exception in a subscriber rolls the step back, so subscribers that
must never block a step catch their own errors.

Orders in use: 4–5 the console's guards (support: no refund decision over an open receipt mismatch,
no decision under another agent's work lock), 5–6 the warehouse's plates and vendor-return batches
(inspection), 7–8 exchanges (no refund before the replacement is ordered; inspection decides),
10 outbox postings (integrations), 20 receiving sessions closed (inspection), 50 customer e-mails
(portal), 95 the intelligence flags refreshed (intelligence). The README's lifecycle section lists them.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One lifecycle step that has just happened: `action` is a transition name or `create`."""

    request: Any  # the ReturnRequest, locked and saved
    event: Any  # its ReturnEvent (the audit record)
    action: str
    actor: Any
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Subscriber:
    name: str
    callback: Callable[[Step], None]
    order: int
    actions: frozenset[str] | None  # None: every step
    sequence: int


_registry: dict[str, Subscriber] = {}
_sequence = itertools.count()


def subscribe(name: str, callback: Callable[[Step], None], *, order: int = 50,
              actions: Iterable[str] | None = None) -> None:
    """Register (or replace, by name: `ready()` may run twice in tests) one subscriber."""
    _registry[name] = Subscriber(name=name, callback=callback, order=order,
                                 actions=frozenset(actions) if actions is not None else None,
                                 sequence=next(_sequence))


def subscribers() -> list[Subscriber]:
    """The ordered list; the README's lifecycle section shows it."""
    return sorted(_registry.values(), key=lambda s: (s.order, s.sequence))


def publish(step: Step) -> None:
    for subscriber in subscribers():
        if subscriber.actions is None or step.action in subscriber.actions:
            subscriber.callback(step)
