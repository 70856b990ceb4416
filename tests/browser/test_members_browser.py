"""A member's life in a real browser: admitted, recognised a year later, transferred."""

from apps.members.models import MemberStatus, PartyMember
from tests.factories import UserFactory, base_committee, cell, district


def test_admit_recognise_transfer_and_read_the_timeline(page, log_in):
    root = district(code="TS")
    vong_the = base_committee(root, code="TS-VTH", name="Đảng bộ xã Vọng Thê")
    first = cell(vong_the, code="TS-VTH-01", name="Chi bộ Ấp Tây Bình")
    second = cell(vong_the, code="TS-VTH-02", name="Chi bộ Ấp Trung Sơn")
    UserFactory(username="staff", home_organization=root)

    log_in("staff")
    page.get_by_role("link", name="Đảng viên").first.click()
    page.get_by_role("link", name="Kết nạp đảng viên mới").first.click()
    page.get_by_label("Chi bộ").select_option(label="— — Chi bộ Ấp Tây Bình (TS-VTH-01)")
    page.get_by_label("Ngày vào Đảng").fill("02/03/2023")
    page.get_by_label("Họ và tên đệm").fill("Nguyễn Như")
    page.get_by_label("Tên", exact=True).fill("Anh")
    page.get_by_label("Giới tính").select_option(label="Nam")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã kết nạp Nguyễn Như Anh là đảng viên dự bị.").wait_for()

    # Too early: the form says from which day recognition is possible.
    page.get_by_role("link", name="Công nhận chính thức").click()
    page.get_by_label("Ngày chính thức").fill("01/03/2024")
    page.get_by_role("button", name="Công nhận chính thức").click()
    page.get_by_text("chỉ được công nhận chính thức từ ngày 02/03/2024").wait_for()
    page.get_by_label("Ngày chính thức").fill("02/03/2024")
    page.get_by_role("button", name="Công nhận chính thức").click()
    page.get_by_text("Đã công nhận đảng viên chính thức.").wait_for()

    page.get_by_role("link", name="Chuyển sinh hoạt", exact=True).click()
    page.get_by_label("Đến chi bộ").select_option(label="— — Chi bộ Ấp Trung Sơn (TS-VTH-02)")
    page.get_by_label("Ngày chuyển").fill("01/07/2024")
    page.get_by_role("button", name="Chuyển sinh hoạt sang chi bộ khác").click()
    page.get_by_text("Đã chuyển sinh hoạt đảng.").wait_for()

    timeline = page.locator("ol.timeline li").all_inner_texts()
    expected = [
        "02/03/2023 Kết nạp — Chi bộ Ấp Tây Bình",
        "02/03/2024 Công nhận chính thức — Chi bộ Ấp Tây Bình",
        "01/07/2024 Chuyển sinh hoạt sang chi bộ khác — Chi bộ Ấp Trung Sơn (Chi bộ Ấp Tây Bình)",
    ]
    assert len(timeline) == len(expected)
    for entry, start in zip(timeline, expected, strict=True):
        assert entry.startswith(start)
        assert "staff ghi lúc" in entry
    member = PartyMember.objects.get(given_name="Anh")
    assert (member.status, member.cell) == (MemberStatus.OFFICIAL, second)
    assert first.memberships.get().ended_on.isoformat() == "2024-07-01"
