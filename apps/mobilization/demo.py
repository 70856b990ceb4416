"""The Thoại Sơn demo's “Dân vận khéo” models, registered 2016–2024.

The seed article counts "392 mô hình hay, hiệu quả" renewed and improved in 2023; the
demo renews exactly that many in 2023 and a plausible rising number in the other
years (`RENEWED`), so that the yearly comparison moves. Models are spread over the
district committee, the 17 towns and communes and some of their hamlet cells, across
runners and fields; some were discontinued, many recognised (Giấy khen, Bằng khen).

Everything comes from one seeded random generator and is written with bulk_create,
so every load gives the same records in well under a second; a district that already
has models is left alone, so loading twice adds nothing.
"""

import datetime
import random
import re

from django.db import transaction

from apps.organizations.demo import DISTRICT_CODE
from apps.organizations.models import PartyOrganization

from .models import (
    Holder,
    MobilizationModel,
    ModelRecognition,
    ModelRenewal,
    ModelStatus,
    RunnerKind,
    WorkField,
)

SEED = 392  # the models renewed in 2023, as the article counts them
BATCH_SIZE = 500

# New registrations per year: the movement's first big wave in 2016, fewer later.
REGISTERED = {
    2016: 170, 2017: 60, 2018: 55, 2019: 50, 2020: 45, 2021: 40, 2022: 35, 2023: 30, 2024: 25,
}  # fmt: skip
# Models renewed and improved ("đổi mới, nâng chất") each year; 2023 is the article's.
RENEWED = {
    2017: 120, 2018: 165, 2019: 210, 2020: 250, 2021: 340, 2022: 365, 2023: 392, 2024: 405,
}  # fmt: skip
LAST_YEAR = max(REGISTERED)
DISCONTINUED_SHARE = 0.08
INDIVIDUAL_SHARE = 0.2
# Where models are recorded: the district committee, a commune's committee, a hamlet cell.
PLACES = [("district", 8), ("commune", 64), ("hamlet", 28)]

# (runner kind, weight, {field: weight}).
RUNNERS = [
    (RunnerKind.PARTY, 14, {WorkField.POLITICAL_SYSTEM: 6, WorkField.CULTURE_SOCIETY: 2,
                            WorkField.DEFENCE_SECURITY: 1, WorkField.ECONOMY: 1}),
    (RunnerKind.FATHERLAND_FRONT, 12, {WorkField.CULTURE_SOCIETY: 5,
                                       WorkField.POLITICAL_SYSTEM: 3, WorkField.ECONOMY: 2}),
    (RunnerKind.FARMERS, 17, {WorkField.ECONOMY: 8, WorkField.CULTURE_SOCIETY: 1,
                              WorkField.DEFENCE_SECURITY: 1}),
    (RunnerKind.WOMEN, 17, {WorkField.ECONOMY: 4, WorkField.CULTURE_SOCIETY: 4,
                            WorkField.DEFENCE_SECURITY: 1}),
    (RunnerKind.YOUTH, 12, {WorkField.CULTURE_SOCIETY: 4, WorkField.DEFENCE_SECURITY: 3,
                            WorkField.ECONOMY: 2}),
    (RunnerKind.VETERANS, 10, {WorkField.DEFENCE_SECURITY: 5, WorkField.ECONOMY: 3,
                               WorkField.CULTURE_SOCIETY: 1}),
    (RunnerKind.TRADE_UNION, 4, {WorkField.ECONOMY: 2, WorkField.CULTURE_SOCIETY: 2}),
    (RunnerKind.GOVERNMENT, 11, {WorkField.POLITICAL_SYSTEM: 5, WorkField.DEFENCE_SECURITY: 3,
                                 WorkField.CULTURE_SOCIETY: 1}),
    (RunnerKind.OTHER, 3, {WorkField.CULTURE_SOCIETY: 3, WorkField.ECONOMY: 1}),
]  # fmt: skip

