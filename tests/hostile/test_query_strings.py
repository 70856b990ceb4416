"""Every page without arguments, asked with hostile query strings, answers without a 500.

The pages are taken from the URL configuration, so a page added later is walked too; the
filters of a list are taken from its filter set, so each of its own fields gets bad values.
"""

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.exchange.registry import kinds
from tests.exchange.conftest import build_everything

pytestmark = pytest.mark.django_db

LONG = "9" * 5000
# Query strings as a browser (or a script) could send them; each mixes several bad values.
HOSTILE = [
    "page=abc&year=abc&within=abc&sort=nonexistent&per_page=abc&indicator=abc&chart=abc",
    "page=-1&year=-1&within=-1&sort=-&per_page=-1&first_year=-5",
    "page=999999999&year=99999999999999999999&within=999999&per_page=10000000&page=0",
    "sort=__class__&o=__class__&sort=-__dict__&year=%00&within=%00&q=%00&page=%00",
    f"q=%E2%80%AE%E2%80%8B%3Cscript%3E&year={LONG}&within={LONG}&page={LONG}&q={LONG}",
    "year=2023&year=abc&within=1&within=x&page=1&page=2&q=a&q=b&within=1e3&year=%C2%B2",
    "export=csv&export=xlsx&year=abc&within=-1&page=-1&sort=__class__&q=%00",
    "%ff%fe=%ff&%00=%00&year[]=1&within[]=1&year=99999",
]
BAD_VALUES = ["abc", "-1", "99999999999999999999", quote("%00'; DROP TABLE x; --")]


def pages():
    """(name, path) of every page without arguments, the admin left out."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and not pattern.pattern.regex.groups:
                if pattern.name in {"logout", "set_language"}:
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, reverse(name), pattern.callback

    return list(walk(get_resolver().url_patterns))


def filter_names(callback) -> list[str]:
    view_class = getattr(callback, "view_class", None)
    filterset = getattr(view_class, "filterset_class", None)
    return list(filterset.base_filters) if filterset else []


@pytest.fixture
def records(tree, people, district_staff):
    return build_everything(tree, people, district_staff)


class Failed:
    """What `get` returns when the page raised: a 500 with the reason, for the report."""

    def __init__(self, error):
        self.status_code = 500
        self.error = f"{type(error).__name__}: {error}"[:200]

    def __repr__(self):
        return self.error


def get(client, url):
    try:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if response.streaming:
            b"".join(response.streaming_content)
    except Exception as error:  # the test reports every failing page, not only the first
        return Failed(error)
    return response


def test_the_walk_covers_the_lists_and_statistics():
    names = {name for name, _path, _callback in pages()}
    assert {"members:list", "oversight:statistics", "studies:statistics", "results:review"} <= (
        names
    )


def test_hostile_query_strings_never_give_a_server_error(staff_client, records):
    failures = []
    for name, path, callback in pages():
        queries = list(HOSTILE)
        fields = filter_names(callback)
        if fields:
            # Every filter of the page at once, one bad value at a time.
            queries += ["&".join(f"{field}={value}" for field in fields) for value in BAD_VALUES]
            queries.append("export=csv&" + "&".join(f"{field}=abc&{field}=-1" for field in fields))
        for query in queries:
            response = get(staff_client, f"{path}?{query}")
            if response.status_code >= 500 or response.status_code not in {200, 302, 400, 403, 404}:
                failures.append((name, query[:80], response.status_code, repr(response)[:200]))
    assert not failures


def test_exports_of_every_kind_take_hostile_query_strings(staff_client, records):
    failures = []
    for kind in kinds():
        path = reverse("exchange:export", args=[kind.name])
        for query in HOSTILE:
            response = get(staff_client, f"{path}?{query}")
            if response.status_code != 200:
                failures.append((kind.name, query[:80], response.status_code, repr(response)[:200]))
    assert not failures


def test_pagination_is_bounded(staff_client, records):
    """per_page from the query string cannot make a page of a million rows."""
    response = get(staff_client, reverse("members:list") + "?per_page=10000000")
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page <= 100
    response = get(staff_client, reverse("members:list") + "?per_page=-1&page=-1")
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page >= 1
