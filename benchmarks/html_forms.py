"""Read a page's forms and links as a browser would, for the load test's clerks.

Only the standard library: the clerks post back exactly what a browser would send
(hidden CSRF token and record fingerprint included), and the tests check these helpers
against the app without Locust.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


@dataclass
class Select:
    name: str
    multiple: bool
    disabled: bool
    # (value, label, selected, disabled) per option.
    options: list = field(default_factory=list)

    def submitted(self) -> list[str]:
        """What a browser sends: the selected options, else (single) the first one."""
        enabled = [option for option in self.options if not option[3]]
        chosen = [option[0] for option in enabled if option[2]]
        if chosen or self.multiple:
            return chosen if self.multiple else chosen[-1:]
        return [enabled[0][0]] if enabled else []


@dataclass
class Form:
    method: str
    action: str | None
    # (name, value) pairs in page order, as the browser would submit them.
    fields: list = field(default_factory=list)
    selects: dict = field(default_factory=dict)

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}

    def value(self, name: str, default=None):
        for field_name, value in self.fields:
            if field_name == name:
                return value
        return default

    def data(self, **changes) -> dict:
        """The submitted values with `changes` replacing those of their names: a name
        sent more than once (a multiple select) maps to the list of its values, which
        both requests and Django's test client send as repeated fields."""
        data = {}
        for name, value in self.fields:
            if name not in changes:
                data.setdefault(name, []).append(value)
        data = {name: values[0] if len(values) == 1 else values for name, values in data.items()}
        data.update((name, value) for name, value in changes.items() if value is not None)
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Select | None = None
        self._option: list | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = Form(
                method=(attributes.get("method") or "get").lower(), action=attributes.get("action")
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name")
        disabled = "disabled" in attributes
        if tag == "input" and name and not disabled:
            kind = (attributes.get("type") or "text").lower()
            if kind in _SKIPPED_INPUT_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self._form.fields.append((name, attributes.get("value") or "on"))
                return
            self._form.fields.append((name, attributes.get("value") or ""))
        elif tag == "textarea" and name and not disabled:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = Select(name, "multiple" in attributes, disabled)
        elif tag == "option" and self._select is not None:
            self._option = [attributes.get("value"), "", "selected" in attributes, disabled]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            # A browser drops the one newline that may follow <textarea>.
            self._form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            select, self._select = self._select, None
            if self._form is not None:
                self._form.selects[select.name] = select
                if not select.disabled:
                    self._form.fields.extend((select.name, value) for value in select.submitted())

    def _close_option(self):
        if self._option is None or self._select is None:
            return
        value, label, selected, disabled = self._option
        label = " ".join(label.split())
        self._select.options.append((label if value is None else value, label, selected, disabled))
        self._option = None


def forms(page: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(page)
    parser.close()
    return parser.forms


def form_with(page: str, field_name: str) -> Form | None:
    """The first form of the page that submits a field named `field_name`."""
    for form in forms(page):
        if field_name in form.names() or field_name in form.selects:
            return form
    return None


_HREF = re.compile(r'href="([^"]*)"')


def links(page: str) -> list[str]:
    return [html.unescape(href) for href in _HREF.findall(page)]


def record_ids(page: str, prefix: str) -> list[int]:
    """The records a list's rows are about: per table row, the first link under `prefix`
    ("/members/"). Later cells may link elsewhere (an organization's parent, which a
    clerk of a commune may not open), as may the rest of the page."""
    pattern = re.compile(rf'href="{re.escape(prefix)}(\d+)/"')
    seen = {}
    for row in page.split("<tr")[1:]:
        match = pattern.search(row)
        if match:
            seen.setdefault(int(match.group(1)), None)
    return list(seen)


def page_links(page: str) -> list[str]:
    """The query strings of a list's other pages ("?status=active&page=2")."""
    return sorted({href for href in links(page) if href.startswith("?") and "page=" in href})


# Field errors (core/includes/form_fields.html) and the form's own (form_errors.html).
def sort_links(page: str) -> list[str]:
    """The query strings a list's column headers sort by ("?sort=-admitted_on")."""
    return sorted({href for href in links(page) if href.startswith("?sort=")})


_ERROR = re.compile(r'<p class="error">(.*?)</p>|<div class="form-errors"[^>]*>(.*?)</div>', re.S)


def form_errors(page: str) -> list[str]:
    """The error messages a re-shown form carries, as plain text."""
    texts = [field or form for field, form in _ERROR.findall(page)]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()) for text in texts]