# The running body's name at the district, a commune ({commune}) and a hamlet ({hamlet}).
RUNNER_NAMES = {
    RunnerKind.PARTY: ("Ban Thường vụ Huyện ủy Thoại Sơn", "Đảng ủy {commune}",
                       "Chi bộ {hamlet}"),
    RunnerKind.FATHERLAND_FRONT: ("Ủy ban MTTQ Việt Nam huyện Thoại Sơn",
                                  "Ủy ban MTTQ Việt Nam {commune}",
                                  "Ban Công tác Mặt trận {hamlet}"),
    RunnerKind.FARMERS: ("Hội Nông dân huyện Thoại Sơn", "Hội Nông dân {commune}",
                         "Chi hội Nông dân {hamlet}"),
    RunnerKind.WOMEN: ("Hội Liên hiệp Phụ nữ huyện Thoại Sơn", "Hội Liên hiệp Phụ nữ {commune}",
                       "Chi hội Phụ nữ {hamlet}"),
    RunnerKind.YOUTH: ("Huyện đoàn Thoại Sơn", "Đoàn {commune}", "Chi đoàn {hamlet}"),
    RunnerKind.VETERANS: ("Hội Cựu chiến binh huyện Thoại Sơn", "Hội Cựu chiến binh {commune}",
                          "Chi hội Cựu chiến binh {hamlet}"),
    RunnerKind.TRADE_UNION: ("Liên đoàn Lao động huyện Thoại Sơn", "Công đoàn cơ sở {commune}",
                             "Công đoàn cơ sở {commune}"),
    RunnerKind.GOVERNMENT: ("Ủy ban nhân dân huyện Thoại Sơn", "Ủy ban nhân dân {commune}",
                            "Ban Nhân dân {hamlet}"),
    RunnerKind.OTHER: ("Hội Chữ thập đỏ huyện Thoại Sơn", "Hội Chữ thập đỏ {commune}",
                       "Chi hội Chữ thập đỏ {hamlet}"),
}  # fmt: skip

COLLECTIVE_NAMES = {
    WorkField.ECONOMY: [
        "Mô hình nuôi lươn không bùn", "Mô hình trồng nấm rơm", "Mô hình nuôi cá lóc trong vèo",
        "Mô hình luân canh lúa – màu", "Mô hình nuôi gà thả vườn",
        "Mô hình trồng rau an toàn theo tiêu chuẩn VietGAP",
        "Tổ hợp tác sản xuất lúa chất lượng cao", "Cánh đồng lớn liên kết tiêu thụ lúa",
        "Mô hình chăn nuôi bò vỗ béo", "Mô hình trồng khoai lang Nhật",
        "Mô hình nuôi ếch thương phẩm", "Mô hình trồng dưa lưới trong nhà màng",
        "Nhóm hộ giúp nhau thoát nghèo", "Tổ tiết kiệm và vay vốn", "Mô hình đan lục bình",
        "Mô hình làm bánh phồng truyền thống", "Tổ hợp tác máy gặt đập liên hợp",
        "Mô hình sản xuất lúa giảm phát thải", "Câu lạc bộ nông dân sản xuất giỏi",
        "Mô hình nuôi cá trên ruộng lúa",
    ],
    WorkField.CULTURE_SOCIETY: [
        "Tuyến đường hoa nông thôn mới", "Tuyến đường xanh – sạch – đẹp",
        "Mô hình “Nhà 5 không, 3 sạch”", "Mô hình xây cầu, làm đường giao thông nông thôn",
        "Mô hình “Mái ấm tình thương” cho hộ nghèo", "Câu lạc bộ gia đình hạnh phúc",
        "Mô hình “Tủ sách pháp luật”", "Mô hình phân loại rác thải tại nguồn",
        "Mô hình “Bếp ăn tình thương”", "Mô hình “Tiếp sức đến trường”",
        "Mô hình “Thắp sáng đường quê”", "Câu lạc bộ dưỡng sinh người cao tuổi",
        "Mô hình “Góp đá xây cầu”", "Tổ nhân dân tự quản vệ sinh môi trường",
        "Mô hình hiến đất làm đường giao thông nông thôn",
        "Mô hình “Nuôi heo đất giúp học sinh nghèo”", "Câu lạc bộ đờn ca tài tử",
        "Mô hình “Ngày Chủ nhật xanh”",
    ],
    WorkField.DEFENCE_SECURITY: [
        "Tổ nhân dân tự quản an ninh trật tự", "Mô hình “Camera an ninh”", "Tổ tuần tra nhân dân",
        "Mô hình “Khu dân cư an toàn về an ninh trật tự”",
        "Mô hình “Tổ liên gia an toàn phòng cháy, chữa cháy”",
        "Mô hình “Cựu chiến binh tham gia phòng, chống tội phạm”",
        "Mô hình “Bến đò an toàn”", "Mô hình “Gia đình không có người vi phạm pháp luật”",
        "Tổ hòa giải ở cơ sở", "Mô hình “Phụ nữ tham gia phòng, chống tội phạm”",
        "Mô hình quản lý, giáo dục người lầm lỗi tại cộng đồng",
        "Mô hình “Thanh niên xung kích giữ gìn trật tự an toàn giao thông”",
        "Mô hình “Dòng họ không có tội phạm và tệ nạn xã hội”",
    ],
    WorkField.POLITICAL_SYSTEM: [
        "Mô hình “Dân hỏi – cán bộ trả lời”", "Mô hình tiếp xúc, đối thoại trực tiếp với nhân dân",
        "Mô hình “Đảng viên gương mẫu nơi cư trú”",
        "Mô hình “Mỗi đảng viên phụ trách một hộ gia đình”",
        "Mô hình “Cán bộ, đảng viên bám ấp, sát dân”", "Mô hình “Ngày thứ Bảy cùng dân”",
        "Mô hình “Chi bộ sinh hoạt chuyên đề gắn với công tác dân vận”",
        "Mô hình “Hộp thư góp ý của nhân dân”",
        "Mô hình “Nhóm Zalo kết nối chính quyền với người dân”",
        "Mô hình phát triển đảng viên trong đoàn viên, hội viên",
        "Mô hình vận động đồng bào tôn giáo chấp hành tốt chủ trương, chính sách",
        "Mô hình cải cách thủ tục hành chính “một cửa liên thông”",
    ],
}  # fmt: skip

