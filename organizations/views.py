"""The organization web UI: dashboard, notifications, settings (general, members,
invitations, API keys, audit log), creating an organization and accepting an invitation.

Each view parses (a form), calls one service or selector, and renders or redirects with a
message. Roles are declared with `@org_view` and enforced there; templates only hide what a
role cannot do. Domain errors and validation errors become form errors or messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from accounts.adapter import INVITATION_SESSION_KEY
from accounts.models import User
from config.errors import DomainError, NotFoundError
from organizations import selectors, services
from organizations.auth import KEY_PREFIX
from organizations.forms import (
    AUDIT_ACTION_PREFIXES,
    ApiKeyForm,
    AuditFilterForm,
    InvitationForm,
    MemberRoleForm,
    OrganizationCreateForm,
    OrganizationDeleteForm,
    OrganizationSettingsForm,
    role_choices,
)
from organizations.models import Invitation, Organization, Role
from organizations.web import current_access, org_view

# The organization /app/ sends a user back to.
LAST_ORG_SESSION_KEY = "last_org_slug"
# A freshly created API key, shown once on the next render of the API keys page.
NEW_API_KEY_SESSION_KEY = "org_api_key_created"

AUDIT_PAGE_SIZE = 50
NOTIFICATION_PAGE_SIZE = 50
RECENT_NOTIFICATIONS = 5

T = TypeVar("T")


# --- Helpers ----------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _org(request: HttpRequest) -> Organization:
    return current_access(request).org


def _remember_org(request: HttpRequest, org: Organization) -> None:
    if request.session.get(LAST_ORG_SESSION_KEY) != org.slug:
        request.session[LAST_ORG_SESSION_KEY] = org.slug


def _found(lookup: Callable[..., T], **kwargs: Any) -> T:
    """A selector's NotFoundError is the page's 404 (same answer for missing and not yours)."""
    try:
        return lookup(**kwargs)
    except NotFoundError:
        raise Http404("Not found.") from None


def _post_only() -> HttpResponse:
    # Views with an id look the object up first, so another org's id is a 404 whatever the method.
    return HttpResponseNotAllowed(["POST"])


def _message(exc: DomainError | ValidationError) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    return " ".join(str(m) for m in exc.messages)


def _add_errors(form: Form, exc: DomainError | ValidationError) -> None:
    """Put a service's complaint on the form: on its field when the form has it."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, _message(exc))


def _paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int) -> Page[Any]:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


# --- /app/orgs/new/ -----------------------------------------------------------------------


@login_required
def org_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OrganizationCreateForm(
        request.POST or None, initial={"timezone": user.timezone or "UTC"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(
                actor=user,
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                timezone_name=form.cleaned_data["timezone"],
            )
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, f"{org.name} is ready. Invite your team from Team & settings."
            )
            return redirect("org-dashboard", org_slug=org.slug)
    status = 400 if form.errors else 200
    return render(request, "organizations/org_new.html", {"form": form}, status=status)


# --- Dashboard and notifications ----------------------------------------------------------


@org_view(get=Role.VIEWER)
@require_safe
def dashboard(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request)
    _remember_org(request, org)
    notifications = selectors.notification_list(org=org, user=_user(request))
    return render(
        request,
        "app/home.html",
        {"org": org, "notifications": notifications[:RECENT_NOTIFICATIONS]},
    )


@org_view(get=Role.VIEWER)
@require_safe
def notification_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request)
    _remember_org(request, org)
    unread_only = request.GET.get("show") == "unread"
    notifications = selectors.notification_list(
        org=org, user=_user(request), unread_only=unread_only
    )
    return render(
        request,
        "organizations/notifications.html",
        {
            "org": org,
            "page": _paginate(request, notifications, NOTIFICATION_PAGE_SIZE),
            "unread_only": unread_only,
        },
    )


@org_view(post=Role.VIEWER)
def notification_read(request: HttpRequest, org_slug: str, notification_id: int) -> HttpResponse:
    org, user = _org(request), _user(request)
    notification = (
        selectors.notification_list(org=org, user=user).filter(pk=notification_id).first()
    )
    if notification is None:
        raise Http404("No such notification.")
    if request.method != "POST":
        return _post_only()
    services.notifications_mark_read(org=org, user=user, ids=[notification.pk])
    if getattr(request, "htmx", False):
        notification.refresh_from_db(fields=["read_at"])
        return render(
            request,
            "organizations/_notification_read.html",
            {"org": org, "notification": notification},
        )
    messages.success(request, "Marked as read.")
    return redirect(_url("org-notifications", org))


@org_view(post=Role.VIEWER)
@require_POST
def notifications_read_all(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request)
    count = services.notifications_mark_read(org=org, user=_user(request))
    if count:
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    else:
        messages.info(request, "Nothing to mark: you are all caught up.")
    return redirect(_url("org-notifications", org))


# --- Settings: general, leave, delete -----------------------------------------------------


def _settings_form(org: Organization, *, read_only: bool) -> OrganizationSettingsForm:
    return OrganizationSettingsForm(
        initial={
            "name": org.name,
            "slug": org.slug,
            "timezone": org.timezone,
            "require_approval": org.require_approval,
        },
        read_only=read_only,
    )


