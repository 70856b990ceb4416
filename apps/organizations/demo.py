"""The Thoại Sơn demo structure (An Giang), as it stood in 2023.

The district committee, a base committee for each of its 17 towns and communes, the
district's base organizations in agencies, the police, the military and schools, and
a plausible set of cells: about 62 base organizations and 256 subordinate cells, the
shape the district reported for its 2020 congress. Hamlet cells are numbered rather
than named, because their real names are not part of our sources.
"""

import datetime

from django.db import transaction

from .defaults import ensure_default_kinds
from .models import Commune, OrganizationKind, PartyOrganization

DISTRICT_CODE = "TS"
FOUNDED = datetime.date(1979, 1, 1)

# (code suffix, commune kind, name, number of hamlet cells). Towns call hamlets "khóm".
COMMUNES = [
    ("NS", "town", "Núi Sập", 9),
    ("OE", "town", "Óc Eo", 8),
    ("PH", "town", "Phú Hòa", 8),
    ("AB", "commune", "An Bình", 6),
    ("BT", "commune", "Bình Thành", 7),
    ("DM", "commune", "Định Mỹ", 7),
    ("DT", "commune", "Định Thành", 7),
    ("MPD", "commune", "Mỹ Phú Đông", 6),
    ("PT", "commune", "Phú Thuận", 7),
    ("TP", "commune", "Tây Phú", 6),
    ("TG", "commune", "Thoại Giang", 7),
    ("VC", "commune", "Vĩnh Chánh", 6),
    ("VK", "commune", "Vĩnh Khánh", 7),
    ("VP", "commune", "Vĩnh Phú", 6),
    ("VT", "commune", "Vĩnh Trạch", 7),
    ("VD", "commune", "Vọng Đông", 7),
    ("VTH", "commune", "Vọng Thê", 8),
]

# Cells that every commune committee has besides its hamlets.
COMMUNE_AGENCY_CELLS = [
    ("CQD", "Chi bộ Cơ quan Đảng – Mặt trận – Đoàn thể"),
    ("CQ", "Chi bộ Chính quyền"),
    ("CA", "Chi bộ Công an"),
    ("QS", "Chi bộ Quân sự"),
    ("YT", "Chi bộ Trạm Y tế"),
]

AGENCY_COMMITTEES = [
    (
        "CQCQ",
        "Đảng bộ Cơ quan Chính quyền huyện",
        [
            "Văn phòng HĐND và UBND huyện",
            "Phòng Tài chính – Kế hoạch",
            "Phòng Nội vụ",
            "Phòng Tư pháp",
            "Phòng Nông nghiệp và Phát triển nông thôn",
            "Phòng Tài nguyên và Môi trường",
            "Phòng Kinh tế và Hạ tầng",
            "Phòng Lao động – Thương binh và Xã hội",
            "Phòng Văn hóa và Thông tin",
            "Phòng Giáo dục và Đào tạo",
            "Thanh tra huyện",
            "Phòng Y tế",
            "Ban Quản lý dự án",
        ],
    ),
    (
        "DDT",
        "Đảng bộ Cơ quan Đảng – Đoàn thể huyện",
        [
            "Văn phòng Huyện ủy",
            "Ban Tổ chức Huyện ủy",
            "Ủy ban Kiểm tra Huyện ủy",
            "Ban Tuyên giáo Huyện ủy",
            "Ban Dân vận Huyện ủy",
            "Trung tâm Chính trị",
            "Ủy ban MTTQ Việt Nam huyện",
            "Hội Nông dân huyện",
            "Hội Liên hiệp Phụ nữ huyện",
            "Huyện đoàn",
            "Hội Cựu chiến binh huyện",
            "Liên đoàn Lao động huyện",
            "Hội Chữ thập đỏ huyện",
        ],
    ),
    (
        "CA",
        "Đảng bộ Công an huyện",
        [
            "Đội Tổng hợp",
            "Đội Cảnh sát hình sự",
            "Đội Cảnh sát kinh tế",
            "Đội Cảnh sát quản lý hành chính",
            "Đội Cảnh sát giao thông",
            "Đội An ninh",
            "Đội Cảnh sát điều tra",
            "Đội Cảnh sát thi hành án hình sự",
            "Đội Cảnh sát phòng cháy chữa cháy",
            "Nhà tạm giữ",
            "Đội Cảnh sát môi trường",
            "Đội Xây dựng phong trào",
            "Đội Cảnh sát cơ động",
        ],
    ),
    (
        "QS",
        "Đảng bộ Quân sự huyện",
        [
            "Ban Tham mưu",
            "Ban Chính trị",
            "Ban Hậu cần – Kỹ thuật",
            "Trung đội Dân quân",
            "Kho vũ khí",
            "Đại đội Bộ binh",
            "Trung đội Thông tin",
            "Trung đội Trinh sát",
            "Trung đội Công binh",
            "Trung đội Pháo binh",
            "Tổ Quân y",
            "Tổ Xe",
            "Tiểu đội Phòng hóa",
        ],
    ),
]

