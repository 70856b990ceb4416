"""add_uid: rows that existed before the migration each get their own identifier."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import district

BEFORE = [("studies", "0001_initial")]
AFTER = [("studies", "0002_uid")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_distinct_uids():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    topic = old_apps.get_model("studies", "StudyTopic")
    owner = district()  # the organizations' tables are at their latest state
    for number in range(3):
        topic.objects.create(
            kind="yearly", title=f"Chuyên đề {number}", year=2023, owner_id=owner.pk
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    uids = list(new_apps.get_model("studies", "StudyTopic").objects.values_list("uid", flat=True))

    assert len(uids) == 3
    assert None not in uids
    assert len(set(uids)) == 3
    # Back to the latest state, for the tests that follow.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
