"""Uploads on an S3-compatible store (STORAGE_BACKEND=s3), against moto's in-process S3.

The storages under test are the ones shlawyers.settings.upload_storages builds from the
environment, so these tests exercise the real configuration: public media land in the
bucket with a public URL; private files (complaint evidence, contribution attachments,
report and guide files) land under the private prefix with no public grant, and reach
only the people the existing download views let through, streamed by Django.
"""

from __future__ import annotations

import io

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from moto import mock_aws
from PIL import Image
from storages.backends.s3 import S3Storage

from apps.complaints.services import complaint_submit
from apps.core.exceptions import DomainError
from apps.core.uploads import UploadsMiddleware, private_storage
from apps.legalservices.services.guides import guide_request
from apps.legalservices.tasks import overseas_guide_build
from apps.news.images import RENDITION_WIDTHS, rendition_name
from apps.news.sanitize import html_sanitize
from apps.news.services import body_image_upload, contribution_submit
from apps.stats.models import ReportKind, RunStatus
from apps.stats.services.reports import report_run_request
from apps.stats.tasks import report_run_execute_task
from shlawyers.settings import public_media_url, upload_storages
from tests.complaints.factories import png_upload, submit_kwargs
from tests.legalservices.factories import OverseasOfficeFactory
from tests.news.factories import MINIMAL_PDF

BUCKET = "shlawyers-uploads"
REGION = "us-east-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
S3_VARIABLES = (
    "STORAGE_BACKEND",
    "S3_BUCKET",
    "S3_PRIVATE_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_CUSTOM_DOMAIN",
    "S3_OBJECT_ACLS",
)


@pytest.fixture
def s3_env(monkeypatch):
    """STORAGE_BACKEND=s3 on one bucket, as .env.example describes it; nothing else set."""
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STORAGE_BACKEND", "s3")
    monkeypatch.setenv("S3_BUCKET", BUCKET)
    monkeypatch.setenv("S3_REGION", REGION)
    return monkeypatch


@pytest.fixture
def s3(s3_env, settings):
    """The site on S3: the bucket exists in moto, STORAGES and MEDIA_URL come from the
    settings helpers. Yields a boto3 client for looking at what was stored."""
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET)
        uploads = upload_storages()
        settings.STORAGES = {**settings.STORAGES, **uploads}
        settings.MEDIA_URL = public_media_url(uploads)
        yield client


def _public_grants(client, key: str) -> list[dict]:
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI") == ALL_USERS]