BASE_CELLS = [
    "Chi bộ Tòa án nhân dân huyện",
    "Chi bộ Viện Kiểm sát nhân dân huyện",
    "Chi bộ Chi cục Thi hành án dân sự",
    "Chi bộ Chi cục Thuế khu vực",
    "Chi bộ Kho bạc Nhà nước huyện",
    "Chi bộ Ngân hàng Chính sách xã hội huyện",
    "Chi bộ Ngân hàng Nông nghiệp huyện",
    "Chi bộ Điện lực Thoại Sơn",
    "Chi bộ Bưu điện huyện",
    "Chi bộ Trung tâm Y tế huyện",
    "Chi bộ Bệnh viện Đa khoa huyện",
    "Chi bộ Trung tâm Văn hóa – Thể thao",
    "Chi bộ Đài Truyền thanh huyện",
    "Chi bộ Trung tâm Giáo dục nghề nghiệp",
    "Chi bộ Chi cục Thống kê",
    "Chi bộ Hạt Kiểm lâm",
    "Chi bộ Ban Quản lý di tích Óc Eo",
    "Chi bộ Trung tâm Dịch vụ nông nghiệp",
    "Chi bộ Văn phòng Đăng ký đất đai",
    "Chi bộ Bảo hiểm xã hội huyện",
    "Chi bộ Trường Trung học phổ thông Thoại Sơn",
    "Chi bộ Trường Trung học phổ thông Núi Sập",
    "Chi bộ Trường Trung học phổ thông Vĩnh Trạch",
    "Chi bộ Trường Trung học phổ thông Vọng Thê",
    "Chi bộ Trường Trung học phổ thông Phú Hòa",
    "Chi bộ Trường Trung học cơ sở Núi Sập",
    "Chi bộ Trường Trung học cơ sở Óc Eo",
    "Chi bộ Trường Trung học cơ sở Phú Hòa",
    "Chi bộ Trường Trung học cơ sở Định Mỹ",
    "Chi bộ Trường Trung học cơ sở Vĩnh Chánh",
    "Chi bộ Trường Trung học cơ sở Tây Phú",
    "Chi bộ Trường Trung học cơ sở Thoại Giang",
    "Chi bộ Trường Trung học cơ sở Vĩnh Khánh",
    "Chi bộ Trường Trung học cơ sở Bình Thành",
    "Chi bộ Trường Trung học cơ sở Vọng Đông",
    "Chi bộ Trường Tiểu học Núi Sập",
    "Chi bộ Trường Tiểu học Óc Eo",
    "Chi bộ Trường Tiểu học Phú Hòa",
    "Chi bộ Trường Mầm non Núi Sập",
    "Chi bộ Công ty Cổ phần Nông nghiệp Thoại Sơn",
    "Chi bộ Quỹ Tín dụng nhân dân Phú Hòa",
]


def _upsert(code, **fields):
    organization = PartyOrganization.objects.filter(code=code).first()
    if organization is None:
        organization = PartyOrganization(code=code)
    changed = organization.pk is None or any(
        getattr(organization, name) != value for name, value in fields.items()
    )
    if changed:
        for name, value in fields.items():
            setattr(organization, name, value)
        organization.save()
    return organization


@transaction.atomic
def load_organizations() -> PartyOrganization:
    """Create or refresh the demo tree; running it again changes nothing."""
    ensure_default_kinds(OrganizationKind)
    kinds = {kind.code: kind for kind in OrganizationKind.objects.all()}
    district = _upsert(
        DISTRICT_CODE,
        name="Đảng bộ huyện Thoại Sơn",
        kind=kinds["district"],
        parent=None,
        founded_on=FOUNDED,
    )
    for suffix, commune_kind, name, hamlets in COMMUNES:
        commune, _created = Commune.objects.update_or_create(
            code=f"thoai-son-{suffix.lower()}",
            defaults={
                "name": name,
                "kind": commune_kind,
                "district": "Thoại Sơn",
                "province": "An Giang",
            },
        )
        is_town = commune_kind == Commune.Kind.TOWN
        committee_code = f"{DISTRICT_CODE}-{suffix}"
        committee = _upsert(
            committee_code,
            name=f"Đảng bộ {'thị trấn' if is_town else 'xã'} {name}",
            kind=kinds["base-committee"],
            parent=district,
            commune=commune,
            founded_on=FOUNDED,
        )
        hamlet_word = "Khóm" if is_town else "Ấp"
        for number in range(1, hamlets + 1):
            _upsert(
                f"{committee_code}-{number:02d}",
                name=f"Chi bộ {hamlet_word} {number}",
                kind=kinds["cell"],
                parent=committee,
                commune=commune,
                founded_on=FOUNDED,
            )
        for cell_suffix, cell_name in COMMUNE_AGENCY_CELLS:
            _upsert(
                f"{committee_code}-{cell_suffix}",
                name=cell_name,
                kind=kinds["cell"],
                parent=committee,
                commune=commune,
                founded_on=FOUNDED,
            )
    for suffix, name, cells in AGENCY_COMMITTEES:
        committee = _upsert(
            f"{DISTRICT_CODE}-{suffix}",
            name=name,
            kind=kinds["base-committee"],
            parent=district,
            founded_on=FOUNDED,
        )
        for number, cell_name in enumerate(cells, start=1):
            _upsert(
                f"{DISTRICT_CODE}-{suffix}-{number:02d}",
                name=f"Chi bộ {cell_name}",
                kind=kinds["cell"],
                parent=committee,
                founded_on=FOUNDED,
            )
    for number, name in enumerate(BASE_CELLS, start=1):
        _upsert(
            f"{DISTRICT_CODE}-CB{number:02d}",
            name=name,
            kind=kinds["base-cell"],
            parent=district,
            founded_on=FOUNDED,
        )
    return district
