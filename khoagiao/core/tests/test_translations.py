"""The English catalogue: complete, consistent with the sources, and used when a user switches to English."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from khoagiao.core.testing import TEST_PASSWORD

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PO_PATH = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"

# %(name)s / %(name)d …, a bare %s / %d, and {name} / {} ; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%%|%\((?P<named>\w+)\)[sdifr]|%(?P<positional>[sdifr])|\{(?P<brace>\w*)\}")
# A Python string literal on one line, in single or double quotes (no triple quotes, no implicit concatenation).
PY_LITERAL = r"""(?P<literal>[rRbBuU]?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))"""
PY_CALL = re.compile(r"(?<![\w.])(?:_|gettext|gettext_lazy)\(\s*" + PY_LITERAL + r"\s*[,)]")
TEMPLATE_TRANSLATE = re.compile(
    r"""{%\s*(?:translate|trans)\s+(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')(?P<options>[^%]*)%}"""
)
TEMPLATE_BLOCK = re.compile(
    r"{%\s*(?:blocktranslate|blocktrans)\b(?P<options>[^%]*)%}(?P<body>.*?){%\s*(?:endblocktranslate|endblocktrans)\s*%}"
)
# _("…") as the argument of a filter or a tag, e.g. {{ value|default:_("Chưa dùng") }}.
TEMPLATE_UNDERSCORE = re.compile(r"""(?<![\w.])_\(\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')\s*\)""")
TEMPLATE_PLURAL = re.compile(r"{%\s*plural\s*%}")
TEMPLATE_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
# Letters outside ASCII in an English text are Vietnamese left untranslated, except these proper words.
VIETNAMESE_WORDS_KEPT = ("Tết", "QĐ")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _placeholders(text: str) -> tuple[frozenset[str], int]:
    """The named placeholders of a message, and how many positional ones it has."""
    named: set[str] = set()
    positional = 0
    for match in PLACEHOLDER.finditer(text):
        if match.group("named") is not None:
            named.add(f"%({match.group('named')})")
        elif match.group("positional") is not None:
            positional += 1
        elif match.group("brace") is not None:
            named.add(f"{{{match.group('brace')}}}")
    return frozenset(named), positional


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs of an entry: one for a simple message, one per form for a plural one."""
    if entry.msgid_plural:
        forms = [entry.msgstr_plural.get(index, "") for index in sorted(entry.msgstr_plural) or [0, 1]]
        return [(entry.msgid if index == 0 else entry.msgid_plural, text) for index, text in enumerate(forms)]
    return [(entry.msgid, entry.msgstr)]


def _template_files() -> Iterator[Path]:
    for path in sorted(PACKAGE_DIR.glob("**/templates/**/*")):
        if path.suffix in {".html", ".txt"} and path.is_file():
            yield path


def _python_files() -> Iterator[Path]:
    for path in sorted(PACKAGE_DIR.glob("**/*.py")):
        parts = path.relative_to(PACKAGE_DIR).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _template_messages() -> Iterator[tuple[str, str, str | None]]:
    """(where, msgid, msgid_plural or None) of every translatable literal of the templates."""
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(PACKAGE_DIR.parent))
        for match in TEMPLATE_TRANSLATE.finditer(text):
            if "context" in match.group("options"):
                continue
            message = match.group("double") if match.group("double") is not None else match.group("single")
            yield where, message, None
        for match in TEMPLATE_UNDERSCORE.finditer(text):
            message = match.group("double") if match.group("double") is not None else match.group("single")
            yield where, message, None
        for match in TEMPLATE_BLOCK.finditer(text):
            options, body = match.group("options"), match.group("body")
            # Blocks with a message context, "trimmed" whitespace or several lines are left to makemessages.
            if "context" in options or "trimmed" in options or "\n" in body:
                continue
            parts = [
                TEMPLATE_VARIABLE.sub(r"%(\1)s", part.replace("%", "%%"))
                for part in TEMPLATE_PLURAL.split(body, maxsplit=1)
            ]
            yield where, parts[0], parts[1] if len(parts) == 2 else None


def _python_messages() -> Iterator[tuple[str, str]]:
    """(where, msgid) of every one-line _(), gettext() and gettext_lazy() literal of the Python sources."""
    for path in _python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in PY_CALL.finditer(line):
                message = ast.literal_eval(match.group("literal"))
                if isinstance(message, str):
                    yield f"{path.relative_to(PACKAGE_DIR.parent)}:{number}", message


# --- The catalogue ------------------------------------------------------------------------------------------


def test_the_catalogue_has_entries():
    assert len(_catalogue()) > 100


def test_every_entry_is_translated():
    untranslated = [entry.msgid for entry in _catalogue().untranslated_entries()]
    assert untranslated == []


def test_no_entry_is_fuzzy():
    fuzzy = [entry.msgid for entry in _catalogue() if "fuzzy" in entry.flags]
    assert fuzzy == []


def test_no_obsolete_entry_is_left():
    assert [entry.msgid for entry in _catalogue().obsolete_entries()] == []


def test_plural_entries_have_both_forms():
    for entry in _catalogue():
        if entry.msgid_plural:
            assert entry.msgstr_plural.get(0) and entry.msgstr_plural.get(1), entry.msgid


def test_translations_keep_the_placeholders():
    mismatches = [
        (source, text)
        for entry in _catalogue()
        for source, text in _translations(entry)
        if _placeholders(source) != _placeholders(text)
    ]
    assert mismatches == []


def test_translations_are_english():
    leftovers = []
    for entry in _catalogue():
        for source, text in _translations(entry):
            stripped = text
            for word in VIETNAMESE_WORDS_KEPT:
                stripped = stripped.replace(word, "")
            if any(char.isalpha() and not char.isascii() for char in stripped):
                leftovers.append((source, text))
    assert leftovers == []


def test_translations_keep_html_tags_and_outer_whitespace():
    tag = re.compile(r"</?\w+[^>]*?>")
    for entry in _catalogue():
        for source, text in _translations(entry):
            assert Counter(re.sub(r'"[^"]*"', '""', t) for t in tag.findall(source)) == Counter(
                re.sub(r'"[^"]*"', '""', t) for t in tag.findall(text)
            ), source
            assert source[: len(source) - len(source.lstrip())] == text[: len(text) - len(text.lstrip())]
            assert source[len(source.rstrip()) :] == text[len(text.rstrip()) :]


def test_placeholder_check_sees_placeholders():
    assert _placeholders("Đơn vị «%(unit)s» từ %(date)s") == (frozenset({"%(unit)", "%(date)"}), 0)
    assert _placeholders("%s và %d, {name}, 100%%") == (frozenset({"{name}"}), 2)


# --- The sources against the catalogue ----------------------------------------------------------------------


def test_the_scanners_find_the_sources_strings():
    templates = {message for _, message, _ in _template_messages()}
    python = {message for _, message in _python_messages()}
    assert "Đơn vị và vai trò của bạn" in templates
    assert "Trang %(number)s/%(total)s" in templates
    assert "Chưa dùng" in templates
    assert "Nhật ký thao tác" in python
    assert "Mỗi %(hours)d giờ" in python


def test_every_template_string_is_in_the_catalogue():
    catalogue = {entry.msgid: entry for entry in _catalogue()}
    missing = []
    for where, message, plural in _template_messages():
        entry = catalogue.get(message)
        if entry is None or (plural is not None and entry.msgid_plural != plural):
            missing.append((where, message))
    assert missing == [], "run makemessages and translate the new strings"


def test_every_python_string_is_in_the_catalogue():
    catalogue = {entry.msgid for entry in _catalogue()}
    missing = [(where, message) for where, message in _python_messages() if message not in catalogue]
    assert missing == [], "run makemessages and translate the new strings"


def test_the_compiled_catalogue_is_up_to_date():
    mo_path = PO_PATH.with_suffix(".mo")
    assert mo_path.exists(), "run: manage.py compile_translations"
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(mo_path)) if not entry.msgid_plural}
    expected = {entry.msgid: entry.msgstr for entry in _catalogue() if not entry.msgid_plural}
    assert compiled == expected, "run: manage.py compile_translations"


# --- A page in English --------------------------------------------------------------------------------------


@pytest.fixture
def restore_language():
    yield
    translation.deactivate()


@pytest.mark.django_db
def test_a_user_switches_the_home_page_to_english(client, cast, restore_language):
    assert client.login(username=cast.specialist.username, password=TEST_PASSWORD)
    vietnamese = client.get("/").content.decode()
    assert "Đơn vị và vai trò của bạn" in vietnamese
    assert '<html lang="vi">' in vietnamese

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get("/")
    assert response.status_code == 200
    english = response.content.decode()
    assert '<html lang="en">' in english
    assert "Your units and roles" in english
    assert "Đơn vị và vai trò của bạn" not in english
    assert "Waiting for you" in english
    assert "Việc đang chờ bạn" not in english
    assert ">Home<" in english
    assert "Department specialist" in english
    assert "Chuyên viên Ban" not in english