def _stored(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def _png(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


# --- configuration ---------------------------------------------------------------------


def test_unknown_storage_backend_refuses_to_start(monkeypatch):
    monkeypatch.setenv("STORAGE_BACKEND", "bogus")
    with pytest.raises(ImproperlyConfigured, match="STORAGE_BACKEND"):
        upload_storages()


def test_s3_without_a_bucket_refuses_to_start(s3_env):
    s3_env.delenv("S3_BUCKET")
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        upload_storages()


def test_filesystem_is_the_default(monkeypatch):
    monkeypatch.delenv("STORAGE_BACKEND", raising=False)
    uploads = upload_storages()
    assert uploads["default"]["BACKEND"] == "apps.core.uploads.TidyFileSystemStorage"
    assert uploads["private"]["BACKEND"] == "apps.core.uploads.PrivateFileSystemStorage"
    assert public_media_url(uploads) == "/media/"


def test_s3_compatible_endpoint_serves_public_media_from_the_bucket_path(s3_env):
    s3_env.setenv("S3_ENDPOINT_URL", "http://minio.internal:9000")
    s3_env.setenv("S3_PRIVATE_BUCKET", "shlawyers-private")
    uploads = upload_storages()
    public, private = uploads["default"]["OPTIONS"], uploads["private"]["OPTIONS"]
    assert public_media_url(uploads) == f"http://minio.internal:9000/{BUCKET}/"
    assert public["endpoint_url"] == private["endpoint_url"] == "http://minio.internal:9000"
    assert (private["bucket_name"], private["location"]) == ("shlawyers-private", "")
    assert private["querystring_auth"]
    assert not public["querystring_auth"]


def test_a_custom_domain_is_the_public_address(s3_env):
    s3_env.setenv("S3_CUSTOM_DOMAIN", "media.lawyers.example.cn")
    assert public_media_url(upload_storages()) == "https://media.lawyers.example.cn/"


def test_without_object_acls_no_acl_is_sent(s3_env):
    s3_env.setenv("S3_OBJECT_ACLS", "false")
    uploads = upload_storages()
    assert uploads["default"]["OPTIONS"]["default_acl"] is None
    assert uploads["private"]["OPTIONS"]["default_acl"] is None


# --- public media ------------------------------------------------------------------------


def test_editor_image_lands_in_the_bucket_public_with_a_url_and_renditions(
    s3, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task, eagerly
        image = body_image_upload(upload=_png(1600, 900), user=editor)
    name = image.file.name
    assert isinstance(image.file.storage, S3Storage)
    assert _stored(s3, name)[:4] == b"\x89PNG"
    assert _public_grants(s3, name)
    url = image.file.url
    assert url == f"https://{BUCKET}.s3.{REGION}.amazonaws.com/{name}"
    # The renditions task read the original and wrote its widths through the storage.
    for width in RENDITION_WIDTHS:
        assert default_storage.exists(rendition_name(name, width))
    # An article body keeps the image at its bucket address, and only there.
    body = html_sanitize(f'<p><img src="{url}"><img src="https://elsewhere.example/x.png"></p>')
    assert body == f'<p><img src="{url}"></p>'


# --- private files -----------------------------------------------------------------------


def test_complaint_evidence_is_private_and_streamed_only_to_the_officer(
    s3, client, lawyer, complaints_officer, editor
):
    complaint = complaint_submit(
        **submit_kwargs(respondent_lawyer=lawyer), evidence=[png_upload()]
    ).complaint
    attachment = complaint.attachments.get()
    key = f"private/{attachment.file.name}"
    stored = _stored(s3, key)
    assert stored[:4] == b"\x89PNG"
    assert not _public_grants(s3, key)
    assert not default_storage.exists(attachment.file.name)  # nothing in the public part
    url = reverse("admin:complaints_complaint_file", args=[complaint.pk, attachment.pk])
    client.force_login(complaints_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_contribution_attachment_is_private_and_streamed_only_to_its_author(
    s3, client, lawyer, outsider
):
    contribution = contribution_submit(
        author=lawyer.user,
        title="执业心得",
        body="<p>心得正文</p>",
        attachment=SimpleUploadedFile("心得.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    key = f"private/{contribution.attachment.name}"
    assert _stored(s3, key) == MINIMAL_PDF
    assert not _public_grants(s3, key)
    url = reverse("news:contribution_attachment", kwargs={"pk": contribution.pk})
    client.force_login(lawyer.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404


def test_a_private_url_is_signed_and_short_lived(s3):
    name = private_storage().save("complaints/signed.txt", ContentFile(b"secret"))
    url = private_storage().url(name)
    assert f"/private/{name}?" in url
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url


@pytest.mark.django_db(transaction=True)
def test_an_upload_whose_transaction_rolls_back_is_removed_from_the_bucket(s3):
    saved = []

    def view(request):
        with transaction.atomic():
            saved.append(private_storage().save("complaints/orphan.txt", ContentFile(b"x")))
            raise DomainError("refused after the file was saved")

    with pytest.raises(DomainError):
        UploadsMiddleware(view)(RequestFactory().post("/"))
    assert saved
    assert not private_storage().exists(saved[0])


# --- files written by Celery tasks -------------------------------------------------------


def test_report_written_by_the_task_is_private_and_downloadable(s3, client, reports, lawyer):
    run, _ = report_run_request(
        actor=None, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    report_run_execute_task(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    key = f"private/{run.pdf_file.name}"
    stored = _stored(s3, key)
    assert stored[:4] == b"%PDF"
    assert not _public_grants(s3, key)
    client.force_login(reports)
    response = client.get(f"/stats/reports/{run.pk}/download/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    client.force_login(lawyer.user)
    assert client.get(f"/stats/reports/{run.pk}/download/pdf/").status_code == 403


def test_stats_report_command_names_its_files_in_the_bucket(s3, db):
    out = io.StringIO()
    call_command("stats_report", ReportKind.DUES, "--year", "2026", stdout=out)
    names = [line.split(": ", 1)[1] for line in out.getvalue().splitlines()]
    assert [name.rsplit(".", 1)[1] for name in names] == ["xlsx", "pdf"]
    for name in names:
        assert private_storage().exists(name)


def test_guide_built_by_the_task_is_private_and_downloadable(s3, client, member_services, editor):
    OverseasOfficeFactory(name="申衡新加坡办公室")
    run = guide_request(actor=member_services)
    assert overseas_guide_build(run.pk)
    run.refresh_from_db()
    key = f"private/{run.pdf.name}"
    stored = _stored(s3, key)
    assert stored[:4] == b"%PDF"
    assert not _public_grants(s3, key)
    url = reverse("admin:legalservices_overseas_guide_download", args=[run.pk, "pdf"])
    client.force_login(member_services)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    client.force_login(editor)
    assert client.get(url).status_code == 403