def _render_general(
    request: HttpRequest,
    *,
    form: OrganizationSettingsForm | None = None,
    delete_form: OrganizationDeleteForm | None = None,
) -> HttpResponse:
    access = current_access(request)
    org = access.org
    _remember_org(request, org)
    context = {
        "org": org,
        "form": form or _settings_form(org, read_only=not access.role.at_least(Role.ADMIN)),
        "delete_form": delete_form or OrganizationDeleteForm(),
    }
    bound_with_errors = any(f is not None and f.errors for f in (form, delete_form))
    return render(
        request,
        "organizations/settings/general.html",
        context,
        status=400 if bound_with_errors else 200,
    )


@org_view(get=Role.VIEWER, post=Role.ADMIN)
def settings_general(request: HttpRequest, org_slug: str) -> HttpResponse:
    if request.method != "POST":
        return _render_general(request)
    org = _org(request)
    form = OrganizationSettingsForm(request.POST)
    if form.is_valid():
        try:
            org = services.org_update(org=org, actor=_user(request), **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Settings saved.")
            return redirect(_url("org-settings", org))
    return _render_general(request, form=form)


@org_view(post=Role.OWNER)
@require_POST
def org_delete(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request)
    form = OrganizationDeleteForm(request.POST)
    if form.is_valid():
        name = org.name
        try:
            services.org_delete(
                org=org, actor=_user(request), confirm_slug=form.cleaned_data["confirm"].strip()
            )
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            request.session.pop(LAST_ORG_SESSION_KEY, None)
            messages.success(request, f"{name} and everything in it has been deleted.")
            return redirect("app-home")
    return _render_general(request, delete_form=form)


@org_view(post=Role.VIEWER)
@require_POST
def org_leave(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request)
    try:
        services.membership_leave(org=org, user=_user(request))
    except (DomainError, ValidationError) as exc:
        messages.error(request, _message(exc))
        return redirect(_url("org-settings", org))
    if request.session.get(LAST_ORG_SESSION_KEY) == org.slug:
        request.session.pop(LAST_ORG_SESSION_KEY)
    messages.success(request, f"You left {org.name}.")
    return redirect("app-home")


# --- Settings: members --------------------------------------------------------------------


@org_view(get=Role.VIEWER)
@require_safe
def member_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = current_access(request)
    org, me = access.org, _user(request)
    _remember_org(request, org)
    can_admin = access.role.at_least(Role.ADMIN)
    rows = [
        {
            "membership": membership,
            "is_you": membership.user_id == me.pk,
            # Admins manage everyone but owners; owners manage everyone.
            "manageable": can_admin
            and (membership.role != Role.OWNER or access.role == Role.OWNER),
        }
        for membership in selectors.membership_list(org=org)
    ]
    return render(
        request,
        "organizations/settings/members.html",
        {"org": org, "rows": rows, "role_choices": role_choices(actor_role=access.role)},
    )


@org_view(post=Role.ADMIN)
def member_role(request: HttpRequest, org_slug: str, member_id: int) -> HttpResponse:
    access = current_access(request)
    org = access.org
    membership = _found(selectors.membership_get, org=org, membership_id=member_id)
    if request.method != "POST":
        return _post_only()
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
        return redirect(_url("org-members", org))
    role = form.cleaned_data["role"]
    try:
        services.membership_change_role(
            org=org,
            actor=_user(request),
            actor_role=access.role,
            membership=membership,
            role=role,
        )
    except (DomainError, ValidationError) as exc:
        messages.error(request, _message(exc))
    else:
        name = membership.user.get_full_name()
        messages.success(request, f"{name} is now {Role(role).label.lower()}.")
    return redirect(_url("org-members", org))


@org_view(post=Role.ADMIN)
def member_remove(request: HttpRequest, org_slug: str, member_id: int) -> HttpResponse:
    access = current_access(request)
    org = access.org
    membership = _found(selectors.membership_get, org=org, membership_id=member_id)
    if request.method != "POST":
        return _post_only()
    try:
        services.membership_remove(
            org=org, actor=_user(request), actor_role=access.role, membership=membership
        )
    except (DomainError, ValidationError) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"{membership.user.get_full_name()} was removed from {org.name}.")
    return redirect(_url("org-members", org))


# --- Settings: invitations ----------------------------------------------------------------


