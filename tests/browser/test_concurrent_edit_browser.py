"""Two clerks edit one member at the same time in two browsers: the second is told so."""

from playwright.sync_api import expect

from apps.members.models import PartyMember
from tests.factories import UserFactory, base_committee, cell, district, member


def test_the_second_clerk_is_told_the_member_changed(page, browser, live_server, log_in):
    root = district(code="TS")
    vong_the = base_committee(root, code="TS-VTH", name="Đảng bộ xã Vọng Thê")
    person = member(cell(vong_the, code="TS-VTH-01"), given_name="An", admitted_on="2015-01-10")
    UserFactory(username="staff", home_organization=root)
    UserFactory(username="staff2", home_organization=root)
    url = f"/members/{person.pk}/edit/"

    other = browser.new_context(base_url=live_server.url)
    other.set_default_timeout(15_000)
    try:
        second = log_in("staff2", tab=other.new_page())
        first = log_in("staff")
        first.goto(url)
        second.goto(url)

        first.get_by_label("Tên", exact=True).fill("Ân")
        first.get_by_role("button", name="Lưu").click()
        first.wait_for_url(f"**/members/{person.pk}/")

        second.get_by_label("Tên", exact=True).fill("Anh")
        second.get_by_role("button", name="Lưu").click()
        conflict = second.locator('.form-errors[data-conflict="changed"]')
        conflict.wait_for()
        assert "“An”" in conflict.inner_text()
        assert "“Ân”" in conflict.inner_text()
        # The second clerk's typing is still in the form, and nothing of it was saved.
        assert second.get_by_label("Tên", exact=True).input_value() == "Anh"
        assert PartyMember.objects.get(pk=person.pk).given_name == "Ân"

        conflict.locator("[data-reload]").click()
        expect(second.locator("[data-conflict]")).to_have_count(0)
        expect(second.get_by_label("Tên", exact=True)).to_have_value("Ân")
        second.get_by_label("Tên", exact=True).fill("Anh")
        second.get_by_role("button", name="Lưu").click()
        second.wait_for_url(f"**/members/{person.pk}/")
        assert PartyMember.objects.get(pk=person.pk).given_name == "Anh"
    finally:
        other.close()
