"""What a session remembers about its login: when it began, when it was last used, and
whether it still owes the second step of a two-step login."""

from django.utils import timezone

LOGGED_IN_AT = "security.logged_in_at"
SEEN_AT = "security.seen_at"
CODE_REQUIRED = "security.code_required"

# The last-seen time is written at most this often, so that browsing does not save the
# session on every request.
SEEN_PRECISION = 60


def now() -> int:
    return int(timezone.now().timestamp())


def start(session, *, code_required: bool) -> None:
    """Stamp a fresh login; a user with a confirmed device still owes a code."""
    session[LOGGED_IN_AT] = session[SEEN_AT] = now()
    if code_required:
        session[CODE_REQUIRED] = True
    else:
        session.pop(CODE_REQUIRED, None)


def expiry_reason(session, *, max_age: int, idle_timeout: int) -> str | None:
    """Why the session is over ("absolute" or "idle"), else None; notes this visit."""
    moment = now()
    logged_in_at = session.get(LOGGED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if logged_in_at is None or seen_at is None:
        # A session from before these stamps existed: count from now.
        session[LOGGED_IN_AT] = session[SEEN_AT] = moment
        return None
    if moment - logged_in_at > max_age:
        return "absolute"
    if moment - seen_at > idle_timeout:
        return "idle"
    if moment - seen_at >= SEEN_PRECISION:
        session[SEEN_AT] = moment
    return None
