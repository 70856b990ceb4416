"""A hand-counted set of “Dân vận khéo” models in the small test district.

Counted by hand (see `world`):

| model | organization | field | holder | registered | ended | renewed | recognised on |
|---|---|---|---|---|---|---|---|
| security | Vọng Thê | defence | collective | 2019 | — | 2021, 2022, 2023 | 15/12/2022 |
| eels | Vọng Thê cell 01 | economy | collective | 2021 | — | 2022, 2023 | 15/10/2023, 20/12/2023 |
| dung | Vọng Thê cell 02 | culture | individual | 2023 | — | — | — |
| flowers | Vọng Thê | culture | collective | 2018 | 2022 | 2019, 2021, 2022 | 15/10/2019 |
| dialogue | Óc Eo | political | collective | 2020 | — | 2021, 2023 | 10/01/2023 |
| tam | district | political | individual | 2022 | — | 2023 | — |

In 2023: active security, eels, dung, dialogue, tam (5; flowers stopped in 2022), of
which individuals dung and tam (2); registered dung (1); renewed security, eels,
dialogue, tam (4); recognised eels (twice) and dialogue (2). Vọng Thê alone: 3, 1, 1,
2, 1.
"""

import datetime

import pytest

from apps.mobilization.models import MobilizationModel, ModelRecognition
from apps.mobilization.services import set_renewal_years

D = datetime.date


def mobilization_model(organization, name, registered_year, **fields):
    """A validated model with its renewal years, as the pages save it."""
    renewed = fields.pop("renewed", [])
    fields.setdefault("runner_kind", "party")
    fields.setdefault("field", "economy")
    model = MobilizationModel(
        organization=organization, name=name, registered_year=registered_year, **fields
    )
    model.full_clean()
    model.save()
    set_renewal_years(model, renewed)
    return model


def recognition(model, recognised_on, title="Giấy khen", **fields):
    row = ModelRecognition(model=model, recognised_on=recognised_on, title=title, **fields)
    row.full_clean()
    row.save()
    return row


def build_world(tree):
    security = mobilization_model(
        tree["vong_the"], "Tổ nhân dân tự quản an ninh trật tự", 2019,
        runner_kind="veterans", runner_name="Hội Cựu chiến binh xã Vọng Thê",
        field="defence_security", status="recognised", renewed=[2021, 2022, 2023],
    )  # fmt: skip
    recognition(security, D(2022, 12, 15), awarded_by="Ủy ban nhân dân huyện Thoại Sơn",
                decision="2150/QĐ-UBND")  # fmt: skip
    eels = mobilization_model(
        tree["vong_the_1"], "Mô hình nuôi lươn không bùn", 2021,
        runner_kind="farmers", runner_name="Chi hội Nông dân ấp Tây Bình",
        field="economy", status="replicated", renewed=[2022, 2023],
    )  # fmt: skip
    recognition(eels, D(2023, 10, 15))
    recognition(
        eels, D(2023, 12, 20), title="Bằng khen", awarded_by="Ủy ban nhân dân tỉnh An Giang"
    )
    dung = mobilization_model(
        tree["vong_the_2"], "Bà Phạm Thị Dung – hiến đất làm đường giao thông nông thôn", 2023,
        runner_kind="women", field="culture_society", holder="individual",
    )  # fmt: skip
    flowers = mobilization_model(
        tree["vong_the"], "Tuyến đường hoa nông thôn mới", 2018,
        runner_kind="fatherland_front", field="culture_society", status="discontinued",
        ended_year=2022, renewed=[2019, 2021, 2022],
    )  # fmt: skip
    recognition(flowers, D(2019, 10, 15))
    dialogue = mobilization_model(
        tree["oc_eo"], "Mô hình “Dân hỏi – cán bộ trả lời”", 2020,
        runner_kind="government", field="political_system", status="recognised",
        renewed=[2021, 2023],
    )  # fmt: skip
    dialogue_recognition = recognition(dialogue, D(2023, 1, 10))
    tam = mobilization_model(
        tree["district"], "Ông Lê Văn Tám – trưởng ấp gần dân, sát dân", 2022,
        field="political_system", holder="individual", renewed=[2023],
    )  # fmt: skip
    return {
        "security": security,
        "eels": eels,
        "dung": dung,
        "flowers": flowers,
        "dialogue": dialogue,
        "dialogue_recognition": dialogue_recognition,
        "tam": tam,
    }


@pytest.fixture
def world(tree):
    """The models above (`build_world` is also used by the results tests)."""
    return build_world(tree)
