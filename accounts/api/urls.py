from django.urls import URLPattern, URLResolver, path

from accounts.api import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("register/", views.AuthRegisterApi.as_view(), name="api-auth-register"),
    path("token/", views.AuthTokenObtainApi.as_view(), name="api-auth-token"),
    path("token/refresh/", views.AuthTokenRefreshApi.as_view(), name="api-auth-token-refresh"),
    path("logout/", views.AuthLogoutApi.as_view(), name="api-auth-logout"),
    path("me/", views.AuthMeApi.as_view(), name="api-auth-me"),
    path("password/", views.AuthPasswordChangeApi.as_view(), name="api-auth-password"),
]
