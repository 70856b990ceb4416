# ruff: noqa: E501
"""Vietnamese words the generator draws from: names of people, places and records.

Kept apart from the generator so that its logic reads without pages of strings. The
weights follow the rough shares of family names in the Mekong delta; the place names
are plausible Western-region commune names, not a list of real ones.
"""

# (family name, weight in thousandths)
FAMILY_NAMES = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 65),
    ("Huỳnh", 50),
    ("Võ", 40),
    ("Phan", 40),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 15),
    ("Hồ", 15),
    ("Ngô", 15),
    ("Dương", 12),
    ("Lý", 12),
    ("Đoàn", 10),
    ("Châu", 10),
    ("Lâm", 10),
    ("Trương", 10),
    ("Tô", 8),
    ("Hoàng", 8),
    ("Mai", 7),
    ("Cao", 7),
    ("Thái", 6),
    ("Chau", 6),
    ("Néang", 4),
    ("Danh", 5),
    ("Kiều", 4),
    ("Quách", 4),
    ("La", 4),
    ("Từ", 3),
]

MALE_MIDDLE_NAMES = [
    "Văn", "Văn", "Văn", "Hữu", "Minh", "Thanh", "Quốc", "Công", "Đức", "Hoàng",
    "Ngọc", "Tấn", "Thành", "Trung", "Phước", "Chí", "Duy", "Quang", "Trọng", "Xuân",
]  # fmt: skip
FEMALE_MIDDLE_NAMES = [
    "Thị", "Thị", "Thị", "Thị Ngọc", "Ngọc", "Thị Kim", "Thị Thanh", "Thu", "Thị Mỹ",
    "Kim", "Thanh", "Thị Hồng", "Thị Bích", "Mỹ", "Thị Thu", "Hồng", "Bảo", "Thị Diễm",
]  # fmt: skip
MALE_GIVEN_NAMES = [
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
    "Khánh", "Khoa", "Kiệt", "Lâm", "Lộc", "Long", "Luân", "Minh", "Nam", "Nghĩa",
    "Nhân", "Phát", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành",
    "Thiện", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Vinh", "Vũ", "Tùng", "Hậu",
    "Lợi", "Tín", "Nhựt", "Quý", "Sang", "Tính", "Triều", "Út", "Khang",
]  # fmt: skip
FEMALE_GIVEN_NAMES = [
    "An", "Anh", "Châu", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My",
    "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thủy", "Trang",
    "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Thư", "Nhi", "Tiên", "Lệ", "Mơ",
    "Cúc", "Đào", "Kiều", "Nguyệt", "Phương", "Thắm", "Thơ", "Vy",
]  # fmt: skip

# Syllables of place names; two of them make a commune ("Vĩnh Phú", "Mỹ Hòa").
PLACE_FIRST = [
    "Vĩnh", "Mỹ", "Phú", "Bình", "An", "Tân", "Long", "Thạnh", "Hòa", "Định", "Vọng",
    "Tây", "Đông", "Thoại", "Hiệp", "Nhơn", "Khánh", "Hưng", "Thới", "Phước",
]  # fmt: skip
PLACE_SECOND = [
    "Phú", "Hòa", "Thành", "Bình", "An", "Lợi", "Thạnh", "Trạch", "Chánh", "Khánh",
    "Thê", "Đông", "Tây", "Mỹ", "Hưng", "Hội", "Thuận", "Xuân", "Lộc", "Điền",
]  # fmt: skip

# The eleven districts of An Giang; larger provinces number further districts.
DISTRICT_NAMES = [
    "Long Xuyên", "Châu Đốc", "Tân Châu", "An Phú", "Châu Phú", "Châu Thành",
    "Chợ Mới", "Phú Tân", "Thoại Sơn", "Tịnh Biên", "Tri Tôn",
]  # fmt: skip

