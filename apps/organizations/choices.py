"""Organizations offered in select boxes, fast enough for a province's thousands.

A province holds about 7,000 organizations. Django renders each option of a select
through a template and each ModelChoiceField choice through a model instance, which
costs over 100 ms for such a list; here options come from one values query and are
joined into HTML directly (`OrganizationSelect`, on `apps.core.forms.FastSelect`).
Filters on list pages also cut long lists to the organizations around the chosen one
("shortened", see `shortened_condition`): any organization the user sees is still
accepted by its id in the query string.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, Subquery
from django.db.models.functions import Left, Length

from .models import OrganizationKind, PartyOrganization

# Above this many organizations a filter offers the committees only, not their cells.
LONG_LIST = 300


@dataclass(frozen=True)
class OrganizationOption:
    pk: int
    name: str
    code: str
    depth: int

    @property
    def label(self) -> str:
        """The name indented by its depth in the tree, with the code (cells share names)."""
        return f"{'— ' * self.depth}{self.name} ({self.code})"


def organization_options(queryset, *, shortened=False, selected=None) -> list:
    """The organizations of `queryset` in tree order, as light `OrganizationOption`s.

    With `shortened`, a list longer than LONG_LIST is cut (see `shortened_condition`).
    Two queries, whatever the size, so that pages keep a constant query count.
    """
    queryset = queryset.order_by("path")
    if shortened:
        queryset = queryset.filter(shortened_condition(queryset, selected))
    return [OrganizationOption(*row) for row in queryset.values_list("pk", "name", "code", "depth")]


def shortened_condition(queryset, selected=None) -> Q:
    """Which organizations of a long list a filter offers, in one query.

    A district (a few hundred organizations) offers its committees without their
    cells, but with the chosen committee's. A province (a thousand base committees)
    offers a drill-down instead: the top two levels, and around the chosen organization
    its ancestors and its children, so that choosing a district and filtering offers
    that district's committees next.
    The chosen organization is always offered.
    """
    below_base = Q(kind__level=OrganizationKind.Level.BELOW_BASE)
    sizes = list_sizes(queryset, below_base)
    if sizes["whole"] <= LONG_LIST:
        return Q()
    chosen = str(selected) if selected not in (None, "") else ""
    if not chosen.isdigit():
        if sizes["committees"] <= LONG_LIST:
            return ~below_base
        return Q(depth__lte=sizes["top"] + 1)
    pk = int(chosen)
    if sizes["committees"] <= LONG_LIST:
        return ~below_base | Q(pk=pk) | Q(parent_id=pk)
    # The ancestors are the organizations whose path begins the chosen one's: compared
    # with the chosen path read once (not an EXISTS per organization of the province).
    chosen_path = Subquery(PartyOrganization.objects.filter(pk=pk).values("path")[:1])
    ancestors = Q(path=Left(chosen_path, Length("path")))
    return Q(depth__lte=sizes["top"] + 1) | Q(pk=pk) | Q(parent_id=pk) | ancestors


# The sizes of the organization lists a request has measured, by query: a page with
# three organization filters (the inspection list) asks for the same sizes three times.
# Kept only while a request runs, so that nothing outlives the data it was read from.
_sizes_this_request: ContextVar[dict | None] = ContextVar("organization_list_sizes", default=None)


def start_request_sizes(**kwargs):
    """`request_started`: a request begins with no sizes known (connected in apps.py)."""
    _sizes_this_request.set({})


def end_request_sizes(**kwargs):
    """`request_finished`: what the request measured is forgotten."""
    _sizes_this_request.set(None)


def list_sizes(queryset, below_base: Q) -> dict:
    """How many organizations `queryset` holds and how many are committees, each counted
    no further than LONG_LIST + 1 (only whether a list is long matters), and the top
    depth: one query that reads a few hundred rows of an index, not a province's
    thousands (which cost a few milliseconds on every list page with a filter)."""
    queryset = queryset.order_by()
    parts = [
        queryset.values("pk")[: LONG_LIST + 1],
        queryset.exclude(below_base).values("pk")[: LONG_LIST + 1],
        queryset.order_by("depth").values("depth")[:1],
    ]
    try:
        compiled = [part.query.get_compiler(queryset.db).as_sql() for part in parts]
    except EmptyResultSet:  # a queryset known to be empty (`none()`) has no SQL
        return {"whole": 0, "committees": 0, "top": None}
    sql = (
        "SELECT (SELECT COUNT(*) FROM ({}) AS whole), "
        "(SELECT COUNT(*) FROM ({}) AS committees), ({})"
    ).format(*(part_sql for part_sql, _params in compiled))
    params = tuple(param for _sql, part_params in compiled for param in part_params)
    known = _sizes_this_request.get()
    key = (queryset.db, sql, params)
    if known is not None and key in known:
        return known[key]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        whole, committees, top = cursor.fetchone()
    sizes = {"whole": whole, "committees": committees, "top": top}
    if known is not None:
        known[key] = sizes
    return sizes