# Names that only some runners would give their model (a part of the name → runners).
RESERVED = {
    "nông dân sản xuất giỏi": {RunnerKind.FARMERS},
    "Phụ nữ": {RunnerKind.WOMEN},
    "Cựu chiến binh": {RunnerKind.VETERANS},
    "Thanh niên": {RunnerKind.YOUTH},
    "Tiếp sức đến trường": {RunnerKind.YOUTH, RunnerKind.WOMEN, RunnerKind.FATHERLAND_FRONT},
    "Chi bộ": {RunnerKind.PARTY},
    "đảng viên": {RunnerKind.PARTY},
    "Cán bộ": {RunnerKind.PARTY, RunnerKind.GOVERNMENT},
    "thủ tục hành chính": {RunnerKind.GOVERNMENT},
    "Nhóm Zalo": {RunnerKind.GOVERNMENT, RunnerKind.FATHERLAND_FRONT},
    "Dân hỏi": {RunnerKind.GOVERNMENT, RunnerKind.PARTY, RunnerKind.FATHERLAND_FRONT},
    "đồng bào tôn giáo": {RunnerKind.FATHERLAND_FRONT, RunnerKind.PARTY},
    "Tổ hợp tác": {RunnerKind.FARMERS, RunnerKind.GOVERNMENT, RunnerKind.OTHER},
    "Cánh đồng lớn": {RunnerKind.FARMERS, RunnerKind.GOVERNMENT},
}


def suits(name: str, runner_kind: str) -> bool:
    """Whether a runner of this kind would give its model this name."""
    return all(runner_kind in kinds for part, kinds in RESERVED.items() if part in name)


DEEDS = {
    WorkField.ECONOMY: [
        "nông dân sản xuất, kinh doanh giỏi", "giúp hộ nghèo vay vốn, con giống không lãi",
        "tạo việc làm cho lao động nông thôn", "chuyển giao kỹ thuật nuôi lươn cho bà con",
        "đi đầu chuyển đổi cây trồng trên đất lúa",
    ],
    WorkField.CULTURE_SOCIETY: [
        "hiến đất làm đường giao thông nông thôn", "vận động xây cầu, làm đường nông thôn",
        "tận tâm với công tác nhân đạo, từ thiện", "giúp học sinh nghèo vượt khó đến trường",
        "nhiều năm nấu cơm từ thiện tại bệnh viện",
    ],
    WorkField.DEFENCE_SECURITY: [
        "tích cực tham gia phòng, chống tội phạm", "tổ trưởng tổ tuần tra nhân dân gương mẫu",
        "hòa giải viên giỏi ở cơ sở", "vận động thanh niên lên đường nhập ngũ",
        "giúp người lầm lỗi tái hòa nhập cộng đồng",
    ],
    WorkField.POLITICAL_SYSTEM: [
        "trưởng ấp gần dân, sát dân", "cán bộ dân vận khéo ở cơ sở",
        "đảng viên gương mẫu nơi cư trú", "tổ trưởng tổ nhân dân tự quản tiêu biểu",
        "chức sắc tôn giáo sống tốt đời, đẹp đạo",
    ],
}  # fmt: skip
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi",
                "Lâm", "Dương", "Châu", "Đỗ", "Ngô"]  # fmt: skip
MEN = (["Văn", "Thanh", "Minh", "Hữu", "Quốc", "Công"],
       ["Tư", "Sáu", "Bảy", "Tám", "Phước", "Hùng", "Dũng", "Nghĩa", "Lộc", "Thành", "Tài",
        "Hiếu", "Trung", "Nhân"])  # fmt: skip
