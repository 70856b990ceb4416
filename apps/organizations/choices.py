"""Organizations offered in select boxes, fast enough for a province's thousands.

A province holds about 7,000 organizations. Django renders each option of a select
through a template and each ModelChoiceField choice through a model instance, which
costs over 100 ms for such a list; here options come from one values query and are
joined into HTML directly (`OrganizationSelect`, on `apps.core.forms.FastSelect`).
Filters on list pages also cut long lists to the organizations around the chosen one
("shortened", see `shortened_condition`): any organization the user sees is still
accepted by its id in the query string.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q

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
    sizes = queryset.order_by().aggregate(
        whole=Count("pk"), committees=Count("pk", filter=~below_base), top=Min("depth")
    )
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
    ancestors = PartyOrganization.objects.filter(pk=pk, path__startswith=OuterRef("path"))
    return Q(depth__lte=sizes["top"] + 1) | Q(pk=pk) | Q(parent_id=pk) | Q(Exists(ancestors))
