"""Images: body images uploaded from the editor, and enqueuing renditions."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from apps.core.exceptions import DomainError

from .. import permissions
from ..images import image_normalize, validate_image_upload
from ..models import BodyImage

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from apps.accounts.models import User

logger = logging.getLogger(__name__)

_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def image_renditions_enqueue_name(name: str) -> None:
    """Generate a stored image's renditions after commit, in a worker (the task)."""
    if not name:
        return

    def enqueue() -> None:
        from ..tasks import news_image_renditions

        try:
            news_image_renditions.delay(name)
        except Exception:
            # Broker down: pages show the original and ask again later (images.srcset_for).
            logger.warning("could not enqueue renditions for %s", name, exc_info=True)

    transaction.on_commit(enqueue)


def image_renditions_enqueue(*, field_file: FieldFile | None) -> None:
    """Generate an uploaded image field's renditions after commit, in a worker."""
    if field_file and field_file.name:
        image_renditions_enqueue_name(field_file.name)


@transaction.atomic
def body_image_upload(*, upload: UploadedFile, user: User) -> BodyImage:
    """Store an image an editor dropped, pasted or picked into an article body.

    The same checks as covers (a real JPEG/PNG/WebP/GIF within the byte and pixel caps),
    EXIF and GPS dropped, stored under an unguessable name in our media storage; the
    renditions follow from a task after commit.
    """
    if not permissions.can_upload_body_images(user):
        raise DomainError(gettext("您没有权限上传图片。"), code="permission")
    try:
        validate_image_upload(upload)
        data = image_normalize(upload)
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages), code="invalid_image") from exc
    with Image.open(ContentFile(data)) as image:
        width, height = image.size
        fmt = image.format or "PNG"
    name = f"{uuid.uuid4().hex}.{_EXTENSIONS.get(fmt, 'png')}"
    body_image = BodyImage(width=width, height=height, uploaded_by=user, created_at=timezone.now())
    body_image.file.save(name, ContentFile(data), save=False)
    body_image.save()
    image_renditions_enqueue_name(body_image.file.name or "")
    return body_image
