from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("persons/<slug:slug>/", views.PersonView.as_view(), name="person"),
    path("organizations/<slug:slug>/", views.OrganizationView.as_view(), name="organization"),
]