# Followed by the unit: "Chi bộ Công an xã", "Chi bộ Quân sự phường".
COMMUNE_CELLS = ["Chi bộ Công an", "Chi bộ Quân sự"]
AGENCY_COMMITTEES = [
    "Đảng bộ Cơ quan Chính quyền",
    "Đảng bộ Cơ quan Đảng – Đoàn thể",
    "Đảng bộ Công an",
    "Đảng bộ Quân sự",
]
AGENCY_CELLS = [
    "Văn phòng", "Phòng Tài chính – Kế hoạch", "Phòng Nội vụ", "Phòng Tư pháp",
    "Phòng Nông nghiệp", "Phòng Tài nguyên và Môi trường", "Phòng Kinh tế và Hạ tầng",
    "Phòng Lao động – Thương binh và Xã hội", "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo", "Thanh tra", "Phòng Y tế",
]  # fmt: skip
BASE_CELLS = [
    "Chi bộ Trường Trung học phổ thông", "Chi bộ Trường Trung học cơ sở",
    "Chi bộ Trường Tiểu học", "Chi bộ Trung tâm Y tế", "Chi bộ Chi cục Thuế",
    "Chi bộ Kho bạc Nhà nước", "Chi bộ Ngân hàng Chính sách xã hội",
    "Chi bộ Điện lực", "Chi bộ Bưu điện", "Chi bộ Tòa án nhân dân",
    "Chi bộ Viện Kiểm sát nhân dân", "Chi bộ Bảo hiểm xã hội",
]  # fmt: skip

OCCUPATIONS = [
    ("Nông dân", 30), ("Cán bộ, công chức", 20), ("Viên chức", 10), ("Giáo viên", 8),
    ("Công an", 5), ("Quân nhân", 4), ("Hưu trí", 10), ("Kinh doanh", 5),
    ("Công nhân", 4), ("Sinh viên", 1), ("Y sĩ", 3),
]  # fmt: skip
EXPERTISE = ["", "", "Trung cấp", "Cao đẳng", "Đại học", "Đại học", "Thạc sĩ"]
ETHNICITIES = [("Kinh", 920), ("Khmer", 50), ("Hoa", 25), ("Chăm", 5)]
RELIGIONS = [
    ("", 700), ("Phật giáo", 150), ("Phật giáo Hòa Hảo", 100), ("Công giáo", 30),
    ("Cao Đài", 20),
]  # fmt: skip
ABSENCE_REASONS = ["Ốm", "Đi công tác", "Việc gia đình", "Đi làm ăn xa", ""]

INSPECTION_CONTENTS = [
    "Kiểm tra việc chấp hành Điều lệ Đảng, nghị quyết, chỉ thị của Đảng năm {year}",
    "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát và thi hành kỷ luật đảng",
    "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí",
    "Kiểm tra việc thực hiện quy chế làm việc và sinh hoạt chi bộ",
    "Kiểm tra việc lãnh đạo thực hiện nghị quyết về phát triển kinh tế – xã hội",
    "Kiểm tra việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
]
SUPERVISION_CONTENTS = [
    "Giám sát việc thực hiện nhiệm vụ của cấp ủy viên và đảng viên năm {year}",
    "Giám sát việc tu dưỡng, rèn luyện đạo đức, lối sống của đảng viên",
    "Giám sát việc kê khai tài sản, thu nhập",
    "Giám sát việc thực hiện nghị quyết của chi bộ về xây dựng nông thôn mới",
    "Giám sát chuyên đề việc giữ mối liên hệ với chi ủy và nhân dân nơi cư trú",
]
SUMMARIES = {
    "no_violation": "Chấp hành tốt, không phát hiện vi phạm.",
    "shortcomings": "Còn một số hạn chế, thiếu sót; yêu cầu khắc phục trong quý tới.",
    "violation": "Có vi phạm; đề nghị xem xét, xử lý theo quy định.",
    "no_signs": "Không phát hiện dấu hiệu vi phạm.",
    "signs_of_violation": "Phát hiện dấu hiệu vi phạm; đề nghị chuyển kiểm tra.",
}

