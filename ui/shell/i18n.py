"""Loading the interface language and translating domain texts.

The UI ships English source strings and a complete zh_CN catalogue
(`ui/translations/counter_desk_zh_CN.qm`, built from the `.ts` next to it).
The language follows the system locale unless the settings name one, and can
be switched at run time. Texts from `counter/` (field labels, rules, states)
are marked there with QT_TRANSLATE_NOOP and translated here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from counter.errors import FieldProblem, ValidationError

TRANSLATIONS = Path(__file__).parent.parent / "translations"
SUPPORTED = ("zh_CN", "en")

# Each language is offered under its own name, never translated: a clerk who
# cannot read the current language must still find theirs.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def choose_language(setting: str = "") -> str:
    """The language to show: the setting if it names one, else the system locale's."""
    if setting in SUPPORTED:
        return setting
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


class Translations:
    """Installs and swaps the application's translator."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.language = "en"

    def install(self, language: str) -> None:
        """Switch to `language`; every widget then gets a LanguageChange event."""
        # The default locale goes first, so handlers of LanguageChange already
        # see the new language (see `is_chinese`).
        QLocale.setDefault(QLocale(language))
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self.language = language
        if language == "en":
            return
        translator = QTranslator(self._app)
        if not translator.load(str(TRANSLATIONS / f"counter_desk_{language}.qm")):
            raise FileNotFoundError(f"no translation catalogue for {language}")
        self._app.installTranslator(translator)
        self._translator = translator


def is_chinese() -> bool:
    """Whether the interface is in Chinese now; picks Chinese or English catalog names."""
    return QLocale().language() == QLocale.Language.Chinese


def tr_domain(context: str, text: str) -> str:
    """Translate a text that `counter/` marked with QT_TRANSLATE_NOOP(context, text)."""
    return QCoreApplication.translate(context, text)


def problem_text(problem: FieldProblem) -> str:
    """One field problem in the current language: 'label: rule'."""
    label = QCoreApplication.translate("fields", problem.label)
    rule = QCoreApplication.translate("rules", problem.rule).format(**dict(problem.params))
    sep = QCoreApplication.translate("fields", ": ")
    return f"{label}{sep}{rule}"


def error_text(error: ValidationError) -> str:
    return "\n".join(problem_text(p) for p in error.problems)
