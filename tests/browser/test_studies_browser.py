"""A study session in a real browser: its attendance list changes the topic's rate."""

import datetime

from playwright.sync_api import expect

from apps.studies.models import StudySession, StudyTopic
from tests.factories import UserFactory, base_committee, cell, district, member


def rate(page, topic):
    page.get_by_role("link", name="Thống kê").click()
    page.get_by_label("Năm").select_option("2023")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**year=2023**")
    page.wait_for_load_state()
    return page.locator(f'tr[data-topic="{topic.pk}"] td[data-figure="rate"]').inner_text()


def test_record_a_session_with_its_attendance_list_and_see_the_rate_change(page, log_in):
    root = district(code="TS")
    vong_the = base_committee(root, code="TS-VTH", name="Đảng bộ xã Vọng Thê")
    tay_binh = cell(vong_the, code="TS-VTH-01", name="Chi bộ Ấp Tây Bình")
    for given_name in ["An", "Bình", "Cường", "Dũng"]:
        member(tay_binh, family_name="Nguyễn Văn", given_name=given_name, admitted_on="2015-03-02")
    topic = StudyTopic.objects.create(
        kind="yearly_topic",
        title="Xây dựng văn hóa, con người An Giang theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        short_title="Chuyên đề năm 2023",
        year=2023,
        issuing_body="Tỉnh ủy An Giang",
        owner=root,
    )
    # An earlier session of the commune, typed: all 4 members came.
    StudySession.objects.create(
        topic=topic,
        organizer=vong_the,
        held_on=datetime.date(2023, 5, 10),
        attendee_visits=6,
        member_visits=4,
        members_expected=4,
        members_counted=4,
    )
    UserFactory(username="clerk", home_organization=vong_the)

    log_in("clerk")
    page.get_by_role("link", name="Học tập chính trị").first.click()
    assert rate(page, topic) == "100,0%"

    page.get_by_role("link", name="Học tập, sinh hoạt chính trị").click()
    page.get_by_role("link", name="Thêm mới").click()
    page.get_by_label("Chủ đề").select_option(label="Chuyên đề năm 2023")
    page.get_by_label("Đơn vị tổ chức").select_option(label="— Đảng bộ xã Vọng Thê (TS-VTH)")
    page.get_by_label("Ngày").fill("15/11/2023")
    page.get_by_label("Lượt đại biểu").fill("5")
    page.get_by_label("Lượt đảng viên").fill("4")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="Điểm danh").wait_for()
    # Typed as 4 of 4 (the number expected counted from the records): still 100 %.
    assert rate(page, topic) == "100,0%"

    page.goto(StudySession.objects.get(held_on=datetime.date(2023, 11, 15)).get_absolute_url())
    page.get_by_role("link", name="Điểm danh từng đảng viên").click()
    page.get_by_label("Nguyễn Văn Cường").uncheck()
    page.locator("tr", has_text="Nguyễn Văn Cường").get_by_role("textbox").fill("Ốm")
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_text("Đã lưu điểm danh: 3/4 đảng viên có mặt.").wait_for()
    absent = page.locator("#attendance tr", has_text="Nguyễn Văn Cường")
    assert "Ốm" in absent.inner_text()

    # (4 + 3) of (4 + 4) members expected.
    assert rate(page, topic) == "87,5%"
    page.locator(f'tr[data-topic="{topic.pk}"] td[data-figure="missed"] a').click()
    listed = page.locator("table.records tbody tr")
    expect(listed).to_have_count(1)
    assert "Cường" in listed.inner_text()
