"""Long lists of organizations: select boxes, the tree and the list, at a province's size."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from apps.organizations import choices
from apps.organizations.choices import organization_options
from apps.organizations.filters import SubtreeFilter
from apps.organizations.forms import OrganizationChoiceField
from apps.organizations.models import OrganizationKind, PartyOrganization
from tests.factories import cell


@pytest.fixture
def many_cells(tree):
    """Ten more cells under Vọng Thê: with LONG_LIST lowered, the list counts as long."""
    return [cell(tree["vong_the"], code=f"TS-VTH-X{n}", name=f"Chi bộ Ấp {n}") for n in range(10)]


def test_options_follow_the_tree_with_indented_labels(tree):
    options = organization_options(PartyOrganization.objects.all())
    assert [option.pk for option in options] == list(
        PartyOrganization.objects.order_by("path").values_list("pk", flat=True)
    )
    by_pk = {option.pk: option for option in options}
    assert by_pk[tree["district"].pk].label == f"{tree['district'].name} (TS)"
    assert by_pk[tree["vong_the_1"].pk].label == "— — Chi bộ Ấp Tây Bình (TS-VTH-01)"


def test_a_long_list_offers_the_committees_and_the_chosen_cell(tree, many_cells, monkeypatch):
    monkeypatch.setattr(choices, "LONG_LIST", 5)
    everything = PartyOrganization.objects.all()
    shortened = organization_options(everything, shortened=True)
    assert {option.pk for option in shortened} == {
        tree["district"].pk, tree["vong_the"].pk, tree["oc_eo"].pk,
    }  # fmt: skip
    chosen = many_cells[3]
    kept = organization_options(everything, shortened=True, selected=chosen.pk)
    assert chosen.pk in {option.pk for option in kept}
    # Forms that must offer cells (admission, transfers) never shorten.
    assert len(organization_options(everything)) == everything.count()


def test_sizes_are_counted_no_further_than_the_limit(tree, many_cells, monkeypatch):
    """Only whether a list is long matters: a province's thousands are not counted."""
    below_base = Q(kind__level=OrganizationKind.Level.BELOW_BASE)
    organizations = PartyOrganization.objects.all()
    committees = organizations.exclude(below_base).count()
    sizes = choices.list_sizes(organizations, below_base)
    assert sizes == {"whole": organizations.count(), "committees": committees, "top": 0}
    monkeypatch.setattr(choices, "LONG_LIST", committees - 1)
    assert choices.list_sizes(organizations, below_base) == {
        "whole": committees, "committees": committees, "top": 0,
    }  # fmt: skip
    commune = organizations.filter(pk=tree["vong_the"].pk) | organizations.filter(
        parent=tree["vong_the"]
    )
    assert choices.list_sizes(commune, below_base)["top"] == tree["vong_the"].depth
    assert choices.list_sizes(organizations.none(), below_base) == {
        "whole": 0, "committees": 0, "top": None,
    }  # fmt: skip


def test_short_lists_are_offered_whole(tree, many_cells):
    everything = PartyOrganization.objects.all()
    assert len(organization_options(everything, shortened=True)) == everything.count()


def test_options_cost_two_queries_however_many_organizations(tree, many_cells, monkeypatch):
    monkeypatch.setattr(choices, "LONG_LIST", 5)
    with CaptureQueriesContext(connection) as few:
        organization_options(PartyOrganization.objects.filter(code__startswith="TS-OE"))
    with CaptureQueriesContext(connection) as many:
        organization_options(PartyOrganization.objects.all(), shortened=True)
    assert len(few) <= 2
    assert len(many) == 2


def test_options_html_escapes_names_and_marks_the_chosen_one(tree):
    tree["oc_eo_1"].name = 'Chi bộ <b>"Khóm"</b>'
    tree["oc_eo_1"].save()
    field = OrganizationChoiceField(
        queryset=PartyOrganization.objects.filter(pk=tree["oc_eo_1"].pk), empty_label="Tất cả"
    )
    html = field.widget.render("within", str(tree["oc_eo_1"].pk))
    assert '<option value="">Tất cả</option><option' in html
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert f'<option value="{tree["oc_eo_1"].pk}" selected>' in html


def test_the_field_renders_the_same_options_as_its_choices(tree):
    field = OrganizationChoiceField(queryset=PartyOrganization.objects.all(), required=False)
    html = field.widget.render("within", tree["vong_the"].pk, attrs={"id": "id_within"})
    assert html.startswith('<select name="within" id="id_within">')
    rendered = html.count("<option ")
    assert rendered == len(list(field.choices))
    assert f'value="{tree["vong_the"].pk}" selected' in html
    # The value still validates against every organization of the queryset.
    assert field.clean(str(tree["oc_eo_2"].pk)) == tree["oc_eo_2"]


def test_filters_shorten_and_still_accept_a_cell_by_its_id(rf, tree, many_cells, monkeypatch):
    """A link to a cell's members (?within=<cell>) still filters, though not offered."""
    monkeypatch.setattr(choices, "LONG_LIST", 5)
    from apps.members.filters import MemberFilterSet
    from apps.members.models import PartyMember
    from tests.factories import UserFactory, member

    person = member(many_cells[0], family_name="Lê Văn", given_name="Ba")
    member(tree["oc_eo_1"], family_name="Võ Thị", given_name="Tư")
    request = rf.get("/", {"within": many_cells[0].pk})
    request.user = UserFactory(home_organization=tree["district"])
    filterset = MemberFilterSet(request.GET, queryset=PartyMember.objects.all(), request=request)
    assert list(filterset.qs) == [person]
    assert isinstance(filterset.filters["within"], SubtreeFilter)
    html = str(filterset.form["within"])
    assert f'value="{many_cells[0].pk}" selected' in html
    assert f'value="{many_cells[1].pk}"' not in html


