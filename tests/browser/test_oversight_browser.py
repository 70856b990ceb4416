"""An inspection in a real browser: a whole cell at once, one violation, the year's figures."""

from playwright.sync_api import expect

from apps.oversight.models import Inspection
from tests.factories import UserFactory, base_committee, cell, district, member


def figure(page, work, level, key):
    selector = f'tr[data-work="{work}"][data-level="{level}"] td[data-figure="{key}"]'
    return page.locator(selector).inner_text().strip()


def test_inspect_a_cell_mark_a_violation_and_see_the_statistics(page, log_in):
    root = district(code="TS")
    vong_the = base_committee(root, code="TS-VTH", name="Đảng bộ xã Vọng Thê")
    tay_binh = cell(vong_the, code="TS-VTH-01", name="Chi bộ Ấp Tây Bình")
    for given_name in ["An", "Bình", "Cường"]:
        member(tay_binh, family_name="Nguyễn Văn", given_name=given_name, admitted_on="2015-03-02")
    UserFactory(username="clerk", home_organization=vong_the)

    log_in("clerk")
    page.get_by_role("link", name="Kiểm tra, giám sát").first.click()
    page.get_by_role("link", name="Thêm mới").click()
    page.get_by_label("Tổ chức thực hiện").select_option(label="— Đảng bộ xã Vọng Thê (TS-VTH)")
    page.get_by_label("Chủ thể thực hiện").select_option(label="Ban Thường vụ")
    page.get_by_label("Loại").select_option(label="Kiểm tra chấp hành")
    page.get_by_label("Số quyết định").fill("12-QĐ/ĐU")
    page.get_by_label("Ngày bắt đầu").fill("02/05/2023")
    page.get_by_label("Nội dung").fill("Kiểm tra việc chấp hành Điều lệ Đảng năm 2023")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="Đối tượng và kết luận").wait_for()

    page.get_by_role("link", name="Thêm tất cả đảng viên của chi bộ").click()
    page.get_by_label("Chi bộ").select_option(label="— — Chi bộ Ấp Tây Bình (TS-VTH-01)")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã thêm 3 đảng viên của Chi bộ Ấp Tây Bình").wait_for()

    page.get_by_role("link", name="Thống kê").click()
    page.get_by_label("Năm").select_option("2023")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**year=2023**")
    page.wait_for_load_state()
    assert figure(page, "inspection", "base", "members") == "3"
    assert figure(page, "inspection", "base", "member_violations") == "0"

    page.goto(Inspection.objects.get().get_absolute_url())
    row = page.locator("#subjects tr", has_text="Nguyễn Văn Bình")
    row.get_by_role("link", name="Sửa").click()
    page.get_by_label("Kết luận").select_option(label="Có vi phạm")
    page.get_by_role("button", name="Lưu").click()
    summary = "Chưa phát hiện vi phạm: 2 · Có hạn chế, khuyết điểm: 0 · Có vi phạm: 1"
    page.get_by_text(summary).wait_for()

    page.get_by_role("link", name="Thống kê").click()
    page.get_by_label("Năm").select_option("2023")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**year=2023**")
    page.wait_for_load_state()
    assert figure(page, "inspection", "base", "members") == "3"
    assert figure(page, "inspection", "base", "member_violations") == "1"
    page.locator(
        'tr[data-work="inspection"][data-level="base"] td[data-figure="member_violations"] a'
    ).click()
    listed = page.locator("table.records tbody tr")
    expect(listed).to_have_count(1)
    assert "Nguyễn Văn Bình" in listed.inner_text()
    assert Inspection.objects.get().subjects.filter(conclusion="violation").count() == 1