# (year, short title, title, document number) of the yearly topics under Directive 05.
YEARLY_TOPIC_THEMES = [
    "về xây dựng Đảng trong sạch, vững mạnh",
    "về phong cách làm việc, ý thức trách nhiệm",
    "về trung thực, trách nhiệm; gắn bó với nhân dân",
    "về ý thức tôn trọng nhân dân, phát huy dân chủ",
    "về tăng cường khối đại đoàn kết toàn dân tộc",
    "về ý chí tự lực, tự cường và khát vọng phát triển đất nước",
    "về xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh",
    "về phát huy sức mạnh đại đoàn kết toàn dân tộc",
    "về xây dựng văn hóa và con người Việt Nam",
    "về thực hành tiết kiệm, chống lãng phí",
    "về đổi mới tư duy và hành động",
]
# (year, title, short title, term) of Central Committee resolutions studied.
CENTRAL_RESOLUTIONS = [
    (2016, "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng", "Nghị quyết Đại hội XII", "khóa XII"),
    (2016, "Nghị quyết Hội nghị Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng", "Nghị quyết Trung ương 4 khóa XII", "khóa XII"),
    (2017, "Nghị quyết Hội nghị Trung ương 5 khóa XII về hoàn thiện thể chế kinh tế thị trường", "Nghị quyết Trung ương 5 khóa XII", "khóa XII"),
    (2017, "Nghị quyết Hội nghị Trung ương 6 khóa XII về đổi mới hệ thống chính trị", "Nghị quyết Trung ương 6 khóa XII", "khóa XII"),
    (2018, "Nghị quyết Hội nghị Trung ương 7 khóa XII về công tác cán bộ", "Nghị quyết Trung ương 7 khóa XII", "khóa XII"),
    (2018, "Nghị quyết Hội nghị Trung ương 8 khóa XII về Chiến lược bảo vệ Tổ quốc", "Nghị quyết Trung ương 8 khóa XII", "khóa XII"),
    (2019, "Kết luận Hội nghị Trung ương 10 khóa XII", "Kết luận Trung ương 10 khóa XII", "khóa XII"),
    (2020, "Kết luận Hội nghị Trung ương 13 khóa XII", "Kết luận Trung ương 13 khóa XII", "khóa XII"),
    (2021, "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "Nghị quyết Đại hội XIII", "khóa XIII"),
    (2021, "Nghị quyết Hội nghị Trung ương 4 khóa XIII về xây dựng, chỉnh đốn Đảng", "Nghị quyết Trung ương 4 khóa XIII", "khóa XIII"),
    (2022, "Nghị quyết Hội nghị Trung ương 5 khóa XIII", "Nghị quyết Trung ương 5 khóa XIII", "khóa XIII"),
    (2022, "Nghị quyết Hội nghị Trung ương 6 khóa XIII", "Nghị quyết Trung ương 6 khóa XIII", "khóa XIII"),
    (2023, "Nghị quyết Hội nghị Trung ương 8 khóa XIII về xây dựng và phát huy giá trị văn hóa", "Nghị quyết Trung ương 8 khóa XIII", "khóa XIII"),
    (2024, "Nghị quyết Hội nghị Trung ương 9 và 10 khóa XIII", "Nghị quyết Trung ương 9, 10 khóa XIII", "khóa XIII"),
    (2025, "Nghị quyết Hội nghị Trung ương 11 khóa XIII về sắp xếp tổ chức bộ máy", "Nghị quyết Trung ương 11 khóa XIII", "khóa XIII"),
    (2026, "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", "Nghị quyết Đại hội XIV", "khóa XIV"),
]  # fmt: skip
WORKS = [
    (2017, "Tác phẩm “Sửa đổi lối làm việc” của Chủ tịch Hồ Chí Minh", "Sửa đổi lối làm việc"),
    (2019, "Di chúc của Chủ tịch Hồ Chí Minh", "Di chúc của Bác"),
    (2021, "Tác phẩm “Đường cách mệnh”", "Đường cách mệnh"),
    (2023, "Bài viết về chủ nghĩa xã hội và con đường đi lên chủ nghĩa xã hội", "Bài viết của Tổng Bí thư"),
    (2025, "Tác phẩm “Dân vận” của Chủ tịch Hồ Chí Minh", "Dân vận"),
]  # fmt: skip

MOBILIZATION_NAMES = [
    "Tuyến đường hoa, cây xanh", "Nhà vệ sinh hợp vệ sinh cho hộ nghèo",
    "Hỗ trợ sinh kế cho hộ cận nghèo", "Camera an ninh trật tự", "Tổ tự quản đường phố",
    "Hũ gạo tình thương", "Thắp sáng đường quê", "Cầu nông thôn", "Chợ văn minh",
    "Dân vận khéo trong xây dựng nông thôn mới", "Tổ hợp tác trồng lúa chất lượng cao",
    "Vận động hiến đất làm đường", "Nuôi heo đất giúp học sinh nghèo",
    "Phân loại rác tại nguồn", "Dân vận khéo trong thu nộp thuế",
    "Tiếng kẻng an ninh", "Mái ấm công đoàn", "Tủ sách pháp luật",
    "Bếp ăn tình thương", "Nước sạch cho đồng bào Khmer",
]  # fmt: skip
RECOGNITION_TITLES = [
    ("Giấy khen", "Ủy ban nhân dân huyện"),
    ("Giấy khen", "Ban Thường vụ Huyện ủy"),
    ("Bằng khen", "Ủy ban nhân dân tỉnh"),
    ("Giấy khen", "Ban Dân vận Huyện ủy"),
]
