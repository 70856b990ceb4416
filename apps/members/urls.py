from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.MemberList.as_view(), name="list"),
    path("admit/", views.MemberAdmit.as_view(), name="admit"),
    path("development/", views.DevelopmentView.as_view(), name="development"),
    path("import/", views.MemberImportUpload.as_view(), name="import"),
    path("import/<int:pk>/", views.MemberImportPreview.as_view(), name="import-preview"),
    path("positions/import/", views.PositionImportUpload.as_view(), name="position-import"),
    path(
        "positions/import/<int:pk>/",
        views.PositionImportPreview.as_view(),
        name="position-import-preview",
    ),
    path("<int:pk>/", views.MemberDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MemberUpdate.as_view(), name="update"),
    path("<int:pk>/recognise/", views.RecognitionView.as_view(), name="recognise"),
    path("<int:pk>/transfer/", views.TransferView.as_view(), name="transfer"),
    path("<int:pk>/transfer-out/", views.TransferOutView.as_view(), name="transfer-out"),
    path("<int:pk>/death/", views.DeathView.as_view(), name="death"),
    path("<int:pk>/removal/", views.RemovalView.as_view(), name="removal"),
    path("<int:pk>/expulsion/", views.ExpulsionView.as_view(), name="expulsion"),
    path("<int:pk>/exemption/", views.ExemptionView.as_view(), name="exemption"),
    path("<int:pk>/exemption/end/", views.EndExemptionView.as_view(), name="exemption-end"),
    path("<int:member_pk>/positions/new/", views.PositionCreate.as_view(), name="position-create"),
    path("positions/<int:pk>/delete/", views.PositionDelete.as_view(), name="position-delete"),
    path("<int:member_pk>/ratings/new/", views.RatingCreate.as_view(), name="rating-create"),
    path("ratings/<int:pk>/delete/", views.RatingDelete.as_view(), name="rating-delete"),
    path("<int:member_pk>/badges/new/", views.BadgeCreate.as_view(), name="badge-create"),
    path("badges/<int:pk>/delete/", views.BadgeDelete.as_view(), name="badge-delete"),
    path(
        "<int:member_pk>/disciplines/new/",
        views.DisciplineCreate.as_view(),
        name="discipline-create",
    ),
    path(
        "disciplines/<int:pk>/delete/", views.DisciplineDelete.as_view(), name="discipline-delete"
    ),
    path(
        "organization-ratings/",
        views.OrganizationRatingList.as_view(),
        name="organization-rating-list",
    ),
    path(
        "organization-ratings/new/",
        views.OrganizationRatingCreate.as_view(),
        name="organization-rating-create",
    ),
    path(
        "organization-ratings/<int:pk>/",
        views.OrganizationRatingUpdate.as_view(),
        name="organization-rating-update",
    ),
    path("candidates/", views.CandidateList.as_view(), name="candidate-list"),
    path("candidates/new/", views.CandidateCreate.as_view(), name="candidate-create"),
    path("candidates/<int:pk>/", views.CandidateUpdate.as_view(), name="candidate-update"),
]
