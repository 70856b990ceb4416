"""A clerk's first minutes, in a real browser: log in, add a cell, find it, export."""

import csv
import io

from playwright.sync_api import expect

from apps.core.exports import BOM
from apps.organizations.models import PartyOrganization
from tests.factories import UserFactory, base_committee, district


def test_create_find_and_export_a_cell(page, log_in):
    root = district(code="TS")
    vong_the = base_committee(root, code="TS-VTH", name="Đảng bộ xã Vọng Thê")
    base_committee(root, code="TS-OE", name="Đảng bộ thị trấn Óc Eo")
    UserFactory(username="staff", home_organization=root)

    log_in("staff")
    page.get_by_role("link", name="Tổ chức Đảng").first.click()
    page.get_by_role("link", name="Đảng bộ xã Vọng Thê").click()
    page.get_by_role("link", name="Thêm đơn vị trực thuộc").click()

    page.get_by_label("Mã").fill("TS-VTH-09")
    page.get_by_label("Tên").fill("Chi bộ Ấp Tây Hưng")
    page.get_by_label("Loại").select_option(label="Chi bộ trực thuộc")
    page.get_by_label("Ngày thành lập").fill("15/03/2024")
    page.get_by_role("button", name="Lưu").click()

    page.get_by_text("Đã lưu “Chi bộ Ấp Tây Hưng”.").wait_for()
    created = PartyOrganization.objects.get(code="TS-VTH-09")
    assert created.parent == vong_the
    assert created.founded_on.isoformat() == "2024-03-15"

    page.get_by_role("link", name="Tổ chức Đảng").first.click()
    page.get_by_label("Tìm kiếm").fill("tay hung")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**q=tay+hung**")
    rows = page.locator("table.records tbody tr")
    # The assertion retries: right after the navigation the table may still be parsing.
    expect(rows).to_have_count(1)
    assert "Chi bộ Ấp Tây Hưng" in rows.first.inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất CSV").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8") as exported:
        content = exported.read()
    assert content.startswith(BOM)
    table = list(csv.reader(io.StringIO(content[len(BOM) :])))
    assert table[0][:2] == ["Mã", "Tên"]
    assert [row[:3] for row in table[1:]] == [
        ["TS-VTH-09", "Chi bộ Ấp Tây Hưng", "Chi bộ trực thuộc"]
    ]
    assert table[1][-2] == "15/03/2024"
