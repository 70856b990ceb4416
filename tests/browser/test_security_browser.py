"""Under the Content Security Policy, in a real browser: the admin's and our own scripts run
and the browser refuses nothing."""

from django.urls import reverse

from tests.factories import UserFactory


def test_the_admin_and_our_pages_work_under_the_policy(page, log_in):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: refused.append(str(error)))
    log_in("root")

    user = UserFactory(username="clerk")
    page.goto(reverse("admin:accounts_user_change", args=[user.pk]))
    # SelectFilter2.js, an external admin script, turns the permissions list into two boxes.
    page.locator("#id_user_permissions_from").wait_for()
    page.goto(reverse("admin:accounts_user_add"))
    page.locator("#id_username").wait_for()

    page.goto(reverse("security:two_factor"))
    assert page.locator("[data-qr] svg").is_visible()
    box = page.locator("[data-qr] svg").bounding_box()
    assert box["width"] > 100  # sized by app.css, not by a style attribute
    assert refused == []
