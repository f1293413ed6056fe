from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """Passwords need an upper-case letter, a lower-case letter and a digit."""

    message = "Use at least one upper-case letter, one lower-case letter and one digit."

    def validate(self, password: str, user: Any = None) -> None:
        if not (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
        ):
            raise ValidationError(self.message, code="password_character_classes")

    def get_help_text(self) -> str:
        return self.message