@org_view(get=Role.ADMIN, post=Role.ADMIN)
def invitation_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = current_access(request)
    org = access.org
    form = InvitationForm(request.POST or None, actor_role=access.role)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                org=org,
                actor=_user(request),
                actor_role=access.role,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect(_url("org-invitations", org))
    _remember_org(request, org)
    return render(
        request,
        "organizations/settings/invitations.html",
        {
            "org": org,
            "form": form,
            "invitations": selectors.invitation_list(org=org),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


def _invitation(request: HttpRequest, invitation_id: int) -> Invitation:
    return _found(selectors.invitation_get, org=_org(request), invitation_id=invitation_id)


@org_view(post=Role.ADMIN)
def invitation_resend(request: HttpRequest, org_slug: str, invitation_id: int) -> HttpResponse:
    org = _org(request)
    invitation = _invitation(request, invitation_id)
    if request.method != "POST":
        return _post_only()
    try:
        services.invitation_resend(org=org, actor=_user(request), invitation=invitation)
    except (DomainError, ValidationError) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(
            request, f"Invitation sent again to {invitation.email}; the new link works 7 days."
        )
    return redirect(_url("org-invitations", org))


@org_view(post=Role.ADMIN)
def invitation_revoke(request: HttpRequest, org_slug: str, invitation_id: int) -> HttpResponse:
    org = _org(request)
    invitation = _invitation(request, invitation_id)
    if request.method != "POST":
        return _post_only()
    try:
        services.invitation_revoke(org=org, actor=_user(request), invitation=invitation)
    except (DomainError, ValidationError) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(
            request, f"Invitation for {invitation.email} revoked; its link no longer works."
        )
    return redirect(_url("org-invitations", org))


# --- Settings: API keys -------------------------------------------------------------------


@org_view(get=Role.ADMIN, post=Role.ADMIN)
def api_key_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request)
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            api_key, plain = services.api_key_create(
                org=org,
                actor=_user(request),
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
            )
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            # Shown once, on the page this redirect leads to; only the digest is stored.
            request.session[NEW_API_KEY_SESSION_KEY] = {
                "org_id": org.pk,
                "key_id": api_key.pk,
                "name": api_key.name,
                "key": plain,
            }
            messages.success(request, f"API key “{api_key.name}” created.")
            return redirect(_url("org-api-keys", org))
    _remember_org(request, org)
    created = request.session.get(NEW_API_KEY_SESSION_KEY)
    if created and created.get("org_id") == org.pk:
        request.session.pop(NEW_API_KEY_SESSION_KEY)
    else:
        created = None
    response = render(
        request,
        "organizations/settings/api_keys.html",
        {
            "org": org,
            "form": form,
            "api_keys": selectors.api_key_list(org=org),
            "created": created,
            "key_prefix": KEY_PREFIX,
        },
        status=400 if form.errors else 200,
    )
    if created:
        add_never_cache_headers(response)
    return response


@org_view(post=Role.ADMIN)
def api_key_revoke(request: HttpRequest, org_slug: str, key_id: int) -> HttpResponse:
    org = _org(request)
    api_key = _found(selectors.api_key_get, org=org, key_id=key_id)
    if request.method != "POST":
        return _post_only()
    try:
        services.api_key_revoke(org=org, actor=_user(request), api_key=api_key)
    except (DomainError, ValidationError) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(
            request, f"API key “{api_key.name}” revoked; requests using it are refused from now on."
        )
    return redirect(_url("org-api-keys", org))


# --- Settings: audit log ------------------------------------------------------------------


@org_view(get=Role.ADMIN)
@require_safe
def audit_log(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request)
    _remember_org(request, org)
    form = AuditFilterForm(request.GET)
    action = form.cleaned_data["action"].strip() if form.is_valid() else ""
    page = _paginate(request, selectors.audit_list(org=org, action=action), AUDIT_PAGE_SIZE)
    return render(
        request,
        "organizations/settings/audit_log.html",
        {
            "org": org,
            "form": form,
            "action": action,
            "page": page,
            "query": f"{urlencode({'action': action})}&" if action else "",
            "prefixes": AUDIT_ACTION_PREFIXES,
        },
    )


# --- /invitations/<token>/ ----------------------------------------------------------------


def _invitation_state(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "pending"


def _login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation email: public, and answers every state with a way forward."""
    try:
        invitation = services.invitation_for_token(token=token)
    except NotFoundError:
        return render(request, "organizations/invitation.html", {"state": "invalid"}, status=404)
    state = _invitation_state(invitation)
    user = request.user if request.user.is_authenticated else None
    error = ""
    if request.method == "POST":
        if user is None:
            return redirect(_login_url(request.path))
        try:
            membership = services.invitation_accept(token=token, user=_user(request))
        except (DomainError, ValidationError) as exc:
            error = _message(exc)
        else:
            org = membership.organization
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(request, f"Welcome to {org.name}! You joined as {membership.role}.")
            return redirect("org-dashboard", org_slug=org.slug)
    elif user is None and state == "pending":
        # Sign-up accepts the invitation stored here; login comes back to this page via next.
        request.session[INVITATION_SESSION_KEY] = token
    org = invitation.organization
    context = {
        "state": state,
        "invitation": invitation,
        "org": org,
        "error": error,
        "email_matches": user is not None and user.email.lower() == invitation.email.lower(),
        "accepted_by_you": user is not None and invitation.accepted_by_id == user.pk,
        "next_url": request.path,
        "login_url": _login_url(request.path),
        "signup_url": f"{reverse('account_signup')}?{urlencode({'next': request.path})}",
    }
    status = 400 if error else 410 if state in ("expired", "revoked") else 200
    return render(request, "organizations/invitation.html", context, status=status)