WOMEN = (["Thị", "Ngọc", "Thị Kim", "Thị Thu", "Thị Mỹ"],
         ["Lan", "Hồng", "Mai", "Thủy", "Hạnh", "Nga", "Phượng", "Diễm", "Loan", "Hoa", "Yến",
          "Tuyết"])  # fmt: skip

# (form of recognition, awarding body, decision number pattern).
RECOGNITIONS = [
    ("Giấy khen", "Ủy ban nhân dân huyện Thoại Sơn", "{number}/QĐ-UBND"),
    ("Giấy khen", "Ban Thường vụ Huyện ủy Thoại Sơn", "{number}-QĐ/HU"),
    ("Giấy khen", "Ban Dân vận Huyện ủy Thoại Sơn", "{number}-QĐ/BDVHU"),
]
HIGHER_RECOGNITIONS = [
    ("Bằng khen", "Ủy ban nhân dân tỉnh An Giang", "{number}/QĐ-UBND"),
    ("Bằng khen", "Ban Thường vụ Tỉnh ủy An Giang", "{number}-QĐ/TU"),
]
# Recognitions come with the year's review (December, January) or on the Day of Mass
# Mobilization (15 October).
RECOGNITION_MONTHS = [10, 10, 11, 12, 12, 12, 1, 5]
# Years of work before a recognition (and between a first and a higher one).
RECOGNISED_AFTER = [1, 1, 2, 2, 2, 3, 3, 4, 5]
_HAMLET_CELL = re.compile(r"-\d\d$")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _DemoModels:
    """Plans every model in memory, then writes models, renewals and recognitions in bulk."""

    def __init__(self, district: PartyOrganization):
        self.rng = random.Random(SEED)
        self.district = district
        organizations = list(
            PartyOrganization.objects.filter(path__startswith=district.path)
            .select_related("kind")
            .order_by("code")
        )
        self.communes = [
            o for o in organizations if o.parent_id == district.pk and o.commune_id is not None
        ]
        self.hamlets = {
            commune.pk: [
                o for o in organizations
                if o.parent_id == commune.pk and _HAMLET_CELL.search(o.code)
            ]
            for commune in self.communes
        }  # fmt: skip
        self.models: list[MobilizationModel] = []
        self.names: set[str] = set()

    def _weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def _place(self):
        """(organization, commune place name, hamlet place name) for one model."""
        where = self._weighted([(place, weight) for place, weight in PLACES])
        if where == "district":
            return self.district, "", ""
        commune = self.rng.choice(self.communes)
        commune_place = _lower_first(commune.name.removeprefix("Đảng bộ "))
        if where == "commune" or not self.hamlets[commune.pk]:
            return commune, commune_place, ""
        cell = self.rng.choice(self.hamlets[commune.pk])
        return cell, commune_place, _lower_first(cell.name.removeprefix("Chi bộ "))

    def _name(self, field, holder, runner_kind, commune_place, hamlet_place):
        rng = self.rng
        collective = [name for name in COLLECTIVE_NAMES[field] if suits(name, runner_kind)]
        for _attempt in range(50):
            if holder == Holder.INDIVIDUAL:
                men = rng.random() < 0.6 and runner_kind != RunnerKind.WOMEN
                middles, givens = MEN if men else WOMEN
                person = f"{rng.choice(FAMILY_NAMES)} {rng.choice(middles)} {rng.choice(givens)}"
                name = f"{'Ông' if men else 'Bà'} {person} – {rng.choice(DEEDS[field])}"
                if hamlet_place or commune_place:
                    name += f" ({', '.join(p for p in (hamlet_place, commune_place) if p)})"
            else:
                name = rng.choice(collective)
                place = ", ".join(p for p in (hamlet_place, commune_place) if p)
                name += f" {place or 'huyện Thoại Sơn'}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("The demo ran out of model names.")

    def _runner_name(self, runner_kind, commune_place, hamlet_place) -> str:
        district_name, commune_name, hamlet_name = RUNNER_NAMES[runner_kind]
        if hamlet_place:
            return hamlet_name.format(commune=commune_place, hamlet=hamlet_place)
        if commune_place:
            return commune_name.format(commune=commune_place)
        return district_name

    def _model(self, year: int) -> MobilizationModel:
        rng = self.rng
        organization, commune_place, hamlet_place = self._place()
        runner_kind, fields = self._weighted(
            [((kind, fields), weight) for kind, weight, fields in RUNNERS]
        )
        field = self._weighted(list(fields.items()))
        holder = Holder.INDIVIDUAL if rng.random() < INDIVIDUAL_SHARE else Holder.COLLECTIVE
        model = MobilizationModel(
            name=self._name(field, holder, runner_kind, commune_place, hamlet_place),
            organization=organization,
            runner_kind=runner_kind,
            runner_name=self._runner_name(runner_kind, commune_place, hamlet_place),
            field=field,
            holder=holder,
            registered_year=year,
            status=ModelStatus.REGISTERED,
            description=f"Đăng ký thực hiện năm {year} trong phong trào thi đua “Dân vận khéo”.",
        )
        if year < LAST_YEAR and rng.random() < DISCONTINUED_SHARE:
            model.status = ModelStatus.DISCONTINUED
            model.ended_year = rng.randint(year + 1, LAST_YEAR)
        model.refresh_derived_fields()
        return model

    def plan(self):
        for year, count in REGISTERED.items():
            self.models += [self._model(year) for _number in range(count)]

    def _renewed_years(self) -> dict[int, list[int]]:
        """{model index: years renewed}: each year exactly RENEWED[year] models, chosen among
        those registered before that year and still running in it."""
        renewed = {index: [] for index in range(len(self.models))}
        for year, count in RENEWED.items():
            candidates = [
                index
                for index, model in enumerate(self.models)
                if model.registered_year < year and model.is_active_in(year)
            ]
            if len(candidates) < count:
                raise RuntimeError(f"Only {len(candidates)} models could be renewed in {year}.")
            for index in self.rng.sample(candidates, count):
                renewed[index].append(year)
        return renewed

    def _recognition(self, model, year, choices) -> ModelRecognition:
        rng = self.rng
        title, body, decision = rng.choice(choices)
        month = rng.choice(RECOGNITION_MONTHS)
        # A January recognition belongs to the review of the year before.
        year = year + 1 if month == 1 and year < LAST_YEAR else year
        return ModelRecognition(
            model=model,
            recognised_on=datetime.date(year, month, rng.randint(1, 28)),
            title=title,
            awarded_by=body,
            decision=decision.format(number=rng.randint(12, 2400)),
        )

    def _recognitions(self, model, renewed_years) -> list[ModelRecognition]:
        """A model recognised after a year of work, a replicated one also by the province."""
        rng = self.rng
        if model.registered_year >= LAST_YEAR:
            return []
        last = model.ended_year or LAST_YEAR
        if model.status == ModelStatus.DISCONTINUED:
            if rng.random() > 0.3:
                return []
            year = min(model.registered_year + rng.choice(RECOGNISED_AFTER), last)
            return [self._recognition(model, year, RECOGNITIONS)]
        roll = rng.random()
        if roll < 0.12 or (model.registered_year == LAST_YEAR - 1 and roll < 0.6):
            return []  # still only registered
        first_year = min(model.registered_year + rng.choice(RECOGNISED_AFTER), last)
        recognitions = [self._recognition(model, first_year, RECOGNITIONS)]
        model.status = ModelStatus.RECOGNISED
        higher_year = first_year + rng.choice(RECOGNISED_AFTER)
        if higher_year <= last and len(renewed_years) >= 3 and rng.random() < 0.45:
            model.status = ModelStatus.REPLICATED
            recognitions.append(self._recognition(model, higher_year, HIGHER_RECOGNITIONS))
        return recognitions

    def write(self) -> int:
        renewed = self._renewed_years()
        recognitions = []
        for index, model in enumerate(self.models):
            recognitions += self._recognitions(model, renewed[index])
        MobilizationModel.objects.bulk_create(self.models, batch_size=BATCH_SIZE)
        ModelRenewal.objects.bulk_create(
            [
                ModelRenewal(model=self.models[index], year=year)
                for index, years in renewed.items()
                for year in years
            ],
            batch_size=BATCH_SIZE,
        )
        ModelRecognition.objects.bulk_create(recognitions, batch_size=BATCH_SIZE)
        return len(self.models)


@transaction.atomic
def load_mobilization() -> int:
    """Create the demo's “Dân vận khéo” models; returns how many it made.

    Does nothing (and returns 0) when the district is missing or already has models,
    demo or real: the demo never mixes with other data.
    """
    district = PartyOrganization.objects.filter(code=DISTRICT_CODE).first()
    if district is None:
        return 0
    if MobilizationModel.objects.filter(organization__path__startswith=district.path).exists():
        return 0
    demo = _DemoModels(district)
    demo.plan()
    return demo.write()
