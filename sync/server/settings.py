"""The platform's settings, declared once with their defaults."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

DEFAULT_DB_URL = "sqlite:///exchange.db"
DB_URL_ENV = "COUNTER_EXCHANGE_DB"


@dataclass(frozen=True)
class SimulatorSettings:
    """How the department simulator moves cases (seconds after the previous step).

    Decisions are deterministic for a given seed and case id, so a demo or a
    test sees the same outcome every time.
    """

    enabled: bool = True
    interval_s: float = 5.0  # how often the background task calls advance()
    review_after_s: float = 30.0  # received -> in_review
    decide_after_s: float = 120.0  # in_review -> approved / rejected
    approval_ratio: float = 0.85
    seed: int = 0


@dataclass(frozen=True)
class ServerSettings:
    db_url: str = field(default_factory=lambda: os.environ.get(DB_URL_ENV, DEFAULT_DB_URL))
    max_body_bytes: int = 4 * 1024 * 1024  # a full batch of 500 intakes fits with room
    seed_demo: bool = True  # demo shared-document holdings for the demo applicants
    simulator: SimulatorSettings = field(default_factory=SimulatorSettings)
    workers: int = 1  # worker processes serving the same database
    # PostgreSQL connections the whole deployment may hold (keep it under the server's
    # max_connections, less what operators and other clients need); the workers share it.
    db_connections: int = 32

    @property
    def pool_size(self) -> int:
        """Connections of one worker: its share of the deployment's, at least two."""
        return max(2, self.db_connections // max(1, self.workers))

    def to_json(self) -> str:
        """The settings for a worker process started by the server (`from_json`)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerSettings:
        values = json.loads(text)
        return cls(**{**values, "simulator": SimulatorSettings(**values["simulator"])})
