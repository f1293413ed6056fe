"""Organization web pages, mounted at the site root (config/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from organizations import views

app_org = "app/<slug:org_slug>/"
settings = f"{app_org}settings/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("app/orgs/new/", views.org_new, name="org-new"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path(app_org, views.dashboard, name="org-dashboard"),
    # Notifications
    path(f"{app_org}notifications/", views.notification_list, name="org-notifications"),
    path(
        f"{app_org}notifications/read-all/",
        views.notifications_read_all,
        name="org-notifications-read-all",
    ),
    path(
        f"{app_org}notifications/<int:notification_id>/read/",
        views.notification_read,
        name="org-notification-read",
    ),
    # Settings
    path(settings, views.settings_general, name="org-settings"),
    path(f"{settings}leave/", views.org_leave, name="org-leave"),
    path(f"{settings}delete/", views.org_delete, name="org-delete"),
    path(f"{settings}members/", views.member_list, name="org-members"),
    path(f"{settings}members/<int:member_id>/role/", views.member_role, name="org-member-role"),
    path(
        f"{settings}members/<int:member_id>/remove/", views.member_remove, name="org-member-remove"
    ),
    path(f"{settings}invitations/", views.invitation_list, name="org-invitations"),
    path(
        f"{settings}invitations/<int:invitation_id>/resend/",
        views.invitation_resend,
        name="org-invitation-resend",
    ),
    path(
        f"{settings}invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="org-invitation-revoke",
    ),
    path(f"{settings}api-keys/", views.api_key_list, name="org-api-keys"),
    path(
        f"{settings}api-keys/<int:key_id>/revoke/", views.api_key_revoke, name="org-api-key-revoke"
    ),
    path(f"{settings}audit-log/", views.audit_log, name="org-audit-log"),
]
