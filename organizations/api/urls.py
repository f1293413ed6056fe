from django.urls import path

from organizations.api import views

org = "orgs/<slug:org_slug>/"

urlpatterns = [
    path("orgs/", views.OrganizationCollectionApi.as_view(), name="api-orgs"),
    path("invitations/accept/", views.InvitationAcceptApi.as_view(), name="api-invitation-accept"),
    path(org, views.OrganizationDetailApi.as_view(), name="api-org"),
    path(f"{org}leave/", views.OrganizationLeaveApi.as_view(), name="api-org-leave"),
    path(f"{org}members/", views.MemberCollectionApi.as_view(), name="api-members"),
    path(f"{org}members/<int:member_id>/", views.MemberDetailApi.as_view(), name="api-member"),
    path(f"{org}invitations/", views.InvitationCollectionApi.as_view(), name="api-invitations"),
    path(
        f"{org}invitations/<int:invitation_id>/",
        views.InvitationDetailApi.as_view(),
        name="api-invitation",
    ),
    path(
        f"{org}invitations/<int:invitation_id>/resend/",
        views.InvitationResendApi.as_view(),
        name="api-invitation-resend",
    ),
    path(f"{org}api-keys/", views.ApiKeyCollectionApi.as_view(), name="api-keys"),
    path(f"{org}api-keys/<int:key_id>/", views.ApiKeyDetailApi.as_view(), name="api-key"),
    path(f"{org}audit-log/", views.AuditLogApi.as_view(), name="api-audit-log"),
    path(
        f"{org}notifications/", views.NotificationCollectionApi.as_view(), name="api-notifications"
    ),
    path(
        f"{org}notifications/read/",
        views.NotificationReadApi.as_view(),
        name="api-notifications-read",
    ),
]
