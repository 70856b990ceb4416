"""Two requests at the same moment, each in its own thread and database connection.

The row lock (`select_for_update`) is what makes exactly one of them win; SQLite has no
row locks (it locks the whole database file), so this runs on PostgreSQL, as CI does.
"""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from apps.core.concurrency import UnchangedRecordMixin
from apps.members.models import MemberEvent, PartyMember

from .conftest import form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite has no row locks; run with DATABASE_URL=postgres://… (CI does)",
    ),
]


def post_at_once(monkeypatch, requests):
    """Post every (client, url, data) in its own thread; all of them enter their
    transaction before any takes the row lock. Returns the status codes."""
    barrier = threading.Barrier(len(requests), timeout=30)
    lock_record = UnchangedRecordMixin.lock_record

    def lock_together(view):
        barrier.wait()
        return lock_record(view)

    monkeypatch.setattr(UnchangedRecordMixin, "lock_record", lock_together)
    statuses = [None] * len(requests)

    def run(index, client, url, data):
        try:
            statuses[index] = client.post(url, data).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.fixture
def probationary(tree):
    from tests.factories import member

    return member(tree["vong_the_1"], given_name="An", admitted_on="2015-01-10")


def test_two_edits_at_the_same_moment_one_wins(monkeypatch, probationary, clerks):
    url = reverse("members:update", args=[probationary.pk])
    first, second = clerks
    opened = [first.get(url), second.get(url)]
    statuses = post_at_once(
        monkeypatch,
        [
            (first, url, form_data(opened[0], given_name="Ân")),
            (second, url, form_data(opened[1], given_name="Anh")),
        ],
    )
    assert sorted(statuses) == [200, 302]
    winner = "Ân" if statuses[0] == 302 else "Anh"
    assert PartyMember.objects.get(pk=probationary.pk).given_name == winner


def test_two_recognitions_at_the_same_moment_record_one(monkeypatch, probationary, clerks):
    url = reverse("members:recognise", args=[probationary.pk])
    first, second = clerks
    opened = [first.get(url), second.get(url)]
    statuses = post_at_once(
        monkeypatch,
        [
            (first, url, form_data(opened[0], on="15/01/2016")),
            (second, url, form_data(opened[1], on="16/01/2016")),
        ],
    )
    assert sorted(statuses) == [200, 302]
    events = MemberEvent.objects.filter(member=probationary, kind=MemberEvent.Kind.RECOGNITION)
    assert events.count() == 1
