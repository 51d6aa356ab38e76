class DomainError(Exception):
    """A business rule refused an action. The message is for the user, already translated.

    Views turn it into a form error or a message; admin actions into `message_user`.
    """

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
