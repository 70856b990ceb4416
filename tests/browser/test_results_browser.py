"""The 2023 review in a real browser: follow the 133, approve the year, be refused an edit."""

from io import StringIO

from django.core.management import call_command

from apps.studies.models import StudySession


def test_review_follow_the_admissions_approve_and_be_refused(page, log_in):
    call_command("demo", "--no-migrate", stdout=StringIO())
    session = StudySession.objects.filter(held_on__year=2023).order_by("pk").first()

    log_in("admin", "thoaison-admin")
    page.get_by_role("link", name="Kết quả năm").first.click()
    page.locator("select#year").select_option("2023")
    page.locator("form.filters button.primary").click()
    page.wait_for_url("**year=2023**")
    counts = page.locator("#target-counts").inner_text()
    assert "3 vượt" in counts
    assert "1 đạt" in counts

    admitted = page.locator('tr[data-indicator="members.admitted"] td[data-column="actual"] a')
    assert admitted.inner_text() == "133"
    admitted.click()
    page.wait_for_url("**/members/?admitted_year=2023**")
    assert "133" in page.locator(".table-summary, .pagination, main").first.inner_text()

    page.go_back()
    page.locator('a[href*="/closing/approve/"]').click()
    page.locator("form.card button.primary").click()  # the year and organization, prefilled
    page.locator("form.card.danger button.primary").click()  # confirm
    page.locator("[data-year-status] .notice, .messages").first.wait_for()

    page.goto(f"/studies/sessions/{session.pk}/edit/")
    page.get_by_label("Lượt đại biểu").fill(str(session.attendee_visits + 1))
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    error = page.locator(".errorlist, .form-errors, .notice").first.inner_text()
    assert "phê duyệt" in error
    assert "admin" in error
    before = session.attendee_visits
    session.refresh_from_db()
    assert session.attendee_visits == before
