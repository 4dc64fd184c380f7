"""Marks domain message texts for Qt's translation tools without importing Qt.

`counter/` must stay free of Qt, yet its messages (field labels, rule texts,
state names) reach clerks who read Chinese. Texts are written in English and
wrapped in ``QT_TRANSLATE_NOOP(context, text)``: at run time it returns the text
unchanged; ``pyside6-lupdate`` finds the calls by name and puts the texts in
the translation catalogue, and the UI translates them with
``QCoreApplication.translate(context, text)``.

Contexts used by the core:
- ``"fields"``: field labels (e.g. "ID number");
- ``"rules"``: rule texts, ``str.format`` templates with named parameters;
- ``"domain"``: other visible names (states, decisions, roles, material status).
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Return ``text``; the call marks it for translation in ``context``."""
    return text
