from django.urls import path

from . import views

app_name = "studies"

urlpatterns = [
    path("", views.SessionList.as_view(), name="session-list"),
    path("sessions/new/", views.SessionCreate.as_view(), name="session-create"),
    path("sessions/<int:pk>/", views.SessionDetail.as_view(), name="session-detail"),
    path("sessions/<int:pk>/edit/", views.SessionUpdate.as_view(), name="session-update"),
    path("sessions/<int:pk>/delete/", views.SessionDelete.as_view(), name="session-delete"),
    path(
        "sessions/<int:pk>/attendance/",
        views.AttendanceView.as_view(),
        name="session-attendance",
    ),
    path(
        "sessions/<int:pk>/attendance/delete/",
        views.AttendanceClear.as_view(),
        name="session-attendance-clear",
    ),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/new/", views.TopicCreate.as_view(), name="topic-create"),
    path("topics/<int:pk>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("topics/<int:pk>/edit/", views.TopicUpdate.as_view(), name="topic-update"),
    path("topics/<int:pk>/delete/", views.TopicDelete.as_view(), name="topic-delete"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("missed/", views.MissedList.as_view(), name="missed"),
    path("inspected/", views.InspectedList.as_view(), name="inspected"),
]
