"""The organization kinds a new database starts with (Điều lệ Đảng, as of 2023).

Used by data migrations and by the demo loader; administrators extend the kinds
afterwards in the admin (for example a provincial committee at the top).
"""

# Kinds whose organizations members belong to directly (the cells).
MEMBER_HOLDING_KINDS = {"base-cell", "cell"}

DEFAULT_KINDS = [
    # code, Vietnamese name, English name, level, may be root, allowed parents
    ("district", "Đảng bộ huyện", "District party committee", "superior", True, []),
    ("base-committee", "Đảng bộ cơ sở", "Base party committee", "base", False, ["district"]),
    ("base-cell", "Chi bộ cơ sở", "Base party cell", "base", False, ["district"]),
    (
        "partial-committee",
        "Đảng bộ bộ phận",
        "Partial party committee",
        "below_base",
        False,
        ["base-committee"],
    ),
    (
        "cell",
        "Chi bộ trực thuộc",
        "Subordinate party cell",
        "below_base",
        False,
        ["base-committee", "partial-committee"],
    ),
]


def ensure_default_kinds(kind_model):
    """Create the default kinds that are missing; never touch ones an admin changed."""
    # Data migrations pass historical models, which may lack fields added later.
    fields = {field.name for field in kind_model._meta.get_fields()}
    by_code = {}
    for position, (code, name, name_en, level, may_be_root, _parents) in enumerate(DEFAULT_KINDS):
        defaults = {
            "name": name,
            "name_en": name_en,
            "level": level,
            "may_be_root": may_be_root,
            "position": position * 10,
            "holds_members": code in MEMBER_HOLDING_KINDS,
        }
        kind, _created = kind_model.objects.get_or_create(
            code=code, defaults={key: value for key, value in defaults.items() if key in fields}
        )
        by_code[code] = kind
    for code, *_rest, parents in DEFAULT_KINDS:
        if not by_code[code].allowed_parents.exists():
            by_code[code].allowed_parents.set([by_code[parent] for parent in parents])
    return by_code
