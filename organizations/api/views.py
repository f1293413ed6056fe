"""Organizations API: tenants, members, invitations, API keys, audit log, notifications."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from config.api.inputs import validated
from config.api.pagination import (
    CreatedCursorPagination,
    PagePagination,
    page_schema,
    paginate,
)
from config.errors import PermissionDeniedError
from organizations import selectors, services
from organizations.api import serializers as s
from organizations.api.base import OrgApi
from organizations.auth import ApiKeyPrincipal
from organizations.models import Role


def _person(request: Request) -> User:
    """Endpoints about a person (their orgs, accepting an invitation) are not for API keys."""
    if isinstance(request.user, ApiKeyPrincipal) or not isinstance(request.user, User):
        raise PermissionDeniedError(
            "This endpoint acts for a person; sign in with a user token, not an API key.",
            code="user_token_required",
        )
    return request.user


class OrganizationCollectionApi(APIView):
    @extend_schema(operation_id="orgs_list", responses={200: s.OrganizationListOutput(many=True)})
    def get(self, request: Request) -> Response:
        if isinstance(request.user, ApiKeyPrincipal):
            org = request.user.api_key.organization
            orgs = [org]
            for o in orgs:
                o.member_count = selectors.membership_list(org=o).count()
                o.my_role = request.user.api_key.role
            return Response(s.OrganizationListOutput(orgs, many=True).data)
        orgs_qs = selectors.org_list_for_user(user=_person(request))
        return Response(s.OrganizationListOutput(orgs_qs, many=True).data)

    @extend_schema(
        operation_id="orgs_create",
        request=s.OrganizationCreateInput,
        responses={201: s.OrganizationOutput},
    )
    def post(self, request: Request) -> Response:
        data = validated(s.OrganizationCreateInput, request.data)
        org = services.org_create(
            actor=_person(request),
            name=data["name"],
            slug=data.get("slug", ""),
            timezone_name=data["timezone"],
        )
        return Response(s.OrganizationOutput(org).data, status=201)


class OrganizationDetailApi(OrgApi):
    required_roles = {"GET": Role.VIEWER, "PATCH": Role.ADMIN, "DELETE": Role.OWNER}

    @extend_schema(operation_id="orgs_retrieve", responses={200: s.OrganizationOutput})
    def get(self, request: Request, org_slug: str) -> Response:
        return Response(s.OrganizationOutput(self.org).data)

    @extend_schema(
        operation_id="orgs_update",
        request=s.OrganizationUpdateInput,
        responses={200: s.OrganizationOutput},
    )
    def patch(self, request: Request, org_slug: str) -> Response:
        data = validated(s.OrganizationUpdateInput, request.data)
        org = services.org_update(org=self.org, actor=self.actor, **data)
        return Response(s.OrganizationOutput(org).data)

    @extend_schema(
        operation_id="orgs_destroy", request=s.OrganizationDeleteInput, responses={204: None}
    )
    def delete(self, request: Request, org_slug: str) -> Response:
        data = validated(s.OrganizationDeleteInput, request.data)
        services.org_delete(org=self.org, actor=_person(request), confirm_slug=data["confirm"])
        return Response(status=204)


class OrganizationLeaveApi(OrgApi):
    required_roles = {"POST": Role.VIEWER}

    @extend_schema(operation_id="orgs_leave", request=None, responses={204: None})
    def post(self, request: Request, org_slug: str) -> Response:
        services.membership_leave(org=self.org, user=_person(request))
        return Response(status=204)


class MemberCollectionApi(OrgApi):
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(operation_id="members_list", responses={200: page_schema(s.MembershipOutput)})
    def get(self, request: Request, org_slug: str) -> Response:
        members = selectors.membership_list(org=self.org)
        return paginate(
            view=self,
            request=request,
            queryset=members,
            serializer_class=s.MembershipOutput,
            paginator=PagePagination(),
        )


class MemberDetailApi(OrgApi):
    required_roles = {"GET": Role.VIEWER, "PATCH": Role.ADMIN, "DELETE": Role.ADMIN}

    @extend_schema(operation_id="members_retrieve", responses={200: s.MembershipOutput})
    def get(self, request: Request, org_slug: str, member_id: int) -> Response:
        membership = selectors.membership_get(org=self.org, membership_id=member_id)
        return Response(s.MembershipOutput(membership).data)

    @extend_schema(
        operation_id="members_update_role",
        request=s.MembershipRoleInput,
        responses={200: s.MembershipOutput},
    )
    def patch(self, request: Request, org_slug: str, member_id: int) -> Response:
        membership = selectors.membership_get(org=self.org, membership_id=member_id)
        data = validated(s.MembershipRoleInput, request.data)
        membership = services.membership_change_role(
            org=self.org,
            actor=self.actor,
            actor_role=self.access.role,
            membership=membership,
            role=data["role"],
        )
        return Response(s.MembershipOutput(membership).data)

    @extend_schema(operation_id="members_remove", responses={204: None})
    def delete(self, request: Request, org_slug: str, member_id: int) -> Response:
        services.membership_remove(
            org=self.org,
            actor=self.actor,
            actor_role=self.access.role,
            membership=selectors.membership_get(org=self.org, membership_id=member_id),
        )
        return Response(status=204)


class InvitationCollectionApi(OrgApi):
    required_roles = {"GET": Role.ADMIN, "POST": Role.ADMIN}

    @extend_schema(
        operation_id="invitations_list", responses={200: page_schema(s.InvitationOutput)}
    )
    def get(self, request: Request, org_slug: str) -> Response:
        invitations = selectors.invitation_list(org=self.org)
        return paginate(
            view=self,
            request=request,
            queryset=invitations,
            serializer_class=s.InvitationOutput,
            paginator=PagePagination(),
        )

    @extend_schema(
        operation_id="invitations_create",
        request=s.InvitationCreateInput,
        responses={201: s.InvitationOutput},
    )
    def post(self, request: Request, org_slug: str) -> Response:
        data = validated(s.InvitationCreateInput, request.data)
        invitation, _token = services.invitation_create(
            org=self.org,
            actor=self.actor,
            actor_role=self.access.role,
            email=data["email"],
            role=data["role"],
        )
        return Response(s.InvitationOutput(invitation).data, status=201)


class InvitationDetailApi(OrgApi):
    required_roles = {"DELETE": Role.ADMIN}

    @extend_schema(operation_id="invitations_revoke", responses={204: None})
    def delete(self, request: Request, org_slug: str, invitation_id: int) -> Response:
        invitation = selectors.invitation_get(org=self.org, invitation_id=invitation_id)
        services.invitation_revoke(org=self.org, actor=self.actor, invitation=invitation)
        return Response(status=204)


class InvitationResendApi(OrgApi):
    required_roles = {"POST": Role.ADMIN}

    @extend_schema(
        operation_id="invitations_resend", request=None, responses={200: s.InvitationOutput}
    )
    def post(self, request: Request, org_slug: str, invitation_id: int) -> Response:
        invitation = selectors.invitation_get(org=self.org, invitation_id=invitation_id)
        services.invitation_resend(org=self.org, actor=self.actor, invitation=invitation)
        invitation.refresh_from_db()
        return Response(s.InvitationOutput(invitation).data)


class InvitationAcceptApi(APIView):
    @extend_schema(
        operation_id="invitations_accept",
        request=s.InvitationAcceptInput,
        responses={200: s.MembershipOutput},
    )
    def post(self, request: Request) -> Response:
        data = validated(s.InvitationAcceptInput, request.data)
        membership = services.invitation_accept(token=data["token"], user=_person(request))
        return Response(s.MembershipOutput(membership).data)


class ApiKeyCollectionApi(OrgApi):
    required_roles = {"GET": Role.ADMIN, "POST": Role.ADMIN}

    @extend_schema(operation_id="api_keys_list", responses={200: page_schema(s.ApiKeyOutput)})
    def get(self, request: Request, org_slug: str) -> Response:
        keys = selectors.api_key_list(org=self.org)
        return paginate(
            view=self,
            request=request,
            queryset=keys,
            serializer_class=s.ApiKeyOutput,
            paginator=PagePagination(),
        )

    @extend_schema(
        operation_id="api_keys_create",
        request=s.ApiKeyCreateInput,
        responses={201: s.ApiKeyCreatedOutput},
    )
    def post(self, request: Request, org_slug: str) -> Response:
        data = validated(s.ApiKeyCreateInput, request.data)
        api_key, key = services.api_key_create(
            org=self.org, actor=self.actor, name=data["name"], role=data["role"]
        )
        api_key.key = key  # type: ignore[attr-defined]
        return Response(s.ApiKeyCreatedOutput(api_key).data, status=201)


class ApiKeyDetailApi(OrgApi):
    required_roles = {"GET": Role.ADMIN, "DELETE": Role.ADMIN}

    @extend_schema(operation_id="api_keys_retrieve", responses={200: s.ApiKeyOutput})
    def get(self, request: Request, org_slug: str, key_id: int) -> Response:
        return Response(s.ApiKeyOutput(selectors.api_key_get(org=self.org, key_id=key_id)).data)

    @extend_schema(operation_id="api_keys_revoke", responses={200: s.ApiKeyOutput})
    def delete(self, request: Request, org_slug: str, key_id: int) -> Response:
        api_key = services.api_key_revoke(
            org=self.org,
            actor=self.actor,
            api_key=selectors.api_key_get(org=self.org, key_id=key_id),
        )
        return Response(s.ApiKeyOutput(api_key).data)


class AuditLogApi(OrgApi):
    required_roles = {"GET": Role.ADMIN}

    @extend_schema(
        operation_id="audit_log_list",
        parameters=[
            OpenApiParameter("action", OpenApiTypes.STR, description="Prefix, e.g. `member.`"),
            OpenApiParameter("actor", OpenApiTypes.INT, description="User id of the actor"),
        ],
        responses={200: page_schema(s.AuditEventOutput, cursor=True)},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        actor = request.query_params.get("actor")
        events = selectors.audit_list(
            org=self.org,
            action=request.query_params.get("action", ""),
            actor_id=int(actor) if actor and actor.isdigit() else None,
        )
        return paginate(
            view=self,
            request=request,
            queryset=events,
            serializer_class=s.AuditEventOutput,
            paginator=CreatedCursorPagination(),
        )


class NotificationCollectionApi(OrgApi):
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(
        operation_id="notifications_list",
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL)],
        responses={200: page_schema(s.NotificationOutput)},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        unread = request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        notifications = selectors.notification_list(
            org=self.org, user=_person(request), unread_only=unread
        )
        return paginate(
            view=self,
            request=request,
            queryset=notifications,
            serializer_class=s.NotificationOutput,
            paginator=PagePagination(),
        )


class NotificationReadApi(OrgApi):
    required_roles = {"POST": Role.VIEWER}

    @extend_schema(
        operation_id="notifications_mark_read",
        request=s.NotificationReadInput,
        responses={200: s.NotificationReadOutput},
    )
    def post(self, request: Request, org_slug: str) -> Response:
        data = validated(s.NotificationReadInput, request.data)
        marked = services.notifications_mark_read(
            org=self.org, user=_person(request), ids=data.get("ids")
        )
        return Response({"marked": marked})
