"""The lawyer's photo: checked, re-encoded without metadata, on the card and public page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.learning import services
from apps.learning.models import CardPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _jpeg_with_exif(size=(1200, 1600)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_lawyer_uploads_a_photo_resized_without_metadata(client, lawyer):
    client.force_login(lawyer.user)
    upload = SimpleUploadedFile("me.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    response = client.post(reverse("learning:card_photo"), {"photo": upload})
    assert response.status_code == 302
    photo = CardPhoto.objects.get(lawyer=lawyer)
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (600, 800)
        assert b"SecretCameraMaker" not in stored.info.get("exif", b"")
    card = client.get(reverse("learning:card")).content.decode()
    assert photo.image.url in card


def test_replacing_the_photo_deletes_the_old_file(lawyer, django_capture_on_commit_callbacks):
    first = services.card_photo_set(
        lawyer=lawyer, actor=lawyer.user, file=io.BytesIO(_jpeg_with_exif((300, 300)))
    )
    old_path = first.image.path
    with django_capture_on_commit_callbacks(execute=True):
        second = services.card_photo_set(
            lawyer=lawyer, actor=lawyer.user, file=io.BytesIO(_jpeg_with_exif((400, 400)))
        )
    assert second.pk == first.pk
    assert not Path(old_path).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("fake.jpg", b"not an image at all"), ("doc.pdf", b"%PDF-1.4 fake")],
)
def test_a_file_that_is_not_an_image_is_a_400(client, lawyer, name, content):
    client.force_login(lawyer.user)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(reverse("learning:card_photo"), {"photo": upload})
    assert response.status_code == 400
    assert not CardPhoto.objects.exists()


def test_nobody_sets_another_lawyers_photo(lawyer, outsider):
    with pytest.raises(PermissionDenied):
        services.card_photo_set(
            lawyer=lawyer, actor=outsider.user, file=io.BytesIO(_jpeg_with_exif())
        )


def test_photo_shows_on_the_public_lawyer_page(client, lawyer):
    photo = services.card_photo_set(
        lawyer=lawyer, actor=lawyer.user, file=io.BytesIO(_jpeg_with_exif((300, 400)))
    )
    page = client.get(reverse("legalservices:lawyer_detail", args=[lawyer.licence_no]))
    assert page.status_code == 200
    assert photo.image.url in page.content.decode()
