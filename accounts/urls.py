from django.urls import URLPattern, URLResolver, path

from accounts import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.account_settings, name="account-settings"),
    path("profile/", views.profile_update, name="account-profile"),
    path("notifications/", views.notifications_update, name="account-notifications"),
]
