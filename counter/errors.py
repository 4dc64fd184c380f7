"""Domain errors: every refusal the core gives names what was wrong and why.

The UI, the command line and the tests all see these same exceptions, so the
messages are written for a clerk: the field, then the rule it broke.
"""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every error the counter core raises on purpose.

    `message` is English, marked with ``QT_TRANSLATE_NOOP("core", ...)`` where it
    is raised, and may be a ``str.format`` template filled by `params`; the UI
    translates `template` and fills it with `params` (see ``ui.common.core_messages``).
    """

    def __init__(self, message: str = "", **params: object):
        self.template = message
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(message.format(**self.params) if self.params else message)


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field.

    `field` is a stable key (``"applicant.id_number"``); `label` the English field
    name and `rule` an English ``str.format`` template, both marked with
    ``QT_TRANSLATE_NOOP`` (contexts ``"fields"`` and ``"rules"``) so the UI can show
    them in Chinese; `params` fill the template.
    """

    field: str
    label: str
    rule: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        """The rule with its parameters filled in (English)."""
        return self.rule.format(**dict(self.params))

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class ValidationError(DomainError):
    """One or more fields are invalid; nothing was written.

    All problems found are collected so the applicant is told every one at once.
    """

    def __init__(self, problems: list[FieldProblem] | FieldProblem):
        if isinstance(problems, FieldProblem):
            problems = [problems]
        self.problems: list[FieldProblem] = list(problems)
        Exception.__init__(self, "; ".join(str(p) for p in self.problems))
        self.template, self.params = "", {}

    @classmethod
    def single(cls, field: str, label: str, rule: str, **params: object) -> ValidationError:
        """One problem; `params` fill the `rule` template (values are shown as text)."""
        items = tuple((k, str(v)) for k, v in params.items())
        return cls([FieldProblem(field, label, rule, items)])

    def with_prefix(self, field_prefix: str) -> ValidationError:
        """The same problems, re-keyed under a parent (``"agent"`` + ``"id_number"``)."""
        return ValidationError(
            [
                FieldProblem(f"{field_prefix}.{p.field}", p.label, p.rule, p.params)
                for p in self.problems
            ]
        )


class PermissionDenied(DomainError):
    """The acting user's role does not allow this action."""


class AuthenticationFailed(DomainError):
    """Wrong user name or password, or the account is locked."""


class IllegalTransition(DomainError):
    """A case state change that the case life does not allow."""


class NotFound(DomainError):
    """A case, user or catalog item that does not exist."""


class StoreUnavailable(DomainError):
    """The local store cannot take the write (locked, read-only, disk full, corrupt).

    Raised instead of the driver's error so the UI can say plainly that the case
    was NOT recorded and no receipt may be printed. The message is the reason.
    """

    def __str__(self) -> str:
        return f"Nothing was recorded: {super().__str__()}."