def test_a_long_tree_shows_its_top_and_opens_a_branch(staff_client, tree, many_cells, monkeypatch):
    from django.urls import reverse

    url = reverse("organizations:tree")
    whole = staff_client.get(url).content.decode()
    assert tree["vong_the_1"].name in whole
    assert "tổ chức trực thuộc" not in whole
    monkeypatch.setattr(choices, "LONG_LIST", 5)
    folded = staff_client.get(url).content.decode()
    assert tree["vong_the_1"].name not in folded
    assert tree["vong_the"].name in folded
    assert "12 tổ chức trực thuộc" in folded  # Vọng Thê: the 2 cells of the tree + 10 more
    assert f'?within={tree["oc_eo"].pk}">2 tổ chức trực thuộc' in folded
    branch = staff_client.get(url, {"within": tree["oc_eo"].pk}).content.decode()
    assert tree["oc_eo_1"].name in branch
    assert tree["vong_the_1"].name not in branch


def test_the_tree_costs_the_same_queries_however_large(staff_client, tree, monkeypatch):
    from django.urls import reverse

    from tests.helpers import count_queries

    monkeypatch.setattr(choices, "LONG_LIST", 8)
    url = reverse("organizations:tree")
    before = count_queries(staff_client, url)
    for n in range(10):
        cell(tree["oc_eo"], code=f"TS-OE-Y{n}", name=f"Chi bộ Khóm {n}")
    assert count_queries(staff_client, url) == before


def test_a_province_sized_list_drills_down_from_the_chosen_one(tree, many_cells, monkeypatch):
    """Even the committees are too many: the top two levels, then around the choice."""
    monkeypatch.setattr(choices, "LONG_LIST", 2)
    everything = PartyOrganization.objects.all()

    def offered(selected=None):
        return {o.pk for o in organization_options(everything, shortened=True, selected=selected)}

    top = {tree["district"].pk, tree["vong_the"].pk, tree["oc_eo"].pk}
    assert offered() == top
    vong_the_cells = set(tree["vong_the"].children.values_list("pk", flat=True))
    assert offered(tree["vong_the"].pk) == top | vong_the_cells
    assert offered(str(many_cells[3].pk)) == top | {many_cells[3].pk}
    assert offered("not-a-number") == top


def test_a_parent_outside_the_scope_is_named_not_linked(tree):
    """A commune's clerk sees their commune's parent, the district, but cannot open it."""
    from django.test import Client
    from django.urls import reverse

    from tests.factories import UserFactory

    clerk = Client()
    clerk.force_login(UserFactory(home_organization=tree["vong_the"]))
    html = clerk.get(reverse("organizations:list"), HTTP_HOST="127.0.0.1").content.decode()
    assert tree["district"].name in html
    assert tree["district"].get_absolute_url() + '"' not in html
    assert f'href="{tree["vong_the"].get_absolute_url()}"' in html


def sizes_queries(captured) -> int:
    return sum(") AS whole)" in query["sql"] for query in captured.captured_queries)


def test_a_page_measures_its_organization_list_once(staff_client, tree):
    """The inspection list's three organization filters share one count of the list."""
    from django.urls import reverse

    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get(reverse("oversight:inspection-list"))
    assert response.status_code == 200
    assert response.content.decode().count("<select") >= 3
    assert sizes_queries(captured) == 1


def test_outside_a_request_the_sizes_are_read_each_time(tree, many_cells, monkeypatch):
    """Nothing is kept between requests: a new cell changes the next list at once."""
    monkeypatch.setattr(choices, "LONG_LIST", PartyOrganization.objects.count())
    visible = PartyOrganization.objects.all()
    assert len(organization_options(visible, shortened=True)) == visible.count()
    cell(tree["vong_the"], code="TS-VTH-99", name="Chi bộ thêm")
    with CaptureQueriesContext(connection) as captured:
        shortened = organization_options(PartyOrganization.objects.all(), shortened=True)
    assert sizes_queries(captured) == 1
    assert len(shortened) < PartyOrganization.objects.count()  # now over the limit: cut


def test_a_deep_choice_brings_its_ancestors_below_the_top_levels(tree, monkeypatch):
    """Province → district → commune → cell: choosing the cell offers its commune too."""
    from tests.factories import base_committee, district

    monkeypatch.setattr(choices, "LONG_LIST", 2)
    province = district(code="AG", name="Đảng bộ tỉnh An Giang")
    county = district(code="AG-TS", name="Đảng bộ huyện", parent=province)
    commune = base_committee(county, code="AG-TS-1", name="Đảng bộ xã Một")
    other = base_committee(county, code="AG-TS-2", name="Đảng bộ xã Hai")
    chosen = cell(commune, code="AG-TS-1-01", name="Chi bộ Ấp Một")
    cell(other, code="AG-TS-2-01", name="Chi bộ Ấp Hai")
    under_province = PartyOrganization.objects.filter(path__startswith=province.path)
    offered = {
        option.pk
        for option in organization_options(under_province, shortened=True, selected=chosen.pk)
    }
    assert offered == {province.pk, county.pk, commune.pk, chosen.pk}
