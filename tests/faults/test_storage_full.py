"""A full disk while saving an upload → a clear 503 page in the visitor's language, and
nothing half-saved: no row without its file, no orphan or partial file.

The disk is real where the test may mount one (root: a 512 KiB tmpfs, filled up to the
given number of free bytes); elsewhere FileSystemStorage's writes go through a byte
budget that raises ENOSPC the same way (FAULTS_SIMULATED_DISK=1 picks that one as root
too). MEDIA_ROOT and PRIVATE_MEDIA_ROOT are both on it.
Covered: the public complaint form (evidence), a member's contribution (attachment), a
lawyer's CLE card photo, and in the admin an article cover and a body image.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import random
import subprocess  # nosec B404 - mount/umount of the test's own tmpfs
import types
from pathlib import Path

import pytest
from django.core.files.storage import filesystem
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.complaints.models import Complaint, ComplaintAttachment
from apps.learning.models import CardPhoto
from apps.news.models import Article, BodyImage, Contribution
from tests.complaints.factories import png_upload
from tests.complaints.test_views import NEW, form_data
from tests.news.factories import ChannelFactory, pdf_bytes

pytestmark = pytest.mark.django_db

MESSAGE_ZH = "服务器存储空间暂时不足"
MESSAGE_EN = "storage is full"


class Disk:
    def __init__(self, root: Path, real: bool) -> None:
        self.root = root
        self.real = real
        self.media = root / "media"
        self.private = root / "private"

    def files(self) -> list[str]:
        """Every file an upload left on the disk (the filler excluded)."""
        return sorted(
            str(path.relative_to(self.root))
            for folder in (self.media, self.private)
            for path in folder.rglob("*")
            if path.is_file()
        )


def _fill(path: Path, free: int) -> None:
    with path.open("wb", buffering=0) as filler, contextlib.suppress(OSError):
        while filler.write(b"\0" * 65536):
            pass
    size = path.stat().st_size
    os.truncate(path, max(0, size - free))


def _budgeted_os(free: int) -> types.SimpleNamespace:
    """``os`` for django.core.files.storage.filesystem with writes limited to ``free``
    bytes in all: past that a write stores what fits and raises ENOSPC, as a disk does."""
    budget = [free]

    class _File:
        def __init__(self, fd: int, mode: str) -> None:
            self._file = os.fdopen(fd, mode)

        def write(self, chunk: bytes) -> int:
            fits = chunk[: budget[0]]
            budget[0] -= len(fits)
            self._file.write(fits)
            if len(fits) < len(chunk):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return len(chunk)

        def close(self) -> None:
            self._file.close()

    namespace = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os)})
    namespace.fdopen = _File
    namespace.path = os.path
    return namespace


@pytest.fixture
def full_disk(settings, tmp_path, monkeypatch):
    """``full_disk(free=0)`` → a Disk holding MEDIA_ROOT and PRIVATE_MEDIA_ROOT."""
    mounts: list[Path] = []

    def make(free: int = 0) -> Disk:
        root = tmp_path / "disk"
        root.mkdir()
        real = (
            os.geteuid() == 0
            and not os.environ.get("FAULTS_SIMULATED_DISK")
            and subprocess.run(  # nosec B603 B607
                ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(root)],  # noqa: S607
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )
        disk = Disk(root, real)
        disk.media.mkdir()
        disk.private.mkdir()
        if real:
            mounts.append(root)
            _fill(root / "filler", free)
        else:
            monkeypatch.setattr(filesystem, "os", _budgeted_os(free))
        settings.MEDIA_ROOT = str(disk.media)
        settings.PRIVATE_MEDIA_ROOT = str(disk.private)
        return disk

    yield make
    for root in mounts:
        subprocess.run(["umount", "-l", str(root)], check=False)  # noqa: S607  # nosec


def _noise_png(name: str = "scan.png", side: int = 160) -> SimpleUploadedFile:
    """An image that does not compress: about side² × 3 bytes."""
    rng = random.Random(side)
    image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _assert_storage_full_page(response, message: str = MESSAGE_ZH) -> None:
    assert response.status_code == 503
    assert response["Retry-After"]
    assert message in response.content.decode()


@pytest.mark.django_db(transaction=True)  # real commits and rollbacks, as in production
def test_complaint_with_evidence_on_a_full_disk_saves_nothing(client, full_disk):
    # Room for the first (tiny) file, not for the second: the first is written, then
    # the second fails half-way; the transaction is rolled back, the first file removed.
    disk = full_disk(free=12 * 1024)

    response = client.post(NEW, form_data(evidence=[png_upload(), _noise_png()]))

    _assert_storage_full_page(response)
    assert not Complaint.objects.exists()
    assert not ComplaintAttachment.objects.exists()
    assert disk.files() == []


def test_storage_full_page_is_in_the_visitors_language(client, full_disk):
    disk = full_disk(free=0)

    response = client.post(f"/en{NEW}", form_data(evidence=[_noise_png()]))

    _assert_storage_full_page(response, MESSAGE_EN)
    assert 'lang="en"' in response.content.decode()
    assert disk.files() == []


def test_contribution_attachment_on_a_full_disk(client, lawyer, full_disk):
    from tests.news.test_contributions import _post_data

    disk = full_disk(free=0)
    client.force_login(lawyer.user)
    pdf = SimpleUploadedFile("心得.pdf", pdf_bytes(padding=40_000), content_type="application/pdf")

    response = client.post(reverse("news:contribute"), _post_data(attachment=pdf))

    if response.status_code == 400:  # the validator refused the padded PDF: use a real one
        pytest.fail(response.content.decode()[:2000])
    _assert_storage_full_page(response)
    assert not Contribution.objects.exists()
    assert disk.files() == []


def test_card_photo_on_a_full_disk(client, lawyer, full_disk):
    disk = full_disk(free=0)
    client.force_login(lawyer.user)
    photo = _noise_png("me.png", side=600)

    response = client.post(reverse("learning:card_photo"), {"photo": photo})

    _assert_storage_full_page(response)
    assert not CardPhoto.objects.exists()
    assert disk.files() == []


def test_admin_article_cover_on_a_full_disk(client, editor, full_disk):
    disk = full_disk(free=0)
    channel = ChannelFactory()
    client.force_login(editor)
    data = {
        "title": "律师志愿者走进社区",
        "channel": channel.pk,
        "body": "<p>正文</p>",
        "author": "本会",
        "visibility": "public",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "topic_links-TOTAL_FORMS": "0",
        "topic_links-INITIAL_FORMS": "0",
        "cover": _noise_png("cover.png", side=400),
    }

    response = client.post(reverse("admin:news_article_add"), data)

    _assert_storage_full_page(response)
    assert not Article.objects.exists()
    assert disk.files() == []


def test_admin_body_image_on_a_full_disk(client, editor, full_disk):
    disk = full_disk(free=0)
    client.force_login(editor)

    response = client.post(
        reverse("admin:news_article_body_image"), {"image": _noise_png("photo.png", side=400)}
    )

    _assert_storage_full_page(response)
    assert not BodyImage.objects.exists()
    assert disk.files() == []


def test_the_editors_image_upload_gets_the_reason_as_json(client, editor, full_disk):
    """The editor's script asks for JSON and shows its ``error``: an HTML page would
    leave it saying only that the upload failed."""
    full_disk(free=0)
    client.force_login(editor)

    response = client.post(
        reverse("admin:news_article_body_image"),
        {"image": _noise_png("photo.png", side=400)},
        headers={"accept": "application/json"},
    )

    assert response.status_code == 503
    assert response["Retry-After"]
    assert MESSAGE_ZH in response.json()["error"]
    assert not BodyImage.objects.exists()


def test_once_there_is_room_again_the_same_complaint_goes_through(client, full_disk):
    from apps.complaints import pow as pow_challenge

    disk = full_disk(free=0)
    assert client.post(NEW, form_data(evidence=[png_upload()])).status_code == 503
    if disk.real:
        (disk.root / "filler").unlink()
    else:
        filesystem.os = os  # room again (monkeypatch puts the budget back, then os)
    # The proof of work is single-use: the first attempt spent it, as a browser retry would.
    data = form_data(evidence=[png_upload()])
    data["pow"] = pow_challenge.solve(pow_challenge.challenge_create(max_number=2000))

    response = client.post(NEW, data)

    assert response.status_code == 302
    [attachment] = Complaint.objects.get().attachments.all()
    assert disk.files() == [f"private/{attachment.file.name}"]
