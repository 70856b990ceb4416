"""With the demo loaded, the 2023 review and summary state every figure of the article."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from apps.results.models import ManualValue, Resolution, Target

pytestmark = pytest.mark.django_db

# The seed article's sentences, as the summary writes them.
ARTICLE_FIGURES = [
    "3 chỉ tiêu vượt, 1 chỉ tiêu đạt",
    "58 cuộc sinh hoạt chính trị",
    "4.515 lượt đại biểu",
    "235 cuộc triển khai Chuyên đề năm 2023",
    "4.530 lượt đảng viên học tập, tỷ lệ 99,1%",
    "kiểm tra 18 chi, đảng bộ cơ sở",
    "phát triển 133 đảng viên, vượt chỉ tiêu nghị quyết (bằng 122,0% chỉ tiêu 109)",
    "đạt 100,0% chỉ tiêu của Kế hoạch phát triển đảng viên giai đoạn 2023 - 2025",
    "Huyện ủy kiểm tra 6 tổ chức đảng",
    "20 cán bộ chủ chốt; giám sát 5 tổ chức đảng, 11 cán bộ",
    "kiểm tra 65 chi bộ trực thuộc, 3.226 đảng viên (52 cấp ủy viên cơ sở)",
    "giám sát 65 chi bộ trực thuộc, 77 đảng viên (41 cấp ủy viên cơ sở)",
    "chưa phát hiện vi phạm",
    "nâng chất 392 mô hình",
]


def run_demo():
    call_command("demo", "--no-migrate", stdout=StringIO())


def test_demo_review_summary_and_command():
    run_demo()
    client = Client()
    # django-axes counts logins per address, so authentication needs the request.
    login_request = RequestFactory().post("/accounts/login/")
    assert client.login(request=login_request, username="admin", password="thoaison-admin")

    review = client.get("/results/", {"year": 2023}).context["review"]
    assert dict(review.counts) == {"exceeded": 3, "met": 1}
    admitted = review.row("members.admitted").current
    assert (admitted.value, admitted.target_value, admitted.status) == (133, 109, "exceeded")
    assert str(admitted.percent) == "122.0"
    # Click 133: the 133 admitted members.
    members = client.get(admitted.url)
    assert members.context["table"].paginator.count == 133

    summary = client.get("/results/summary/", {"year": 2023}).context["summary"].as_text()
    for figure in ARTICLE_FIGURES:
        assert figure in summary, figure

    out = StringIO()
    call_command("yearly_results", "--year", "2023", "--format", "text", stdout=out)
    assert out.getvalue() == summary
    out = StringIO()
    call_command("yearly_results", "--year", "2023", "--org", "TS", stdout=out)
    rows = {row[0]: row for row in csv.reader(StringIO(out.getvalue()))}
    assert rows["members.admitted"][3:] == ["109", "133", "122.0", "exceeded"]
    assert rows["studies.work_sessions"][4] == "58"
    assert rows["studies.work_attendee_visits"][4] == "4515"
    assert rows["studies.yearly_topic_sessions"][4] == "235"
    assert rows["studies.yearly_topic_member_visits"][4] == "4530"
    assert rows["studies.yearly_topic_rate"][4] == "99.1"
    assert rows["studies.orgs_inspected"][4] == "18"
    assert rows["mobilization.models_renewed"][4] == "392"
    assert sorted(row[-1] for row in rows.values() if row[-1] != "no_target") == [
        "exceeded", "exceeded", "exceeded", "met", "status",
    ]  # fmt: skip

    # The commune's clerk has the same page for Vọng Thê.
    clerk = Client()
    assert clerk.login(request=login_request, username="vongthe", password="thoaison-vongthe")
    commune = clerk.get("/results/", {"year": 2023}).context["review"]
    assert commune.organization.code == "TS-VTH"
    assert sum(commune.counts.values()) == 3

    before = (Resolution.objects.count(), Target.objects.count(), ManualValue.objects.count())
    run_demo()
    assert (
        Resolution.objects.count(),
        Target.objects.count(),
        ManualValue.objects.count(),
    ) == before
